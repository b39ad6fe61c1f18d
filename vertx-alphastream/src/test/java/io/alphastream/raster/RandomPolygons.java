package io.alphastream.raster;

import io.alphastream.format.Polygons;
import java.util.Random;

/**
 * Random frames for property tests: concave and self-intersecting polygons (random point order), tiny and
 * sub-pixel shapes, points far outside the canvas and negative (the whole V20 range), rectilinear shapes
 * (horizontal and vertical edges), grid-snapped points that put edges exactly on pixel centres, repeated
 * points, and degenerate channels of 0 to 2 points.
 */
final class RandomPolygons {
  private RandomPolygons() {}

  static final int MIN = -32768;
  static final int MAX = 65535;

  static Polygons frame(Random r) {
    Polygons.Builder b = new Polygons.Builder();
    int channels = r.nextInt(5);
    for (int c = 0; c < channels; c++) {
      b.beginChannel();
      int points = r.nextInt(4) == 0 ? r.nextInt(3) : 3 + r.nextInt(12);
      switch (r.nextInt(7)) {
        case 0 -> wide(r, b, points);
        case 1 -> tiny(r, b, points);
        case 2 -> far(r, b, points);
        case 3 -> snapped(r, b, points);
        case 4 -> rectilinear(r, b, points);
        case 5 -> withRepeats(r, b, points);
        default -> mixed(r, b, points);
      }
    }
    return b.build();
  }

  /** Around the native canvas, a little outside on every side. */
  private static void wide(Random r, Polygons.Builder b, int n) {
    for (int i = 0; i < n; i++) {
      b.add(-300 + r.nextInt(2648), -300 + r.nextInt(1624));
    }
  }

  /** A few native units around one centre: sub-pixel at small output sizes. */
  private static void tiny(Random r, Polygons.Builder b, int n) {
    int cx = r.nextInt(2048);
    int cy = r.nextInt(1024);
    int radius = 1 + r.nextInt(40);
    for (int i = 0; i < n; i++) {
      b.add(cx - radius + r.nextInt(2 * radius + 1), cy - radius + r.nextInt(2 * radius + 1));
    }
  }

  /** Anywhere in the V20 range [-32768, 65535]: long edges crossing or missing the canvas. */
  private static void far(Random r, Polygons.Builder b, int n) {
    for (int i = 0; i < n; i++) {
      b.add(MIN + r.nextInt(MAX - MIN + 1), MIN + r.nextInt(MAX - MIN + 1));
    }
  }

  /** Multiples of 16 (x) and 8 (y): at sizes dividing 2048 x 1024 these hit pixel centres exactly. */
  private static void snapped(Random r, Polygons.Builder b, int n) {
    for (int i = 0; i < n; i++) {
      b.add(16 * (-4 + r.nextInt(136)), 8 * (-4 + r.nextInt(136)));
    }
  }

  /** Alternating horizontal and vertical steps. */
  private static void rectilinear(Random r, Polygons.Builder b, int n) {
    int x = r.nextInt(2048);
    int y = r.nextInt(1024);
    for (int i = 0; i < n; i++) {
      b.add(x, y);
      if (i % 2 == 0) {
        x += 8 * (r.nextInt(61) - 30);
      } else {
        y += 8 * (r.nextInt(61) - 30);
      }
    }
  }

  /** Points repeated one or more times (zero-length edges), sometimes the first point again at the end. */
  private static void withRepeats(Random r, Polygons.Builder b, int n) {
    int firstX = 0;
    int firstY = 0;
    for (int i = 0; i < n; i++) {
      int x = r.nextInt(2048);
      int y = r.nextInt(1024);
      if (i == 0) {
        firstX = x;
        firstY = y;
      }
      b.add(x, y);
      if (r.nextBoolean()) {
        b.add(x, y);
      }
    }
    if (r.nextBoolean()) {
      b.add(firstX, firstY);
    }
  }

  private static void mixed(Random r, Polygons.Builder b, int n) {
    for (int i = 0; i < n; i++) {
      if (r.nextInt(4) == 0) {
        b.add(MIN + r.nextInt(MAX - MIN + 1), MIN + r.nextInt(MAX - MIN + 1));
      } else {
        b.add(r.nextInt(2048), r.nextInt(1024));
      }
    }
  }

  static String describe(Polygons p) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < p.channelCount(); c++) {
      sb.append("\n  channel ").append(c).append(':');
      for (int k = 0; k < p.pointCount(c); k++) {
        sb.append(" (").append(p.x(p.start(c) + k)).append(',').append(p.y(p.start(c) + k)).append(')');
      }
    }
    return sb.toString();
  }
}
