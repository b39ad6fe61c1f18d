package io.alphastream.sample;

import io.alphastream.format.Polygons;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Synthetic, deterministic mask animation that looks like a real AlphaStream file (FORMAT.md section 7
 * and appendix B): per frame one person-like silhouette per eye (head, neck, shoulders, swinging arms,
 * breathing torso), left eye in x 0..1023 and right eye in x 1024..2047 at a small disparity, each
 * clipped at its eye's borders, plus 8 to 12 small specks of 1 to 7 points. Specks come first and the
 * two silhouettes last, as in the real frame. Frames have 10 to 14 channels and about 1,500 to 2,000
 * points; consecutive frames differ slightly.
 *
 * <p>Every value is a pure function of {@code (seed, frame)}: {@link StrictMath} and {@link Random}
 * (whose algorithm the JDK specifies) make the output identical on every JVM, so a file generated once
 * can be checked against a fresh run. Every step between consecutive points lies in [-127, 127], so
 * encoding never has to split steps and decoding an encoded frame gives back the same points.
 */
public final class SampleGenerator {

  /** Seed of the bundled demo sample ({@code sample:demo}). */
  public static final long DEMO_SEED = 20240611L;
  /** Frame count of the bundled demo sample: 10 s at 60 fps. */
  public static final int DEMO_FRAMES = 600;

  static final int EYE_WIDTH = 1024;
  static final int MAX_STEP = 127;
  private static final int SPECK_SLOTS = 12;
  private static final int ALWAYS_ON_SPECKS = 8;
  /** Points of one silhouette before clipping; with specks gives 1,500-2,000 points per frame. */
  private static final int SILHOUETTE_POINTS = 960;
  private static final double FPS = 60.0;

  private SampleGenerator() {}

