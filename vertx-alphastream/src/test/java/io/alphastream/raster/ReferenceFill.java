package io.alphastream.raster;

import io.alphastream.format.Polygons;

/**
 * The canonical even-odd fill of one channel (FORMAT.md 10.1 step 4, without the outline of step 5),
 * computed with the library's test oracle {@link ReferenceRasterizer#insideEvenOdd}. It lives in the
 * oracle's package because the oracle is package-private; the geometry tests use it.
 *
 * <p>Only pixel centres inside the channel's bounding box are tested: outside it the crossing count of
 * 10.2 is 0 (left of every point, or off every edge's span) or the count of all crossing edges, which
 * is even for a closed polygon, so those pixels are empty either way.
 */
public final class ReferenceFill {
  private ReferenceFill() {}

  /** 1 where the channel's fill covers the pixel centre, else 0; {@code w * h} bytes. */
  public static byte[] fill(Polygons p, int channel, int w, int h) {
    byte[] out = new byte[w * h];
    int n = p.pointCount(channel);
    if (n < 3) {
      return out; // rule 1
    }
    long[] a = new long[n];
    long[] b = new long[n];
    long minA = Long.MAX_VALUE;
    long maxA = Long.MIN_VALUE;
    long minB = Long.MAX_VALUE;
    long maxB = Long.MIN_VALUE;
    for (int k = 0; k < n; k++) {
      a[k] = (long) p.x(p.start(channel) + k) * w;
      b[k] = (long) p.y(p.start(channel) + k) * h;
      minA = Math.min(minA, a[k]);
      maxA = Math.max(maxA, a[k]);
      minB = Math.min(minB, b[k]);
      maxB = Math.max(maxB, b[k]);
    }
    // pixel centre sa = 1024(2px+1), sb = 512(2py+1): the pixels whose centres lie in the box
    int px0 = (int) Math.max(0, Math.floorDiv(minA - 1024, 2048));
    int px1 = (int) Math.min(w - 1, Math.floorDiv(maxA, 2048) + 1);
    int py0 = (int) Math.max(0, Math.floorDiv(minB - 512, 1024));
    int py1 = (int) Math.min(h - 1, Math.floorDiv(maxB, 1024) + 1);
    for (int py = py0; py <= py1; py++) {
      for (int px = px0; px <= px1; px++) {
        if (ReferenceRasterizer.insideEvenOdd(a, b, 1024L * (2 * px + 1), 512L * (2 * py + 1))) {
          out[py * w + px] = 1;
        }
      }
    }
    return out;
  }

  /** The whole canonical mask (fill ∪ outline, all channels), 0/255: the oracle itself. */
  public static byte[] mask(Polygons p, int w, int h) {
    return ReferenceRasterizer.rasterize(p, w, h);
  }
}
