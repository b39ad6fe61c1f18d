package io.alphastream.geometry;

import java.math.BigInteger;

/**
 * Exact predicates over rational points {@code (x / d, y / d)} with {@code d > 0}. Integer points
 * ({@code d == 1}) take a plain {@code long} path: polygon coordinates are limited to
 * {@code [-32768, 65535]} (FORMAT.md V20), so their differences stay below 2^17 and every product
 * below 2^35. Points with a denominator (self-intersections) fall back to {@link BigInteger}.
 */
final class Exact {
  private Exact() {}

  /** sign(a * b - c * d), exact for all longs (128-bit products). */
  static int compareProducts(long a, long b, long c, long d) {
    long hi1 = Math.multiplyHigh(a, b);
    long hi2 = Math.multiplyHigh(c, d);
    if (hi1 != hi2) {
      return Long.compare(hi1, hi2);
    }
    return Long.compareUnsigned(a * b, c * d);
  }

  /** sign(x1 / d1 - x2 / d2) for d1, d2 > 0. */
  static int compareFractions(long x1, long d1, long x2, long d2) {
    return compareProducts(x1, d2, x2, d1);
  }

  /**
   * Orientation of the triangle (p, q, r): +1 when r lies to the left of p→q (counter-clockwise in
   * the x-right/y-up sense; clockwise on a y-down screen), -1 to the right, 0 collinear.
   */
  static int orient(long px, long py, long pd, long qx, long qy, long qd, long rx, long ry, long rd) {
    if ((pd | qd | rd) == 1) {
      long v = (qx - px) * (ry - py) - (qy - py) * (rx - px);
      return Long.signum(v);
    }
    // (q - p) x (r - p), every term brought over the positive denominators pd*qd and pd*rd.
    BigInteger bpd = BigInteger.valueOf(pd);
    BigInteger ax = BigInteger.valueOf(qx).multiply(bpd).subtract(BigInteger.valueOf(px).multiply(BigInteger.valueOf(qd)));
    BigInteger ay = BigInteger.valueOf(qy).multiply(bpd).subtract(BigInteger.valueOf(py).multiply(BigInteger.valueOf(qd)));
    BigInteger bx = BigInteger.valueOf(rx).multiply(bpd).subtract(BigInteger.valueOf(px).multiply(BigInteger.valueOf(rd)));
    BigInteger by = BigInteger.valueOf(ry).multiply(bpd).subtract(BigInteger.valueOf(py).multiply(BigInteger.valueOf(rd)));
    return ax.multiply(by).subtract(ay.multiply(bx)).signum();
  }

  static long gcd(long a, long b) {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
