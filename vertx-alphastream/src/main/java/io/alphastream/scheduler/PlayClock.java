package io.alphastream.scheduler;

import java.util.function.LongSupplier;

/**
 * The play position as a function of a monotonic nanosecond clock: the position moves from an anchor
 * frame at {@code rate} frames per second and stops at the last frame. Integral rates use exact integer
 * arithmetic. Written only by the scheduler's context; read from any thread (the anchor is one immutable
 * value behind a volatile field).
 */
final class PlayClock {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private record Anchor(int frame, long nanos, double rate) {}

  private final LongSupplier nanoTime;
  private final int frameCount;
  private volatile Anchor anchor;

  PlayClock(LongSupplier nanoTime, int frameCount, double rate) {
    this.nanoTime = nanoTime;
    this.frameCount = frameCount;
    this.anchor = new Anchor(0, nanoTime.getAsLong(), rate);
  }

  /** The frame shown now. */
  int position() {
    return positionAt(anchor, nanoTime.getAsLong());
  }

  private int positionAt(Anchor a, long nowNanos) {
    long elapsed = Math.max(0, nowNanos - a.nanos);
    long advanced;
    if (a.rate == Math.rint(a.rate) && elapsed < Long.MAX_VALUE / Math.max(1L, (long) a.rate)) {
      advanced = elapsed * (long) a.rate / NANOS_PER_SECOND;
    } else {
      advanced = (long) Math.floor(elapsed / (double) NANOS_PER_SECOND * a.rate);
    }
    return (int) Math.min(frameCount - 1L, a.frame + advanced);
  }

  /** Makes {@code frame} the position now. */
  void seek(int frame) {
    anchor = new Anchor(frame, nanoTime.getAsLong(), anchor.rate);
  }

  /** Changes the rate without moving the position. */
  void setRate(double fps) {
    long now = nanoTime.getAsLong();
    Anchor a = anchor;
    anchor = new Anchor(positionAt(a, now), now, fps);
  }

  double rate() {
    return anchor.rate;
  }
}
