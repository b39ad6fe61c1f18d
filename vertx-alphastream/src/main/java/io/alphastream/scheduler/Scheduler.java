package io.alphastream.scheduler;

import io.alphastream.cache.FrameCache;
import io.alphastream.cache.FrameKey;
import io.alphastream.format.Polygons;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.function.LongSupplier;

/**
 * Decides which frames are loaded when. It is the only component that starts loads in the frame cache:
 * <ul>
 *   <li>foreground requests are dispatched before any prefetch and may use one slot reserved for them;</li>
 *   <li>the prefetch window {@code [position, position + prefetchFrames)} is filled nearest-first while
 *       in-flight loads are below the bound; when downstream is saturated prefetch simply pauses, nothing
 *       queues without bound;</li>
 *   <li>the play position comes from a clock running at {@link #setRate(double) the rate}, re-anchored by
 *       {@link #seek(int)}; a seek drops queued prefetches that fall outside the new window.</li>
 * </ul>
 * All state is confined to the given context (an event loop); every method may be called from any thread
 * and never blocks. Requested frames already cached complete at once without taking a slot.
 */
public interface Scheduler {

  /**
   * @param context the event-loop context that owns the scheduler's state and timers
   * @param source the stream locator, for error messages
   * @param nanoTime monotonic clock ({@code System::nanoTime}; a fake one in tests)
   */
  static Scheduler create(Context context, String source, FrameCache<FrameKey, Polygons> cache, int frameCount,
      SchedulerOptions options, LongSupplier nanoTime) {
    return new SchedulerImpl(context, source, cache, frameCount, options, nanoTime);
  }

  /**
   * The decoded frame {@code frame}. Fails with {@code InvalidArgumentException} when out of range,
   * {@code FrameNotReadyException} when its queue is full or (prefetch) a seek cancelled it, and
   * {@code StreamClosedException} after {@link #close()}. Does not move the play position.
   */
  Future<Polygons> request(int frame, Priority priority);

  /** Makes {@code frame} the play position now and drops queued prefetches outside the new window. */
  void seek(int frame);

  /** Sets the playback rate in frames per second ({@code 0} pauses the clock); the position is kept. */
  void setRate(double fps);

  /** The play position now. */
  int position();

  /** The current prefetch window. */
  PrefetchWindow window();

  SchedulerStats stats();

  /** Stops the clock and fails queued requests with {@code StreamClosedException}. Idempotent. */
  Future<Void> close();
}
