package io.alphastream.format;

import io.alphastream.InvalidArgumentException;

/**
 * The stream timebase of FORMAT.md section 7: frame {@code n} is shown at {@code t_n = n / 60} s. Time to
 * frame uses exact integer arithmetic on microseconds (no floating point), so a time computed from a
 * frame maps back to the same frame.
 */
public final class Timebase {
  /** Frames per second of every AlphaStream file. */
  public static final int FPS = 60;

  private static final long MICROS_PER_SECOND = 1_000_000L;

  private Timebase() {}

  /**
   * The frame shown at {@code micros} microseconds: {@code floor(micros * 60 / 1e6)}. The result may be
   * {@code >= N} for a file of {@code N} frames; whether to clamp is the caller's choice.
   *
   * @throws InvalidArgumentException when {@code micros} is negative
   */
  public static long frameAtMicros(long micros) {
    if (micros < 0) {
      throw new InvalidArgumentException("time must be >= 0 microseconds: " + micros);
    }
    // micros = q * 1e6 + r, so floor(micros * 60 / 1e6) = 60 q + floor(60 r / 1e6), with no overflow.
    long q = micros / MICROS_PER_SECOND;
    long r = micros % MICROS_PER_SECOND;
    return q * FPS + (r * FPS) / MICROS_PER_SECOND;
  }

  /**
   * The first whole microsecond at which frame {@code n} is shown: {@code ceil(n * 1e6 / 60)}. It is
   * the smallest {@code t} with {@code frameAtMicros(t) == n}. For a file of {@code N} frames,
   * {@code microsOfFrame(N)} is its duration rounded up to a microsecond.
   *
   * @throws InvalidArgumentException when {@code n} is negative
   */
  public static long microsOfFrame(long n) {
    if (n < 0) {
      throw new InvalidArgumentException("frame must be >= 0: " + n);
    }
    // n * 1e6 / 60 = n * 50000 / 3; with n = 3q + r this is 50000 q + ceil(50000 r / 3).
    long q = n / 3;
    long r = n % 3;
    if (q > (Long.MAX_VALUE - 50_000L) / 50_000L) {
      throw new InvalidArgumentException("frame " + n + " is beyond the microsecond clock");
    }
    return q * 50_000L + (r * 50_000L + 2) / 3;
  }

  /** {@code n / 60} seconds, the presentation time of frame {@code n} (also the duration of {@code n} frames). */
  public static double secondsOfFrame(long n) {
    if (n < 0) {
      throw new InvalidArgumentException("frame must be >= 0: " + n);
    }
    return n / (double) FPS;
  }
}
