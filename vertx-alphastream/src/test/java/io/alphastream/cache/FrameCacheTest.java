package io.alphastream.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.StreamClosedException;
import io.alphastream.format.Polygons;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The frame cache as a specification: single flight, statistics, bounds. Runs Caffeine's maintenance on the
 * calling thread ({@code Runnable::run}) so evictions are deterministic after {@code cleanUp()}; never asserts
 * which entry was evicted (the policy is W-TinyLFU, not strict LRU).
 */
class FrameCacheTest {

  /** A loader whose loads the test completes by hand; counts calls per key. */
  static final class ManualLoader implements CacheLoader<FrameKey, Polygons> {
    final Map<Integer, Promise<Polygons>> pending = new HashMap<>();
    final List<Integer> calls = new ArrayList<>();

    @Override
    public Future<Polygons> load(FrameKey key) {
      calls.add(key.frame());
      Promise<Polygons> p = Promise.promise();
      pending.put(key.frame(), p);
      return p.future();
    }

    void complete(int frame) {
      pending.remove(frame).complete(square(frame, 4));
    }
  }

  /** A polygon of {@code points} points; the content encodes the frame so values can be told apart. */
  static Polygons square(int frame, int points) {
    Polygons.Builder b = new Polygons.Builder().beginChannel();
    for (int i = 0; i < points; i++) {
      b.add(frame, i);
    }
    return b.build();
  }

  static FrameCache<FrameKey, Polygons> cache(CacheOptions options, CacheLoader<FrameKey, Polygons> loader) {
    return FrameCache.frames(options, loader, Runnable::run);
  }

