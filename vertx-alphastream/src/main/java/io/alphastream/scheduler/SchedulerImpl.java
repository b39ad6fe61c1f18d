package io.alphastream.scheduler;

import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.cache.FrameCache;
import io.alphastream.cache.FrameKey;
import io.alphastream.format.Polygons;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** See {@link Scheduler}. Every field below except the volatile snapshot is touched only on {@code context}. */
final class SchedulerImpl implements Scheduler {

  private static final long MIN_TICK_MS = 5;
  private static final long MAX_TICK_MS = 100;

  private final Context context;
  private final String source;
  private final FrameCache<FrameKey, Polygons> cache;
  private final int frameCount;
  private final int prefetchFrames;
  private final int maxInflight;
  private final int maxQueued;
  private final PlayClock clock;

  private final ArrayDeque<Integer> foreground = new ArrayDeque<>();
  private final ArrayDeque<Integer> prefetch = new ArrayDeque<>();
  private final Map<Integer, Promise<Polygons>> queued = new HashMap<>();
  private final Set<Integer> inflightFrames = new HashSet<>();
  private long timerId = -1;
  private boolean closed;
  private boolean pumping;
  private final Set<Integer> failedThisPass = new HashSet<>();

  private volatile SchedulerStats snapshot;
  private int maxInflightSeen;
  private long foregroundLoads;
  private long prefetchLoads;
  private long cancelled;
  private long rejected;
  private volatile boolean closing;

  SchedulerImpl(Context context, String source, FrameCache<FrameKey, Polygons> cache, int frameCount,
      SchedulerOptions options, LongSupplier nanoTime) {
    if (frameCount < 1) {
      throw new IllegalArgumentException("frameCount must be >= 1: " + frameCount);
    }
    this.context = context;
    this.source = source;
    this.cache = cache;
    this.frameCount = frameCount;
    this.prefetchFrames = options.getPrefetchFrames();
    this.maxInflight = options.getMaxInflightLoads();
    this.maxQueued = options.getMaxQueuedRequests();
    this.clock = new PlayClock(nanoTime, frameCount, options.getRate());
    this.snapshot = snapshotNow();
    onContext(() -> {
      armTimer();
      pump();
    });
  }

  // ---- public API: hop to the owning context --------------------------------------------------------

  @Override
  public Future<Polygons> request(int frame, Priority priority) {
    if (frame < 0 || frame >= frameCount) {
      return Future.failedFuture(InvalidArgumentException.frame(frame, frameCount));
    }
    if (closing) {
      return Future.failedFuture(new StreamClosedException(source));
    }
    Promise<Polygons> result = Promise.promise();
    onContext(() -> doRequest(frame, priority).onComplete(result));
    return result.future();
  }

  @Override
  public void seek(int frame) {
    if (frame < 0 || frame >= frameCount) {
      throw InvalidArgumentException.frame(frame, frameCount);
    }
    onContext(() -> doSeek(frame));
  }

  @Override
  public void setRate(double fps) {
    SchedulerOptions.checkRate(fps);
    onContext(() -> {
      clock.setRate(fps);
      armTimer();
      pump();
    });
  }

  @Override
  public int position() {
    return clock.position();
  }

  @Override
  public PrefetchWindow window() {
    return new PrefetchWindow(clock.position(), prefetchFrames, frameCount);
  }

  @Override
  public SchedulerStats stats() {
    SchedulerStats s = snapshot; // counters as of the last change on the context, position as of now
    return new SchedulerStats(clock.position(), clock.rate(), s.inflight(), s.maxInflightSeen(),
        s.queuedForeground(), s.queuedPrefetch(), s.foregroundLoads(), s.prefetchLoads(), s.cancelled(),
        s.rejected());
  }

  @Override
  public Future<Void> close() {
    closing = true;
    Promise<Void> done = Promise.promise();
    onContext(() -> {
      doClose();
      done.complete();
    });
    return done.future();
  }

  // ---- context-confined logic ------------------------------------------------------------------------

