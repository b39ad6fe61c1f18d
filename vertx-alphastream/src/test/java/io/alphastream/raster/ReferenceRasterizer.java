package io.alphastream.raster;

import io.alphastream.format.Polygons;

/**
 * A deliberately plain transcription of FORMAT.md section 10, used as the test oracle: for every pixel
 * and every channel it counts crossing edges with the exact inequality of section 10.2, and it draws
 * outlines with the unclipped line procedure of section 10.1, pixel by pixel. Slow (W x H x edges) and
 * obviously correct; products use {@link Math#multiplyExact} so an overflow fails loudly instead of
 * silently agreeing with a wrong answer.
 */
final class ReferenceRasterizer {
  private ReferenceRasterizer() {}

  static byte[] rasterize(Polygons p, int w, int h) {
    byte[] out = new byte[w * h];
    for (int c = 0; c < p.channelCount(); c++) {
      int n = p.pointCount(c);
      if (n < 3) {
        continue; // rule 1
      }
      long[] a = new long[n];
      long[] b = new long[n];
      for (int k = 0; k < n; k++) {
        a[k] = (long) p.x(p.start(c) + k) * w;
        b[k] = (long) p.y(p.start(c) + k) * h;
      }
      for (int py = 0; py < h; py++) {
        for (int px = 0; px < w; px++) {
          if (insideEvenOdd(a, b, 1024L * (2 * px + 1), 512L * (2 * py + 1))) {
            out[py * w + px] = (byte) 255;
          }
        }
      }
      for (int k = 0; k < n; k++) {
        int j = (k + 1) % n;
        line(out, w, h, Math.floorDiv(a[k], 2048), Math.floorDiv(b[k], 1024),
            Math.floorDiv(a[j], 2048), Math.floorDiv(b[j], 1024));
      }
    }
    return out;
  }

  /** Section 10.2: count edges with (b0 <= sb) != (b1 <= sb) and (sb-b0)(a1-a0) <= (sa-a0)(b1-b0). */
  static boolean insideEvenOdd(long[] a, long[] b, long sa, long sb) {
    int n = a.length;
    int count = 0;
    for (int k = 0; k < n; k++) {
      int j = (k + 1) % n;
      long a0 = a[k], b0 = b[k], a1 = a[j], b1 = b[j];
      if ((b0 <= sb) != (b1 <= sb)) {
        if (b0 > b1) {
          long t = a0; a0 = a1; a1 = t;
          t = b0; b0 = b1; b1 = t;
        }
        if (Math.multiplyExact(sb - b0, a1 - a0) <= Math.multiplyExact(sa - a0, b1 - b0)) {
          count++;
        }
      }
    }
    return (count & 1) == 1;
  }

  /** The line procedure of section 10.1, verbatim, setting the visited pixels that lie in the canvas. */
  static void line(byte[] out, int w, int h, long x0, long y0, long x1, long y1) {
    line(x0, y0, x1, y1, (x, y) -> {
      if (x >= 0 && x < w && y >= 0 && y < h) {
        out[(int) (y * w + x)] = (byte) 255;
      }
    });
  }

  interface PixelVisitor {
    void visit(long x, long y);
  }

  /** The line procedure of section 10.1, verbatim: reports every pixel it visits, in order. */
  static void line(long x0, long y0, long x1, long y1, PixelVisitor visitor) {
    long dx = Math.abs(x1 - x0);
    long dy = Math.abs(y1 - y0);
    long sx = (x0 < x1) ? 1 : -1;
    long sy = (y0 < y1) ? 1 : -1;
    long err = dx - dy;
    while (true) {
      visitor.visit(x0, y0);
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
