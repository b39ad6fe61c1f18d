package io.alphastream.format;

import io.alphastream.InvalidArgumentException;

/**
 * Encodes frames for writing (FORMAT.md 5 and 8): {@link Polygons} to payload bytes, payload bytes to a
 * plain frame block. Thread-safe.
 *
 * <p>Steps longer than {@code [-128, 127]} on either axis are split into several steps by inserting
 * points on the edge, so the channel stays one polygon. The inserted points lie exactly on the edge
 * when the integer grid allows it (always for horizontal, vertical and 45-degree edges), otherwise
 * within half a native pixel of it. The closing edge (last point back to the first) is implicit and
 * needs no split.
 */
public final class FramePayloads {
  private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 8;

  private FramePayloads() {}

  /**
   * The payload of {@code p}: {@code u32 C ‖ C × u32 size ‖ records} (FORMAT.md 5.2, 5.3).
   *
   * @throws InvalidArgumentException for null, a channel without points, a first point outside
   *     {@code [0, 65535]} (it is stored as {@code u16}), any point outside {@code [-32768, 65535]}
   *     (V20), or a payload above 2 GiB
   */
  public static byte[] encode(Polygons p) {
    if (p == null) {
      throw new InvalidArgumentException("polygons must not be null");
    }
    int c = p.channelCount();
    long[] sizes = new long[c];
    long total = 4 + 4L * c;
    for (int k = 0; k < c; k++) {
      int n = p.pointCount(k);
      if (n == 0) {
        throw new InvalidArgumentException("channel " + k + " has no points; a record needs its start point");
      }
      int s = p.start(k);
      checkPoint(p, k, s, true);
      long deltas = 0;
      for (int j = s + 1; j < s + n; j++) {
        checkPoint(p, k, j, false);
        deltas += stepCount(p.x(j) - p.x(j - 1), p.y(j) - p.y(j - 1));
      }
      sizes[k] = 4 + 2 * deltas;
      total += sizes[k];
      if (total > MAX_PAYLOAD) {
        throw new InvalidArgumentException("payload would exceed " + MAX_PAYLOAD + " bytes");
      }
    }
    byte[] out = new byte[(int) total];
    putU32(out, 0, c);
    for (int k = 0; k < c; k++) {
      putU32(out, 4 + 4 * k, sizes[k]);
    }
    int pos = 4 + 4 * c;
    for (int k = 0; k < c; k++) {
      int s = p.start(k);
      int n = p.pointCount(k);
      int x = p.x(s);
      int y = p.y(s);
      out[pos++] = (byte) x;
      out[pos++] = (byte) (x >>> 8);
      out[pos++] = (byte) y;
      out[pos++] = (byte) (y >>> 8);
      for (int j = s + 1; j < s + n; j++) {
        pos = writeStep(out, pos, p.x(j) - x, p.y(j) - y);
        x = p.x(j);
        y = p.y(j);
      }
    }
    return out;
  }

  /**
   * The plain frame block of {@code payload}: {@code u32(declared) ‖ zlib(payload)} at level 6 (zlib
   * header {@code 78 9C}). The payload is not validated, so tests can build broken frames.
   */
  public static byte[] block(byte[] payload) {
    if (payload == null) {
      throw new InvalidArgumentException("payload must not be null");
    }
    byte[] b = Zlib.deflate(Zlib.scratch().deflater(), payload, 0, payload.length, 4);
    putU32(b, 0, payload.length);
    return b;
  }

  /**
   * Number of steps the delta (dx, dy) becomes: 1 when it fits {@code [-128, 127]}; otherwise the fewest
   * steps that fit, raised (up to twice that) to a count dividing both deltas so that the inserted
   * points fall exactly on the edge.
   */
  static int stepCount(int dx, int dy) {
    int k = Math.max(1, Math.max(need(dx), need(dy)));
    if (k == 1) {
      return 1;
    }
    int g = gcd(Math.abs(dx), Math.abs(dy));
    for (int m = k; m <= 2 * k && m <= g; m++) {
      if (g % m == 0) {
        return m;
      }
    }
    return k;
  }

  private static int need(int d) {
    return d >= 0 ? (d + 126) / 127 : (-d + 127) / 128;
  }

  /** Writes the step (dx, dy) as {@link #stepCount} i8 pairs, inserting points on the edge if it is long. */
  private static int writeStep(byte[] out, int pos, int dx, int dy) {
    int k = stepCount(dx, dy);
    int px = 0;
    int py = 0;
    for (int j = 1; j <= k; j++) {
      // Nearest grid point to j/k of the edge (exact when k divides both deltas). Consecutive
      // differences are floor or ceil of d/k, which stepCount keeps within [-128, 127].
      int nx = (int) Math.floorDiv(2L * j * dx + k, 2L * k);
      int ny = (int) Math.floorDiv(2L * j * dy + k, 2L * k);
      out[pos++] = (byte) (nx - px);
      out[pos++] = (byte) (ny - py);
      px = nx;
      py = ny;
    }
    return pos;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static void checkPoint(Polygons p, int channel, int point, boolean first) {
    int x = p.x(point);
    int y = p.y(point);
    int min = first ? 0 : FrameDecoder.MIN_COORDINATE;
    if (x < min || x > FrameDecoder.MAX_COORDINATE || y < min || y > FrameDecoder.MAX_COORDINATE) {
      throw new InvalidArgumentException("channel " + channel + " point " + (point - p.start(channel))
          + " is (" + x + ", " + y + "), outside [" + min + ", 65535]"
          + (first ? ": a start point is stored as u16" : " (V20)"));
    }
  }

  static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }
}
