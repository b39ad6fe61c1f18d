package io.alphastream.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.ErrorCode;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.cache.CacheLoader;
import io.alphastream.cache.CacheOptions;
import io.alphastream.cache.FrameCache;
import io.alphastream.cache.FrameKey;
import io.alphastream.format.Polygons;
import io.alphastream.testing.AssertJWarmup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduler over a loader the test controls: loads start when the scheduler dispatches them and end
 * when the test says so ("gated"), or at once. A fake clock drives the play position.
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class SchedulerTest {
  static final int FRAMES = 240;

  /** Records every load in dispatch order; gated loads wait for {@link #release}. */
  static class GatedLoader implements CacheLoader<FrameKey, Polygons> {
    boolean gated;
    boolean failing; // every load fails at once
    final Context context;
    final List<Integer> started = new ArrayList<>();
    final List<Integer> stackDepths = new ArrayList<>(); // of the thread at each load
    final Map<Integer, Promise<Polygons>> open = new LinkedHashMap<>();
    Promise<Void> target;
    int targetCount;

    GatedLoader(boolean gated, Context context) {
      this.gated = gated;
      this.context = context;
    }

    @Override
    public synchronized Future<Polygons> load(FrameKey key) {
      started.add(key.frame());
      stackDepths.add((int) (long) StackWalker.getInstance().walk(frames -> frames.count()));
      if (target != null && started.size() >= targetCount) {
        Promise<Void> t = target;
        // after the scheduler's current task: the test continues once the scheduler is quiescent
        context.runOnContext(v -> t.tryComplete());
      }
      if (failing) {
        return Future.failedFuture(new IllegalStateException("broken source: frame " + key.frame()));
      }
      if (!gated) {
        return Future.succeededFuture(polygons(key.frame()));
      }
      Promise<Polygons> p = Promise.promise();
      open.put(key.frame(), p);
      return p.future();
    }

    /** Completes when {@code n} loads have started in total. */
    synchronized Future<Void> startedAtLeast(int n) {
      target = Promise.promise();
      targetCount = n;
      if (started.size() >= n) {
        Promise<Void> t = target;
        context.runOnContext(v -> t.tryComplete());
      }
      return target.future();
    }

    /** Completes every open load and lets later loads complete at once. */
    synchronized void openGate() {
      gated = false;
      List<Integer> frames = new ArrayList<>(open.keySet());
      frames.forEach(this::release);
    }

    synchronized void release(int frame) {
      open.remove(frame).complete(polygons(frame));
    }

    synchronized List<Integer> started() {
      return new ArrayList<>(started);
    }
  }

  static Polygons polygons(int frame) {
    return new Polygons.Builder().beginChannel().add(frame, 0).add(frame + 1, 0).add(frame, 1).build();
  }

  final AtomicLong nanos = new AtomicLong();
  Context context;

  @BeforeEach
  void setUp(Vertx vertx) {
    context = vertx.getOrCreateContext();
  }

  Scheduler scheduler(GatedLoader loader, SchedulerOptions options) {
    FrameCache<FrameKey, Polygons> cache = FrameCache.frames(new CacheOptions(), loader, Runnable::run);
    return Scheduler.create(context, "test.asvp", cache, FRAMES, options, nanos::get);
  }

  @Test
  void prefetchFillsTheWindowAndFollowsTheClock(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(false, context);
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(8).setRate(60));
    loader.startedAtLeast(8)
        .compose(v -> {
          ctx.verify(() -> assertThat(loader.started()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7));
          nanos.addAndGet(500_000_000L); // half a second at 60 fps: position 30
          return loader.startedAtLeast(16);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(s.position()).isEqualTo(30);
          // frames the clock skipped are not fetched; the new window is, nearest first
          assertThat(loader.started().subList(8, 16)).containsExactlyElementsOf(range(30, 38));
          assertThat(s.window()).isEqualTo(new PrefetchWindow(30, 8, FRAMES));
          ctx.completeNow();
        })));
  }

  /**
   * A load that fails at once (a closing reader, a block too long to read) must not be re-dispatched in the
   * same pass: before, the pump re-dispatched it from inside its own callback, recursing until the event
   * loop was blocked and the stack overflowed.
   */
  @Test
  void aFrameThatFailsAtOnceIsNotRetriedInTheSamePass(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(false, context) {
      @Override
      public synchronized Future<Polygons> load(FrameKey key) {
        Future<Polygons> f = super.load(key);
        return key.frame() == 2 ? Future.failedFuture(new FrameNotReadyException("test.asvp: not ready")) : f;
      }
    };
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(8).setRate(0));
    loader.startedAtLeast(8)
        .compose(v -> context.<Void>executeBlocking(() -> null, false)) // let the scheduler's task finish
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          List<Integer> started = loader.started();
          assertThat(java.util.Collections.frequency(started, 2)).as("frame 2 loads in %s", started).isEqualTo(1);
          assertThat(started).containsAll(range(0, 8));
          assertThat(s.position()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void loadsThatCompleteAtOnceFillTheWindowWithoutRecursing(VertxTestContext ctx) {
    // Every load completes at once, so each dispatch calls straight back into the scheduler. Filling
    // a window of 64 must not nest 64 calls deep: the stack at the last load is no deeper than at
    // the first (recursion added about ten frames per load).
    GatedLoader loader = new GatedLoader(false, context);
    List<Integer> depths = loader.stackDepths;
    scheduler(loader, new SchedulerOptions().setPrefetchFrames(64).setRate(0).setMaxInflightLoads(4));
    loader.startedAtLeast(64).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(loader.started()).startsWith(0, 1, 2, 3).hasSizeGreaterThanOrEqualTo(64);
      int first = depths.get(0);
      assertThat(depths).as("stack depth at each load").allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(first + 20));
      ctx.completeNow();
    })));
  }

  @Test
  void aLoadThatFailsAtOnceIsNotRetriedInTheSameRound(VertxTestContext ctx) {
    // A broken or closed source fails every load at once; the window is tried once, not in a loop.
    GatedLoader loader = new GatedLoader(false, context);
    loader.failing = true;
    scheduler(loader, new SchedulerOptions().setPrefetchFrames(8).setRate(0));
    loader.startedAtLeast(8).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(loader.started()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      ctx.completeNow();
    })));
  }

  @Test
  void foregroundRequestsJumpAheadOfPrefetch(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(true, context);
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(10).setRate(0).setMaxInflightLoads(2));
    // One slot for prefetch (frame 0), one reserved: the foreground request for 100 takes it at once.
    loader.startedAtLeast(1)
        .compose(v -> {
          Future<Polygons> fg100 = s.request(100, Priority.FOREGROUND);
          Future<Polygons> fg150 = s.request(150, Priority.FOREGROUND); // no slot: waits, ahead of prefetch 1
          Future<Polygons> pf50 = s.request(50, Priority.PREFETCH);
          return loader.startedAtLeast(2).map(x -> List.of(fg100, fg150, pf50));
        })
        .compose(futures -> {
          ctx.verify(() -> {
            assertThat(loader.started()).containsExactly(0, 100);
            assertThat(s.stats().queuedForeground()).isEqualTo(1);
            assertThat(s.stats().inflight()).isEqualTo(2);
          });
          loader.release(0);
          return loader.startedAtLeast(3).compose(v -> {
            ctx.verify(() -> assertThat(loader.started()).containsExactly(0, 100, 150));
            loader.release(100);
            loader.release(150);
            return Future.all(futures.get(0), futures.get(1));
          });
        })
        .compose(all -> loader.startedAtLeast(4))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(loader.started()).as("explicit prefetch next, then the window").startsWith(0, 100, 150, 50);
          assertThat(s.stats().maxInflightSeen()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  @Test
  void prefetchPausesWhenDownstreamIsSaturated(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(true, context);
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(30).setRate(0).setMaxInflightLoads(4)
        .setMaxQueuedRequests(3));
    loader.startedAtLeast(3)
        .compose(v -> {
          // 4 slots, one reserved for foreground: prefetch stops at 3 in flight however big the window
          List<Future<Polygons>> queued = new ArrayList<>();
          for (int f = 200; f < 204; f++) {
            queued.add(s.request(f, Priority.PREFETCH));
          }
          return Future.succeededFuture(queued);
        })
        .onComplete(ctx.succeeding(queued -> context.runOnContext(x -> ctx.verify(() -> {
          assertThat(loader.started()).containsExactly(0, 1, 2);
          SchedulerStats st = s.stats();
          assertThat(st.inflight()).isEqualTo(3);
          assertThat(st.queuedPrefetch()).isEqualTo(3);
          assertThat(st.rejected()).isEqualTo(1);
          assertThat(queued.get(3).failed()).isTrue();
          assertThat(queued.get(3).cause()).isInstanceOf(FrameNotReadyException.class)
              .hasMessageContaining("queue full");
          ctx.completeNow();
        }))));
  }

  @Test
  void seekCancelsStalePrefetches(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(true, context);
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(8).setRate(0).setMaxInflightLoads(3));
    loader.startedAtLeast(2)
        .compose(v -> {
          Future<Polygons> stale = s.request(5, Priority.PREFETCH);
          Future<Polygons> kept = s.request(203, Priority.PREFETCH);
          s.seek(200);
          Future<Polygons> now = s.request(200, Priority.FOREGROUND);
          return Future.succeededFuture(List.of(stale, kept, now));
        })
        // the foreground request takes the reserved slot while the old loads still hold the others
        .compose(fs -> loader.startedAtLeast(3).map(v -> fs))
        .compose(fs -> {
          // the stale prefetch fails once the seek is processed, before anything is released
          return fs.get(0).transform(ar -> {
            ctx.verify(() -> {
              assertThat(ar.cause()).isInstanceOf(FrameNotReadyException.class)
                  .hasMessageContaining("cancelled by seek to frame 200");
              assertThat(loader.started()).containsExactly(0, 1, 200);
            });
            loader.openGate();
            return loader.startedAtLeast(2 + 8);
          });
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          List<Integer> started = loader.started();
          assertThat(started.subList(0, 4)).containsExactly(0, 1, 200, 203);
          assertThat(started).as("nothing of the old window after the seek").doesNotContain(2, 3, 4, 5, 6, 7);
          assertThat(started.subList(2, started.size())).containsExactlyInAnyOrderElementsOf(range(200, 208));
          assertThat(s.stats().cancelled()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void cachedFramesNeedNoSlot(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(false, context);
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(4).setRate(0));
    loader.startedAtLeast(4)
        .compose(v -> s.request(2, Priority.FOREGROUND))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p).isEqualTo(polygons(2));
          assertThat(loader.started()).containsExactly(0, 1, 2, 3);
          assertThat(s.stats().foregroundLoads()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void outOfRangeIsAnErrorAndCloseFailsQueuedWork(VertxTestContext ctx) {
    GatedLoader loader = new GatedLoader(true, context);
    Scheduler s = scheduler(loader, new SchedulerOptions().setPrefetchFrames(0).setRate(0).setMaxInflightLoads(2));
    Future<Polygons> bad = s.request(FRAMES, Priority.FOREGROUND);
    ctx.verify(() -> assertThat(bad.cause()).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("frame 240 is out of range [0, 240)"));
    s.request(1, Priority.FOREGROUND);
    s.request(2, Priority.FOREGROUND);
    Future<Polygons> waiting = s.request(3, Priority.FOREGROUND);
    loader.startedAtLeast(2)
        .compose(v -> s.close())
        .compose(v -> s.close())
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(waiting.failed()).isTrue();
          assertThat(((StreamClosedException) waiting.cause()).code()).isEqualTo(ErrorCode.CLOSED);
          assertThat(s.request(5, Priority.FOREGROUND).cause()).isInstanceOf(StreamClosedException.class);
          assertThat(loader.started()).containsExactly(1, 2);
          ctx.completeNow();
        })));
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }
}
