package io.alphastream.scheduler;

/**
 * The frames a scheduler prefetches: {@code [start, end)} with {@code end = min(start + size, frameCount)}.
 * Sliding the window never clears the cache; frames behind it simply stop being prefetched.
 */
public record PrefetchWindow(int start, int size, int frameCount) {

  public PrefetchWindow {
    if (frameCount < 1 || start < 0 || start >= frameCount || size < 0) {
      throw new IllegalArgumentException("bad window: start " + start + ", size " + size + ", frames " + frameCount);
    }
  }

  /** Exclusive end, clamped to the frame count (no wrap-around at the end of the stream). */
  public int end() {
    return (int) Math.min((long) start + size, frameCount);
  }

  public boolean contains(int frame) {
    return frame >= start && frame < end();
  }
}