  /**
   * Generates {@code frames} frames of the animation for {@code seed}. Same arguments, same frames.
   *
   * @throws IllegalArgumentException when {@code frames} is negative
   */
  public static List<Polygons> generate(int frames, long seed) {
    if (frames < 0) {
      throw new IllegalArgumentException("frames must be >= 0: " + frames);
    }
    IntFunction<Polygons> animation = animation(seed);
    List<Polygons> out = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      out.add(animation.apply(f));
    }
    return out;
  }

  /**
   * The animation for {@code seed} as a function of the frame index (0 or more): frame {@code f} equals
   * {@code generate(n, seed).get(f)} for every {@code n > f}. Each frame depends only on its index, so
   * long samples can be produced one frame at a time without holding them all.
   *
   * @throws IllegalArgumentException (from the function) for a negative frame index
   */
  public static IntFunction<Polygons> animation(long seed) {
    Scene scene = new Scene(seed);
    return f -> {
      if (f < 0) {
        throw new IllegalArgumentException("frame must be >= 0: " + f);
      }
      return scene.frame(f);
    };
  }

  /** The seed-dependent constants of one animation. */
  private static final class Scene {
    final long seed;
    final double scale;
    final double centreX;
    final double topY;
    final double swayAmplitude;
    final double swayPeriod;
    final double swayPhase;
    final double armPeriod;
    final double armPhase;
    final double breathPeriod;
    final double disparity;
    final double[] speckDx = new double[SPECK_SLOTS];
    final double[] speckDy = new double[SPECK_SLOTS];
    final double[] speckPeriod = new double[SPECK_SLOTS];
    final double[] speckPhase = new double[SPECK_SLOTS];

    Scene(long seed) {
      this.seed = seed;
      Random r = new Random(seed);
      scale = 0.94 + 0.1 * r.nextDouble();
      centreX = 820 + 50 * r.nextDouble();
      topY = 336 + 12 * r.nextDouble();
      swayAmplitude = 45 + 35 * r.nextDouble();
      swayPeriod = 7 + 5 * r.nextDouble();
      swayPhase = 2 * Math.PI * r.nextDouble();
      armPeriod = 1.5 + 0.8 * r.nextDouble();
      armPhase = 2 * Math.PI * r.nextDouble();
      breathPeriod = 3 + 1.5 * r.nextDouble();
      disparity = 24 + 24 * r.nextDouble();
      for (int i = 0; i < SPECK_SLOTS; i++) {
        speckDx[i] = -360 + 720 * r.nextDouble();
        speckDy[i] = -20 + 640 * r.nextDouble();
        speckPeriod[i] = 2 + 6 * r.nextDouble();
        speckPhase[i] = 2 * Math.PI * r.nextDouble();
      }
    }

    Polygons frame(int f) {
      double t = f / FPS;
      double cx = centreX + swayAmplitude * StrictMath.sin(2 * Math.PI * t / swayPeriod + swayPhase);
      double top = topY + 5 * StrictMath.sin(2 * Math.PI * t / 1.1);
      double[][] outline = Person.outline(t, armPeriod, armPhase, breathPeriod);
      double eyeShift = EYE_WIDTH - disparity - 4 * StrictMath.sin(2 * Math.PI * t / 5.0);

      Polygons.Builder b = new Polygons.Builder();
      for (int slot = 0; slot < SPECK_SLOTS; slot++) {
        if (slot < ALWAYS_ON_SPECKS || (mix(seed, slot, f / 45) & 1) == 0) {
          speck(b, slot, f, t, cx, top, slot % 2 == 0 ? 0 : eyeShift);
        }
      }
      silhouette(b, outline, cx, top, 0, EYE_WIDTH - 1);
      silhouette(b, outline, cx + eyeShift, top, EYE_WIDTH, 2 * EYE_WIDTH - 1);
      return b.build();
    }

    private void silhouette(Polygons.Builder b, double[][] outline, double cx, double top, int minX,
        int maxX) {
      int n = outline[0].length;
      double[] xs = new double[n];
      double[] ys = new double[n];
      for (int i = 0; i < n; i++) {
        xs[i] = cx + scale * outline[0][i];
        ys[i] = top + scale * outline[1][i];
      }
      double[][] clipped = Geometry.clipX(xs, ys, minX, maxX);
      int[][] pts = Geometry.toSteppedInts(clipped[0], clipped[1], MAX_STEP);
      b.beginChannel();
      for (int i = 0; i < pts[0].length; i++) {
        b.add(pts[0][i], pts[1][i]);
      }
    }

    /** A speck: 1-7 points within a few pixels, near the person, inside its eye. */
    private void speck(Polygons.Builder b, int slot, int f, double t, double cx, double top,
        double eyeShift) {
      long h = mix(seed, 1000 + slot, f / 120); // shape changes every 2 s
      int points = 1 + (int) Long.remainderUnsigned(h, 7);
      double px = cx + eyeShift + speckDx[slot]
          + 18 * StrictMath.sin(2 * Math.PI * t / speckPeriod[slot] + speckPhase[slot]);
      double py = top + speckDy[slot]
          + 10 * StrictMath.cos(2 * Math.PI * t / speckPeriod[slot] + speckPhase[slot]);
      int eyeMin = eyeShift == 0 ? 0 : EYE_WIDTH;
      int x0 = (int) Math.max(eyeMin + 8, Math.min(eyeMin + EYE_WIDTH - 9, Math.round(px)));
      int y0 = (int) Math.max(8, Math.min(1015, Math.round(py)));
      double radius = 1.5 + (h >>> 8 & 3);
      b.beginChannel();
      for (int k = 0; k < points; k++) {
        double a = 2 * Math.PI * k / points + (h >>> 16 & 7) * 0.3;
        b.add(x0 + (int) Math.round(radius * StrictMath.cos(a)),
            y0 + (int) Math.round(radius * StrictMath.sin(a)));
      }
    }
  }

  /** SplitMix64-style hash of (seed, a, b): deterministic per-frame choices without shared state. */
  static long mix(long seed, long a, long b) {
    long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The person outline in local coordinates: origin at the head top, y down, about 600 tall. */
  static final class Person {
    private Person() {}

    /** Returns {xs, ys} of a closed, clockwise (on screen) contour of {@link #SILHOUETTE_POINTS}. */
    static double[][] outline(double t, double armPeriod, double armPhase, double breathPeriod) {
      double breath = 1 + 0.03 * StrictMath.sin(2 * Math.PI * t / breathPeriod);
      double swing = StrictMath.sin(2 * Math.PI * t / armPeriod + armPhase);
      double rightArm = 0.32 + 0.25 * swing; // outward angle from vertical, radians
      double leftArm = 0.32 - 0.25 * swing;
      double headX = 6 * StrictMath.sin(2 * Math.PI * t / 4.0);

      Path p = new Path();
      // Head arc over the top, from the left neck junction to the right one.
      double r = 58;
      double hy = 70;
      for (int k = 0; k <= 48; k++) {
        double phi = Math.toRadians(-155 + 310.0 * k / 48);
        p.add(headX + r * StrictMath.sin(phi), hy - r * StrictMath.cos(phi));
      }
      p.add(24, 144); // right neck base
      p.add(92, 164); // trapezius
      arm(p, +1, rightArm);
      p.add(100 * breath, 285);
      p.add(94 * breath, 370);
      p.add(108 * breath, 470);
      p.add(114 * breath, 600);
      p.add(-114 * breath, 600);
      p.add(-108 * breath, 470);
      p.add(-94 * breath, 370);
      p.add(-100 * breath, 285);
      armReversed(p, -1, leftArm);
      p.add(-92, 164);
      p.add(-24, 144);
      return Geometry.resample(Geometry.chaikin(p.xs(), p.ys(), 2), SILHOUETTE_POINTS);
    }

    /** Right arm (side = +1) from the shoulder down the outer edge, round the hand, up the inner edge. */
    private static void arm(Path p, int side, double angle) {
      double[][] a = armPoints(side, angle);
      for (int i = 0; i < a[0].length; i++) {
        p.add(a[0][i], a[1][i]);
      }
    }

    /** Left arm, traversed from the armpit to the shoulder so the contour stays clockwise. */
    private static void armReversed(Path p, int side, double angle) {
      double[][] a = armPoints(side, angle);
      for (int i = a[0].length - 1; i >= 0; i--) {
        p.add(a[0][i], a[1][i]);
      }
    }

    /** Shoulder cap, outer edge, hand, inner edge up to the armpit, for the right arm mirrored by side. */
    private static double[][] armPoints(int side, double angle) {
      Path p = new Path();
      double pivotX = 118;
      double pivotY = 196;
      double dx = StrictMath.sin(angle);
      double dy = StrictMath.cos(angle);
      double nx = dy; // outward normal
      double ny = -dx;
      p.add(130, 178); // shoulder cap
      p.add(pivotX + nx * 26 + dx * 20, pivotY + ny * 26 + dy * 20);
      p.add(pivotX + nx * 24 + dx * 140, pivotY + ny * 24 + dy * 140); // elbow, outer
      p.add(pivotX + nx * 20 + dx * 262, pivotY + ny * 20 + dy * 262); // wrist, outer
      double hx = pivotX + dx * 272;
      double hy = pivotY + dy * 272;
      for (int k = 0; k <= 12; k++) {
        double a = Math.PI * k / 12; // from the outer side round the fingertips to the inner side
        double c = StrictMath.cos(a);
        double s = StrictMath.sin(a);
        p.add(hx + 24 * (nx * c + dx * s), hy + 24 * (ny * c + dy * s));
      }
      p.add(pivotX - nx * 18 + dx * 262, pivotY - ny * 18 + dy * 262); // wrist, inner
      p.add(pivotX - nx * 22 + dx * 140, pivotY - ny * 22 + dy * 140); // elbow, inner
      p.add(pivotX - nx * 24 + dx * 66, pivotY - ny * 24 + dy * 66); // armpit
      double[] xs = p.xs();
      for (int i = 0; i < xs.length; i++) {
        xs[i] *= side;
      }
      return new double[][] {xs, p.ys()};
    }
  }

  /** Growable list of double points. */
  static final class Path {
    private double[] xs = new double[64];
    private double[] ys = new double[64];
    private int n;

    void add(double x, double y) {
      if (n == xs.length) {
        xs = Arrays.copyOf(xs, n * 2);
        ys = Arrays.copyOf(ys, n * 2);
      }
      xs[n] = x;
      ys[n] = y;
      n++;
    }

    int size() {
      return n;
    }

    double[] xs() {
      return Arrays.copyOf(xs, n);
    }

    double[] ys() {
      return Arrays.copyOf(ys, n);
    }
  }

  /** Closed-polygon helpers: smoothing, resampling, clipping, integer steps. */
  static final class Geometry {
    private Geometry() {}

    /** Chaikin corner cutting on a closed polygon, {@code rounds} times. */
    static double[][] chaikin(double[] xs, double[] ys, int rounds) {
      for (int r = 0; r < rounds; r++) {
        int n = xs.length;
        double[] nx = new double[2 * n];
        double[] ny = new double[2 * n];
        for (int i = 0; i < n; i++) {
          int j = (i + 1) % n;
          nx[2 * i] = 0.75 * xs[i] + 0.25 * xs[j];
          ny[2 * i] = 0.75 * ys[i] + 0.25 * ys[j];
          nx[2 * i + 1] = 0.25 * xs[i] + 0.75 * xs[j];
          ny[2 * i + 1] = 0.25 * ys[i] + 0.75 * ys[j];
        }
        xs = nx;
        ys = ny;
      }
      return new double[][] {xs, ys};
    }

    /** {@code count} points evenly spaced along the closed polygon's perimeter. */
    static double[][] resample(double[][] poly, int count) {
      double[] xs = poly[0];
      double[] ys = poly[1];
      int n = xs.length;
      double[] cum = new double[n + 1];
      for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        cum[i + 1] = cum[i] + StrictMath.hypot(xs[j] - xs[i], ys[j] - ys[i]);
      }
      double total = cum[n];
      double[] ox = new double[count];
      double[] oy = new double[count];
      int seg = 0;
      for (int k = 0; k < count; k++) {
        double d = total * k / count;
        while (seg < n - 1 && cum[seg + 1] <= d) {
          seg++;
        }
        int j = (seg + 1) % n;
        double len = cum[seg + 1] - cum[seg];
        double u = len == 0 ? 0 : (d - cum[seg]) / len;
        ox[k] = xs[seg] + u * (xs[j] - xs[seg]);
        oy[k] = ys[seg] + u * (ys[j] - ys[seg]);
      }
      return new double[][] {ox, oy};
    }

    /** Sutherland-Hodgman clip of a closed polygon to {@code minX <= x <= maxX}. */
    static double[][] clipX(double[] xs, double[] ys, double minX, double maxX) {
      double[][] p = clipHalf(xs, ys, maxX, true);
      return clipHalf(p[0], p[1], minX, false);
    }

    private static double[][] clipHalf(double[] xs, double[] ys, double border, boolean keepBelow) {
      Path out = new Path();
      int n = xs.length;
      for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        boolean inI = keepBelow ? xs[i] <= border : xs[i] >= border;
        boolean inJ = keepBelow ? xs[j] <= border : xs[j] >= border;
        if (inI) {
          out.add(xs[i], ys[i]);
        }
        if (inI != inJ) {
          double u = (border - xs[i]) / (xs[j] - xs[i]);
          out.add(border, ys[i] + u * (ys[j] - ys[i]));
        }
      }
      return new double[][] {out.xs(), out.ys()};
    }

    /**
     * Rounds to integers, drops repeated points (also a last point equal to the first) and splits
     * every step, closing edge included, longer than {@code maxStep} on either axis.
     */
    static int[][] toSteppedInts(double[] xs, double[] ys, int maxStep) {
      int n = xs.length;
      int[] rx = new int[n];
      int[] ry = new int[n];
      int m = 0;
      for (int i = 0; i < n; i++) {
        int x = (int) Math.round(xs[i]);
        int y = (int) Math.round(ys[i]);
        if (m == 0 || x != rx[m - 1] || y != ry[m - 1]) {
          rx[m] = x;
          ry[m] = y;
          m++;
        }
      }
      while (m > 1 && rx[m - 1] == rx[0] && ry[m - 1] == ry[0]) {
        m--;
      }
      Path out = new Path();
      for (int i = 0; i < m; i++) {
        out.add(rx[i], ry[i]);
        int j = (i + 1) % m;
        if (j == 0) {
          break; // the closing edge needs no split (FORMAT.md 5.3), but keep it short anyway below
        }
        addSplits(out, rx[i], ry[i], rx[j], ry[j], maxStep);
      }
      if (m > 1) {
        addSplits(out, rx[m - 1], ry[m - 1], rx[0], ry[0], maxStep);
      }
      double[] ox = out.xs();
      double[] oy = out.ys();
      int[] ix = new int[ox.length];
      int[] iy = new int[oy.length];
      for (int i = 0; i < ox.length; i++) {
        ix[i] = (int) ox[i];
        iy[i] = (int) oy[i];
      }
      return new int[][] {ix, iy};
    }

    /** Adds the intermediate points of a straight step from a to b (exclusive of both ends). */
    private static void addSplits(Path out, int ax, int ay, int bx, int by, int maxStep) {
      int longest = Math.max(Math.abs(bx - ax), Math.abs(by - ay));
      int parts = (longest + maxStep - 1) / maxStep;
      for (int k = 1; k < parts; k++) {
        out.add(ax + Math.floorDiv((bx - ax) * k, parts), ay + Math.floorDiv((by - ay) * k, parts));
      }
    }
  }
}