  private void onContext(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  private Future<Polygons> doRequest(int frame, Priority priority) {
    if (closed) {
      return Future.failedFuture(new StreamClosedException(source));
    }
    FrameKey key = new FrameKey(frame);
    if (cache.containsOrLoading(key)) {
      return cache.get(key); // hit, or joins the load in progress: no slot needed
    }
    Promise<Polygons> waiting = queued.get(frame);
    if (waiting != null) {
      if (priority == Priority.FOREGROUND && prefetch.remove(frame)) {
        foreground.addLast(frame); // promoted: a caller now waits for it
      }
      pump();
      return waiting.future();
    }
    ArrayDeque<Integer> queue = priority == Priority.FOREGROUND ? foreground : prefetch;
    if (queue.size() >= maxQueued) {
      rejected++;
      publish();
      return Future.failedFuture(new FrameNotReadyException(
          source + ", frame " + frame + ": " + priority.name().toLowerCase() + " queue full (" + maxQueued + ")"));
    }
    Promise<Polygons> promise = Promise.promise();
    queued.put(frame, promise);
    queue.addLast(frame);
    pump();
    return promise.future();
  }

  private void doSeek(int frame) {
    clock.seek(frame);
    if (!closed) {
      PrefetchWindow w = new PrefetchWindow(frame, prefetchFrames, frameCount);
      Map<Integer, Promise<Polygons>> stale = new HashMap<>();
      for (Iterator<Integer> it = prefetch.iterator(); it.hasNext(); ) {
        int f = it.next();
        if (!w.contains(f)) {
          it.remove();
          cancelled++;
          stale.put(f, queued.remove(f));
        }
      }
      pump();
      // Fail them only now: their handlers may call back into the scheduler.
      stale.forEach((f, p) -> p.fail(new FrameNotReadyException(
          source + ", frame " + f + ": prefetch cancelled by seek to frame " + frame)));
    }
    publish();
  }

  /**
   * Starts loads while slots are free: foreground first, then explicit prefetch, then the window.
   * Not re-entrant: a load that completes at once (a cache hit, or a failure decided before any I/O: a
   * closing reader, a block too long to read) runs its callback inside this loop, which simply goes on;
   * a window frame that failed that way is not tried again in the same pass (the next tick or request
   * retries it), so a frame that fails at once cannot keep this loop or the stack busy.
   */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      fill();
    } finally {
      pumping = false;
      failedThisPass.clear();
    }
    publish();
  }

  private void fill() {
    while (!closed && inflightFrames.size() < maxInflight) {
      Integer next = foreground.pollFirst();
      if (next != null) {
        foregroundLoads++;
        dispatch(next, queued.remove(next));
        continue;
      }
      if (inflightFrames.size() >= maxInflight - 1) {
        break; // the last slot is kept for foreground requests
      }
      next = prefetch.pollFirst();
      if (next != null) {
        prefetchLoads++;
        dispatch(next, queued.remove(next));
        continue;
      }
      int f = nextInWindow();
      if (f < 0) {
        break;
      }
      prefetchLoads++;
      dispatch(f, null);
    }
  }

  private int nextInWindow() {
    PrefetchWindow w = new PrefetchWindow(clock.position(), prefetchFrames, frameCount);
    for (int f = w.start(); f < w.end(); f++) {
      if (!inflightFrames.contains(f) && !queued.containsKey(f) && !failedThisPass.contains(f)
          && !cache.containsOrLoading(new FrameKey(f))) {
        return f;
      }
    }
    return -1;
  }

  private void dispatch(int frame, Promise<Polygons> waiter) {
    inflightFrames.add(frame);
    maxInflightSeen = Math.max(maxInflightSeen, inflightFrames.size());
    // On this context, so the completion comes back here.
    cache.get(new FrameKey(frame)).onComplete(ar -> {
      inflightFrames.remove(frame);
      if (waiter != null) {
        waiter.handle(ar);
      }
      if (ar.failed() && pumping) {
        failedThisPass.add(frame); // failed at once, inside pump(): not again in this pass
      }
      pump();
    });
  }

  private void armTimer() {
    if (timerId >= 0) {
      context.owner().cancelTimer(timerId);
      timerId = -1;
    }
    double rate = clock.rate();
    if (!closed && rate > 0 && prefetchFrames > 0) {
      long period = Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, (long) (1000 / rate)));
      timerId = context.owner().setPeriodic(period, id -> pump());
    }
  }

  private void doClose() {
    if (closed) {
      return;
    }
    closed = true;
    armTimer(); // cancels
    StreamClosedException err = new StreamClosedException(source);
    List<Promise<Polygons>> pending = new ArrayList<>(queued.values());
    queued.clear();
    foreground.clear();
    prefetch.clear();
    publish();
    pending.forEach(p -> p.tryFail(err));
  }

  private void publish() {
    snapshot = snapshotNow();
  }

  private SchedulerStats snapshotNow() {
    return new SchedulerStats(clock.position(), clock.rate(), inflightFrames.size(), maxInflightSeen,
        foreground.size(), prefetch.size(), foregroundLoads, prefetchLoads, cancelled, rejected);
  }
}
