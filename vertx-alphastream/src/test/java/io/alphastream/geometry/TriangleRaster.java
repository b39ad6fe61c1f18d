package io.alphastream.geometry;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Test-only triangle rasterizer with the canonical pixel-centre rule (FORMAT.md 10.1 step 4)
 * applied to each triangle as a 3-edge polygon, in exact rational arithmetic. Counts how many
 * triangles cover each pixel centre, so a test can check both "union = fill" and "no overlap".
 */
final class TriangleRaster {
  private final int w;
  private final int h;
  final int[] count;

  TriangleRaster(int w, int h) {
    this.w = w;
    this.h = h;
    this.count = new int[w * h];
  }

  /** A rational number n / d, d > 0. */
  record Q(BigInteger n, BigInteger d) {
    static Q of(long n, long d) {
      return new Q(BigInteger.valueOf(n), BigInteger.valueOf(d));
    }

    static Q of(float f) {
      BigDecimal b = new BigDecimal(f); // exact value of the float
      return b.scale() <= 0
          ? new Q(b.toBigIntegerExact(), BigInteger.ONE)
          : new Q(b.unscaledValue(), BigInteger.TEN.pow(b.scale()));
    }

    int compareTo(Q o) {
      return n.multiply(o.d).compareTo(o.n.multiply(d));
    }

    double toDouble() {
      return new BigDecimal(n).divide(new BigDecimal(d), java.math.MathContext.DECIMAL64).doubleValue();
    }
  }

  /** Adds one triangle with vertices (x[i], y[i]) in native coordinates. */
  void add(Q[] x, Q[] y) {
    double lo = Math.min(y[0].toDouble(), Math.min(y[1].toDouble(), y[2].toDouble()));
    double hi = Math.max(y[0].toDouble(), Math.max(y[1].toDouble(), y[2].toDouble()));
    int py0 = Math.max(0, (int) Math.floor(lo * h / 1024) - 1);
    int py1 = Math.min(h - 1, (int) Math.ceil(hi * h / 1024) + 1);
    BigInteger bw = BigInteger.valueOf(w);
    for (int py = py0; py <= py1; py++) {
      Q sy = Q.of(512L * (2 * py + 1), h);
      int[] cols = new int[3];
      int k = 0;
      for (int e = 0; e < 3; e++) {
        int f = e == 2 ? 0 : e + 1;
        boolean a = y[e].compareTo(sy) <= 0;
        boolean b = y[f].compareTo(sy) <= 0;
        if (a == b) {
          continue;
        }
        // xc = x0 + (sy - y0) (x1 - x0) / (y1 - y0), all rational
        Q x0 = x[e];
        Q y0 = y[e];
        Q x1 = x[f];
        Q y1 = y[f];
        BigInteger dyN = y1.n.multiply(y0.d).subtract(y0.n.multiply(y1.d)); // over y0.d*y1.d
        BigInteger dyD = y0.d.multiply(y1.d);
        BigInteger tyN = sy.n.multiply(y0.d).subtract(y0.n.multiply(sy.d)); // over sy.d*y0.d
        BigInteger tyD = sy.d.multiply(y0.d);
        BigInteger dxN = x1.n.multiply(x0.d).subtract(x0.n.multiply(x1.d)); // over x0.d*x1.d
        BigInteger dxD = x0.d.multiply(x1.d);
        // t = (tyN/tyD) / (dyN/dyD) = tyN*dyD / (tyD*dyN)
        BigInteger num = tyN.multiply(dyD).multiply(dxN); // (t * dx) numerator
        BigInteger den = tyD.multiply(dyN).multiply(dxD);
        // xc = x0.n/x0.d + num/den
        BigInteger xcN = x0.n.multiply(den).add(num.multiply(x0.d));
        BigInteger xcD = x0.d.multiply(den);
        if (xcD.signum() < 0) {
          xcN = xcN.negate();
          xcD = xcD.negate();
        }
        // column = ceil((2 xc W - 2048) / 4096)
        BigInteger p = xcN.multiply(bw).shiftLeft(1).subtract(xcD.shiftLeft(11));
        BigInteger q = xcD.shiftLeft(12);
        BigInteger[] dr = p.divideAndRemainder(q);
        BigInteger c = dr[0];
        if (dr[1].signum() > 0) {
          c = c.add(BigInteger.ONE);
        }
        long cl = Math.max(0, Math.min(w, c.max(BigInteger.valueOf(-1)).min(BigInteger.valueOf(w + 1L)).longValue()));
        cols[k++] = (int) cl;
      }
      if (k == 0) {
        continue;
      }
      if (k != 2) {
        throw new AssertionError("a triangle row must cross 0 or 2 edges, got " + k);
      }
      int from = Math.min(cols[0], cols[1]);
      int to = Math.max(cols[0], cols[1]);
      for (int px = from; px < to; px++) {
        count[py * w + px]++;
      }
    }
  }
}
