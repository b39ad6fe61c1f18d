package io.alphastream.cabi;

import io.alphastream.format.Polygons;

/**
 * A direct transcription of FORMAT.md section 10 (exact integer form of 10.2), used as the test
 * oracle. Its fill ∪ outline is checked against the golden masks' hashes, so the fill part that the
 * triangles are compared with is known to be the canonical one.
 */
final class ReferenceRaster {
  private ReferenceRaster() {}

  /** Section 10.1 step 4 only: the even-odd fill of one channel (1 = filled). */
  static byte[] fill(Polygons p, int channel, int w, int h) {
    byte[] out = new byte[w * h];
    int n = p.pointCount(channel);
    if (n < 3) {
      return out;
    }
    int s = p.start(channel);
    for (int py = 0; py < h; py++) {
      long sb = 512L * (2 * py + 1);
      byte[] toggles = new byte[w + 1];
      for (int k = 0; k < n; k++) {
        int j = k + 1 == n ? 0 : k + 1;
        long a0 = (long) p.x(s + k) * w;
        long b0 = (long) p.y(s + k) * h;
        long a1 = (long) p.x(s + j) * w;
        long b1 = (long) p.y(s + j) * h;
        if ((b0 <= sb) == (b1 <= sb)) {
          continue;
        }
        if (b0 > b1) {
          long t = a0;
          a0 = a1;
          a1 = t;
          t = b0;
          b0 = b1;
          b1 = t;
        }
        long dd = b1 - b0;
        long nc = a0 * dd + (sb - b0) * (a1 - a0);
        long c = -Math.floorDiv(-(nc - 1024 * dd), 2048 * dd); // ceil
        c = Math.max(0, Math.min(w, c));
        toggles[(int) c] ^= 1;
      }
      int parity = 0;
      for (int px = 0; px < w; px++) {
        parity ^= toggles[px];
        out[py * w + px] = (byte) parity;
      }
    }
    return out;
  }

  /** The whole canonical mask (fill ∪ outline, union over channels), 0/255. */
  static byte[] mask(Polygons p, int w, int h) {
    byte[] out = new byte[w * h];
    for (int c = 0; c < p.channelCount(); c++) {
      int n = p.pointCount(c);
      if (n < 3) {
        continue;
      }
      byte[] f = fill(p, c, w, h);
      for (int i = 0; i < f.length; i++) {
        if (f[i] != 0) {
          out[i] = (byte) 255;
        }
      }
      int s = p.start(c);
      for (int k = 0; k < n; k++) {
        int j = k + 1 == n ? 0 : k + 1;
        line(out, w, h,
            Math.floorDiv((long) p.x(s + k) * w, 2048), Math.floorDiv((long) p.y(s + k) * h, 1024),
            Math.floorDiv((long) p.x(s + j) * w, 2048), Math.floorDiv((long) p.y(s + j) * h, 1024));
      }
    }
    return out;
  }

  private static void line(byte[] out, int w, int h, long x0, long y0, long x1, long y1) {
    long dx = Math.abs(x1 - x0);
    long dy = Math.abs(y1 - y0);
    long sx = x0 < x1 ? 1 : -1;
    long sy = y0 < y1 ? 1 : -1;
    long err = dx - dy;
    while (true) {
      if (x0 >= 0 && x0 < w && y0 >= 0 && y0 < h) {
        out[(int) (y0 * w + x0)] = (byte) 255;
      }
      if (x0 == x1 && y0 == y1) {
        return;
      }
      long e2 = 2 * err;
      if (e2 > -dy) {
        err -= dy;
        x0 += sx;
      }
      if (e2 < dx) {
        err += dx;
        y0 += sy;
      }
    }
  }
}
