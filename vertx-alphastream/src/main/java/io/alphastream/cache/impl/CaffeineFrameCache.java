package io.alphastream.cache.impl;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.alphastream.cache.CacheLoader;
import io.alphastream.cache.CacheStatistics;
import io.alphastream.cache.FrameCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * The one place a Caffeine builder is configured. Caffeine rejects {@code maximumSize} together with
 * {@code maximumWeight}, so both bounds are expressed as one weight: an entry weighs its retained bytes,
 * but at least {@code ceil(maxBytes / maxEntries)}. Total weight {@code <= maxBytes} then implies both
 * {@code bytes <= maxBytes} and {@code entries <= maxEntries}.
 *
 * <p><b>Failed loads are not logged here.</b> Caffeine logs a WARNING with a stack trace for every async
 * load that fails, except with a {@code CancellationException} or {@code TimeoutException}
 * ({@code LocalAsyncCache.handleCompletion}). Our failures are expected (closed, not ready, corrupt frame)
 * and reach the caller, who reports them, so the loader's failure travels inside a {@link QuietFailure}
 * (a {@code TimeoutException}) that {@link #get} unwraps: callers see the loader's exception unchanged,
 * and Caffeine still counts the failure and drops the entry.
 */
public final class CaffeineFrameCache<K, V> implements FrameCache<K, V> {

  private final AsyncLoadingCache<K, V> cache;
  private final ToLongFunction<? super V> retainedBytes;

  public CaffeineFrameCache(int maxEntries, long maxBytes, ToLongFunction<? super V> retainedBytes,
      CacheLoader<K, V> loader, Executor executor) {
    if (maxEntries < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("cache bounds must be >= 1: " + maxEntries + " entries, " + maxBytes + " bytes");
    }
    this.retainedBytes = retainedBytes;
    long floor = (maxBytes + maxEntries - 1) / maxEntries;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .<K, V>weigher((k, v) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, retainedBytes.applyAsLong(v))))
        .executor(executor)
        .recordStats()
        .buildAsync((key, exec) -> quiet(loader.load(key)));
  }

  private static <V> CompletableFuture<V> quiet(Future<V> load) {
    CompletableFuture<V> cf = new CompletableFuture<>();
    load.onComplete(cf::complete, err -> cf.completeExceptionally(new QuietFailure(err)));
    return cf;
  }

  @Override
  public Future<V> get(K key) {
    CompletableFuture<V> cf = cache.get(key);
    // Caffeine completes futures on the loader's thread; bring them back to the caller's context.
    Promise<V> p = Promise.promise();
    Context ctx = Vertx.currentContext();
    cf.whenComplete((value, err) -> {
      if (ctx == null || Vertx.currentContext() == ctx) {
        complete(p, value, err);
      } else {
        ctx.runOnContext(v -> complete(p, value, err));
      }
    });
    return p.future();
  }

  private static <V> void complete(Promise<V> p, V value, Throwable err) {
    if (err == null) {
      p.complete(value);
    } else {
      p.fail(QuietFailure.unwrap(err));
    }
  }

  @Override
  public Optional<V> getIfPresent(K key) {
    return completedValue(cache.getIfPresent(key));
  }

  @Override
  public Optional<V> peek(K key) {
    return completedValue(cache.asMap().get(key));
  }

  @Override
  public boolean containsOrLoading(K key) {
    CompletableFuture<V> cf = cache.asMap().get(key);
    return cf != null && !cf.isCompletedExceptionally();
  }

  private static <V> Optional<V> completedValue(CompletableFuture<V> cf) {
    if (cf == null || !cf.isDone() || cf.isCompletedExceptionally()) {
      return Optional.empty();
    }
    return Optional.ofNullable(cf.getNow(null));
  }

  @Override
  public CacheStatistics stats() {
    CacheStats s = cache.synchronous().stats();
    long bytes = 0;
    for (V v : cache.synchronous().asMap().values()) {
      bytes += retainedBytes.applyAsLong(v);
    }
    return new CacheStatistics(s.hitCount(), s.missCount(), s.loadSuccessCount(), s.loadFailureCount(),
        s.evictionCount(), cache.synchronous().estimatedSize(), bytes);
  }

  @Override
  public void cleanUp() {
    cache.synchronous().cleanUp();
  }

  @Override
  public void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  /**
   * Carries a loader's failure past Caffeine's logging (see the class comment). Never seen by callers;
   * no stack trace of its own.
   */
  static final class QuietFailure extends TimeoutException {
    QuietFailure(Throwable cause) {
      super("cache load failed");
      initCause(cause);
    }

    static Throwable unwrap(Throwable err) {
      Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      return t instanceof QuietFailure q ? q.getCause() : t;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