  @Test
  void aSecondGetIsAHitAndDoesNotLoadAgain() {
    ManualLoader loader = new ManualLoader();
    FrameCache<FrameKey, Polygons> cache = cache(new CacheOptions(), loader);
    Future<Polygons> first = cache.get(new FrameKey(3));
    loader.complete(3);
    Future<Polygons> second = cache.get(new FrameKey(3));

    assertThat(second.result()).isSameAs(first.result()).isEqualTo(square(3, 4));
    assertThat(loader.calls).containsExactly(3);
    CacheStatistics s = cache.stats();
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.loadSuccesses()).isEqualTo(1);
    assertThat(s.entries()).isEqualTo(1);
    assertThat(s.retainedBytes()).isEqualTo(square(3, 4).retainedBytes());
  }

  @Test
  void concurrentGetsOfOneFrameShareOneLoad() {
    ManualLoader loader = new ManualLoader();
    FrameCache<FrameKey, Polygons> cache = cache(new CacheOptions(), loader);
    List<Future<Polygons>> gets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      gets.add(cache.get(new FrameKey(7)));
    }
    assertThat(loader.calls).containsExactly(7);
    assertThat(gets).noneMatch(Future::isComplete);

    loader.complete(7);
    assertThat(gets).allSatisfy(f -> assertThat(f.result()).isEqualTo(square(7, 4)));
    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(9);
  }

  @Test
  void aFailedLoadIsNotCachedAndTheNextGetRetries() {
    ManualLoader loader = new ManualLoader();
    FrameCache<FrameKey, Polygons> cache = cache(new CacheOptions(), loader);
    Future<Polygons> failed = cache.get(new FrameKey(1));
    loader.pending.remove(1).fail(new IllegalStateException("boom"));
    assertThat(failed.failed()).isTrue();
    assertThat(cache.containsOrLoading(new FrameKey(1))).isFalse();

    Future<Polygons> retried = cache.get(new FrameKey(1));
    loader.complete(1);
    assertThat(retried.succeeded()).isTrue();
    assertThat(loader.calls).containsExactly(1, 1);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(cache.stats().loadSuccesses()).isEqualTo(1);
  }

  @Test
  void aFailedLoadReachesTheCallerUnchangedAndIsNotLogged() {
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine.cache");
    caffeine.addHandler(capture);
    try {
      ManualLoader loader = new ManualLoader();
      FrameCache<FrameKey, Polygons> cache = cache(new CacheOptions(), loader);
      Future<Polygons> first = cache.get(new FrameKey(4));
      Future<Polygons> joined = cache.get(new FrameKey(4));
      StreamClosedException closed = new StreamClosedException("memory:small.asvp");
      loader.pending.remove(4).fail(closed);
      // an expected failure (closed, not ready, corrupt frame) is the caller's to report, not Caffeine's
      assertThat(first.cause()).isSameAs(closed);
      assertThat(joined.cause()).isSameAs(closed);
      assertThat(cache.stats().loadFailures()).isEqualTo(1);
      assertThat(logged).as("records logged by Caffeine").isEmpty();
    } finally {
      caffeine.removeHandler(capture);
    }
  }

  @Test
  void peekAndGetIfPresentNeverLoad() {
    ManualLoader loader = new ManualLoader();
    FrameCache<FrameKey, Polygons> cache = cache(new CacheOptions(), loader);
    assertThat(cache.peek(new FrameKey(2))).isEmpty();
    assertThat(cache.getIfPresent(new FrameKey(2))).isEmpty();
    assertThat(loader.calls).isEmpty();
    cache.get(new FrameKey(2));
    assertThat(cache.peek(new FrameKey(2))).as("still loading").isEmpty();
    assertThat(cache.containsOrLoading(new FrameKey(2))).isTrue();
    loader.complete(2);
    assertThat(cache.peek(new FrameKey(2))).contains(square(2, 4));
    CacheStatistics s = cache.stats();
    assertThat(s.misses()).as("getIfPresent counts, peek does not").isEqualTo(2);
  }

  @Test
  void holdsAtMostMaxFramesAndCountsEvictions() {
    CacheOptions options = new CacheOptions().setMaxFrames(8);
    FrameCache<FrameKey, Polygons> cache = cache(options, key -> Future.succeededFuture(square(key.frame(), 4)));
    for (int f = 0; f < 40; f++) {
      cache.get(new FrameKey(f));
    }
    cache.cleanUp();
    CacheStatistics s = cache.stats();
    assertThat(s.entries()).isLessThanOrEqualTo(8).isGreaterThan(0);
    assertThat(s.evictions()).isEqualTo(40 - s.entries());
    assertThat(s.loadSuccesses()).isEqualTo(40);
  }

  @Test
  void holdsAtMostMaxBytesWhenFramesAreLarge() {
    Polygons big = square(0, 1000); // 64 + 4 * (2 + 2000) bytes
    long maxBytes = 5 * big.retainedBytes() + 10;
    CacheOptions options = new CacheOptions().setMaxFrames(512).setMaxBytes(maxBytes);
    FrameCache<FrameKey, Polygons> cache = cache(options, key -> Future.succeededFuture(square(key.frame(), 1000)));
    for (int f = 0; f < 30; f++) {
      cache.get(new FrameKey(f));
    }
    cache.cleanUp();
    CacheStatistics s = cache.stats();
    assertThat(s.retainedBytes()).isLessThanOrEqualTo(maxBytes);
    assertThat(s.entries()).isEqualTo(5);
    assertThat(s.evictions()).isEqualTo(25);
  }

  @Test
  void intervalStatisticsSubtractCounters() {
    FrameCache<FrameKey, Polygons> cache = cache(new CacheOptions(), key -> Future.succeededFuture(square(key.frame(), 3)));
    cache.get(new FrameKey(0));
    CacheStatistics before = cache.stats();
    cache.get(new FrameKey(0));
    cache.get(new FrameKey(1));
    CacheStatistics interval = cache.stats().minus(before);
    assertThat(interval.hits()).isEqualTo(1);
    assertThat(interval.misses()).isEqualTo(1);
    assertThat(interval.requests()).isEqualTo(2);
    assertThat(interval.entries()).isEqualTo(2);
  }
}
