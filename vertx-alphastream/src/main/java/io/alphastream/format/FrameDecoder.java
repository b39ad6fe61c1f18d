package io.alphastream.format;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;

/**
 * Parses an inflated frame payload (FORMAT.md 5.2, 5.3) into {@link Polygons}, enforcing rules V15-V20.
 * Every count and size is checked in 64-bit arithmetic before it sizes an array. Stateless and
 * thread-safe.
 */
public final class FrameDecoder {
  /** Smallest accumulated coordinate allowed by V20. */
  public static final int MIN_COORDINATE = -32768;
  /** Largest accumulated coordinate allowed by V20. */
  public static final int MAX_COORDINATE = 65535;

  private FrameDecoder() {}

  /**
   * Parses a whole payload.
   *
   * @param source the stream's locator, for messages
   * @param frame the frame index, for messages
   * @throws FormatException V15-V20 naming source, frame and what is wrong
   * @throws InvalidArgumentException for a null payload or source, or a negative frame
   */
  public static Polygons parse(byte[] payload, String source, int frame) {
    if (payload == null) {
      throw new InvalidArgumentException("payload must not be null");
    }
    return parse(payload, 0, payload.length, source, frame);
  }

  /** Parses {@code buf[off, off+len)}; the bounds are the caller's (this package's) responsibility. */
  static Polygons parse(byte[] buf, int off, int len, String source, int frame) {
    if (source == null) {
      throw new InvalidArgumentException("source must not be null");
    }
    if (frame < 0) {
      throw new InvalidArgumentException("frame must be >= 0: " + frame);
    }
    if (len < 4) {
      throw new FormatException("V15", source, frame,
          "payload is " + len + " bytes, shorter than its 4-byte channel count");
    }
    long channels = u32(buf, off);
    long tableBytes = 4 + 4 * channels; // channels <= 2^32-1, so this stays far below 2^63
    if (tableBytes > len) {
      throw new FormatException("V16", source, frame, "channel count " + channels + " needs a "
          + tableBytes + "-byte channel table but the payload is " + len + " bytes");
    }
    int c = (int) channels; // fits: 4 * c <= len < 2^31
    long recordBytes = len - tableBytes;
    long sum = 0;
    for (int k = 0; k < c; k++) {
      sum += u32(buf, off + 4 + 4 * k); // at most 2^29 terms below 2^32: no overflow
    }
    if (sum != recordBytes) {
      throw new FormatException("V17", source, frame, "channel sizes add up to " + sum
          + " bytes but " + recordBytes + " bytes of channel records follow the channel table");
    }
    int totalPoints = 0;
    for (int k = 0; k < c; k++) {
      long size = u32(buf, off + 4 + 4 * k);
      if (size < 4) {
        throw new FormatException("V18", source, frame,
            "channel " + k + " record is " + size + " bytes, shorter than its 4-byte start point");
      }
      if (((size - 4) & 1) != 0) {
        throw new FormatException("V19", source, frame,
            "channel " + k + " record is " + size + " bytes: an odd number of delta bytes");
      }
      totalPoints += (int) ((size - 4) / 2 + 1); // sizes sum to < 2^31, so points do too
    }

    int[] starts = new int[c + 1];
    int[] xs = new int[totalPoints];
    int[] ys = new int[totalPoints];
    int p = 0;
    int pos = off + (int) tableBytes;
    for (int k = 0; k < c; k++) {
      int size = (int) u32(buf, off + 4 + 4 * k);
      starts[k] = p;
      int x = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
      int y = (buf[pos + 2] & 0xFF) | (buf[pos + 3] & 0xFF) << 8;
      xs[p] = x;
      ys[p] = y;
      p++;
      int end = pos + size;
      for (int q = pos + 4; q < end; q += 2) {
        x += buf[q]; // i8 deltas, accumulated in 32 bits without 16-bit wrap-around
        y += buf[q + 1];
        if (x < MIN_COORDINATE || x > MAX_COORDINATE || y < MIN_COORDINATE || y > MAX_COORDINATE) {
          throw new FormatException("V20", source, frame, "channel " + k + " point "
              + (p - starts[k]) + " is (" + x + ", " + y + "), outside [-32768, 65535]");
        }
        xs[p] = x;
        ys[p] = y;
        p++;
      }
      pos = end;
    }
    starts[c] = p;
    return Polygons.wrap(starts, xs, ys);
  }

  private static long u32(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
  }
}
