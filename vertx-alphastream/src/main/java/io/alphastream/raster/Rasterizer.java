package io.alphastream.raster;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.Polygons;
import java.util.Arrays;

/**
 * Turns a frame's polygons into an R8 mask by the canonical rule of FORMAT.md section 10: per channel,
 * even-odd fill sampled at pixel centres united with the channel's outline, channels united, channels of
 * fewer than three points ignored. The result is exact (64-bit integer arithmetic of section 10.2), so it
 * matches the golden masks byte for byte.
 *
 * <p>Fill is a scan-line algorithm: each channel's non-horizontal edges are set up once (scaled integer
 * end points, first and last pixel row, crossing column kept as an exact quotient and remainder that is
 * stepped from row to row without division), bucketed by first row, and walked with an active edge list
 * whose crossing columns are sorted and filled pairwise (spans copied from a row of 255s). Outlines run the line
 * procedure of section 10.1, clipped exactly to the canvas: the procedure's state is advanced
 * analytically to the first in-canvas pixel, so a line whose end points lie far outside costs only its
 * visible pixels. See {@code docs/raster.md}.
 *
 * <p>An instance keeps scratch buffers between calls (grown to the largest channel seen, about 56 bytes
 * per point; kept only up to 65 536 points) and is <b>not thread-safe</b>: use one rasterizer per thread.
 */
public final class Rasterizer {

  /** Active edge lists longer than this are sorted with {@link Arrays#sort} instead of insertion sort. */
  private static final int INSERTION_SORT_MAX = 48;

  /**
   * A row of 255s to copy spans from: {@code System.arraycopy} is an intrinsic with vector moves for every
   * length, while {@code Arrays.fill} on a short range runs mostly scalar alignment loops (OptimizeFill is
   * off by default), which made span filling the dominant cost. Read-only, so sharing it is safe.
   */
  private static final byte[] OPAQUE_ROW = new byte[Mask.MAX_SIZE];

  static {
    Arrays.fill(OPAQUE_ROW, (byte) 0xFF);
  }

  // Per-edge scratch of the current channel: EDGE_STRIDE longs per edge, kept together for locality.
  private static final int QUOT = 0; // floor((Nc - 1024 D) / 2048 D) for the current row
  private static final int REM = 1; // the matching remainder, in [0, DEN)
  private static final int QUOT_STEP = 2; // per-row increment of the quotient ...
  private static final int REM_STEP = 3; // ... and of the remainder, in [0, DEN)
  private static final int DEN = 4; // 2048 D
  private static final int EDGE_STRIDE = 5;
  private static final int INITIAL_EDGES = 64;
  /**
   * Scratch for channels up to this many points is kept between calls (about 3.5 MiB); larger scratch is
   * dropped after the frame. Real channels have a few hundred points; a 16 MiB payload can hold millions.
   */
  private static final int RETAINED_EDGES_MAX = 1 << 16;
  private long[] edge = new long[INITIAL_EDGES * EDGE_STRIDE];
  private int[] bottom = new int[INITIAL_EDGES]; // row after the edge's last row (clamped to the canvas)
  private int[] next = new int[INITIAL_EDGES]; // next edge starting in the same row
  // Per-row scratch.
  private int[] active = new int[INITIAL_EDGES];
  private int[] cross = new int[INITIAL_EDGES];
  private long[] packed = new long[0];
  private int[] rowHead = new int[0]; // per row: first edge starting there, chained through next[]

  /** A new rasterizer with small scratch buffers; they grow on demand. */
  public Rasterizer() {}

  /**
   * Rasterizes {@code polygons} into a new {@code width x height} mask.
   *
   * @throws InvalidArgumentException if a size is outside {@code [1, 16384]} or {@code polygons} is null
   */
  public Mask rasterize(Polygons polygons, int width, int height) {
    Mask.checkSize(width, height);
    byte[] out = new byte[width * height];
    rasterize(polygons, width, height, out);
    return new Mask(width, height, out);
  }

  /**
   * Rasterizes {@code polygons} into the first {@code width * height} bytes of {@code out} (cleared first,
   * then drawn; bytes beyond are left alone).
   *
   * @throws InvalidArgumentException if a size is outside {@code [1, 16384]}, {@code out} is shorter than
   *     {@code width * height}, or an argument is null
   */
  public void rasterize(Polygons polygons, int width, int height, byte[] out) {
    Mask.checkSize(width, height);
    if (polygons == null) {
      throw new InvalidArgumentException("polygons must not be null");
    }
    if (out == null) {
      throw new InvalidArgumentException("output buffer must not be null");
    }
    int size = width * height; // at most 2^28: no overflow
    if (out.length < size) {
      throw new InvalidArgumentException("output buffer of " + out.length + " bytes is too small for "
          + width + "x" + height + " (" + size + " bytes)");
    }
    Arrays.fill(out, 0, size, (byte) 0);
    if (rowHead.length < height) {
      rowHead = new int[height];
      Arrays.fill(rowHead, -1); // kept all -1 between channels: the row loop empties each bucket it reads
    }
    try {
      for (int c = 0, n = polygons.channelCount(); c < n; c++) {
        if (polygons.pointCount(c) >= 3) { // rule 1: fewer points draw nothing, not even an outline
          fillChannel(polygons, c, width, height, out);
          outlineChannel(polygons, c, width, height, out);
        }
      }
    } catch (RuntimeException | Error e) {
      Arrays.fill(rowHead, -1); // an aborted channel may leave buckets filled; never let that reach the next call
      throw e;
    }
    if (bottom.length > RETAINED_EDGES_MAX) {
      releaseScratch(); // a freak frame must not pin its scratch for the rasterizer's lifetime
    }
  }

  /** Even-odd fill of one channel at pixel centres (FORMAT.md 10.1 rule 4, exact form of 10.2). */
  private void fillChannel(Polygons p, int channel, int w, int h, byte[] out) {
    int first = p.start(channel);
    int count = p.pointCount(channel);
    ensureEdgeCapacity(count);
    long[] ed = edge;
    int[] bot = bottom;
    int[] nxt = next;
    int[] head = rowHead;
    int edges = 0;
    int minRow = h;
    int maxRow = 0;
    int last = first + count - 1;
    long a0 = (long) p.x(last) * w; // the closing edge last -> first comes out first; order is irrelevant
    long b0 = (long) p.y(last) * h;
    for (int k = first; k <= last; k++) {
      long a1 = (long) p.x(k) * w;
      long b1 = (long) p.y(k) * h;
      if (b0 != b1) { // horizontal edges never count
        long ta = a0, tb = b0, ba = a1, bb = b1;
        if (b0 > b1) {
          ta = a1; tb = b1; ba = a0; bb = b0;
        }
        // Rows whose centre sb = 512 (2 py + 1) satisfies tb <= sb < bb: [ceil((tb-512)/1024), ceil((bb-512)/1024)).
        long rowTop = Math.max((tb + 511) >> 10, 0);
        long rowEnd = Math.min((bb + 511) >> 10, h);
        if (rowTop < rowEnd) {
          long d = bb - tb;
          long da = ba - ta;
          long dn = 2048 * d;
          long sb = 512 * (2 * rowTop + 1);
          // c = ceil((Nc - 1024 D) / 2048 D), Nc = a0 D + (sb - b0)(a1 - a0): below 2^63 by V20 and the size cap.
          long num = ta * d + (sb - tb) * da - 1024 * d;
          long q = Math.floorDiv(num, dn);
          long step = 1024 * da; // Nc grows by 1024 (a1 - a0) per row
          long qs = Math.floorDiv(step, dn);
          int o = edges * EDGE_STRIDE;
          ed[o + QUOT] = q;
          ed[o + REM] = num - q * dn;
          ed[o + QUOT_STEP] = qs;
          ed[o + REM_STEP] = step - qs * dn;
          ed[o + DEN] = dn;
          int t = (int) rowTop;
          bot[edges] = (int) rowEnd;
          nxt[edges] = head[t]; // bucket by first row
          head[t] = edges;
          minRow = Math.min(minRow, t);
          maxRow = Math.max(maxRow, (int) rowEnd);
          edges++;
        }
      }
      a0 = a1;
      b0 = b1;
    }
    int[] act = active;
    int[] xs = cross;
    int n = 0;
    for (int y = minRow; y < maxRow; y++) {
      for (int e = head[y]; e >= 0; e = nxt[e]) {
        act[n++] = e;
      }
      head[y] = -1; // leave the buckets empty for the next channel
      // One pass: drop edges that ended above this row, take the crossing column, step to the next row.
      int kept = 0;
      for (int i = 0; i < n; i++) {
        int e = act[i];
        if (bot[e] > y) {
          int o = e * EDGE_STRIDE;
          long q = ed[o + QUOT];
          long r = ed[o + REM];
          long c = r != 0 ? q + 1 : q; // ceil of the exact quotient
          xs[kept] = c <= 0 ? 0 : (c >= w ? w : (int) c);
          act[kept++] = e;
          r += ed[o + REM_STEP];
          q += ed[o + QUOT_STEP];
          long dn = ed[o + DEN];
          if (r >= dn) {
            r -= dn;
            q++;
          }
          ed[o + QUOT] = q;
          ed[o + REM] = r;
        }
      }
      n = kept;
      sortCrossings(n);
      int row = y * w;
      for (int i = 0; i + 1 < n; i += 2) { // a closed polygon always crosses a row an even number of times
        int from = xs[i];
        int to = xs[i + 1];
        if (from < to) {
          System.arraycopy(OPAQUE_ROW, 0, out, row + from, to - from);
        }
      }
    }
  }

  /**
   * Sorts {@code cross[0..n)} ascending, carrying {@code active} along so the next row starts nearly
   * sorted. Insertion sort for the usual handful of crossings; a packed-key sort when a pathological
   * channel has many edges active in one row (keeps the worst case O(n log n) per row).
   */
  private void sortCrossings(int n) {
    int[] xs = cross;
    int[] act = active;
    if (n == 2) { // the usual case: one shape's left and right edge
      if (xs[0] > xs[1]) {
        int x = xs[0];
        xs[0] = xs[1];
        xs[1] = x;
        int e = act[0];
        act[0] = act[1];
        act[1] = e;
      }
      return;
    }
    if (n <= INSERTION_SORT_MAX) {
      for (int i = 1; i < n; i++) {
        int x = xs[i];
        int e = act[i];
        int j = i - 1;
        while (j >= 0 && xs[j] > x) {
          xs[j + 1] = xs[j];
          act[j + 1] = act[j];
          j--;
        }
        xs[j + 1] = x;
        act[j + 1] = e;
      }
      return;
    }
    if (packed.length < n) {
      packed = new long[Math.max(n, packed.length * 2)];
    }
    long[] keys = packed;
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) xs[i] << 32) | act[i];
    }
    Arrays.sort(keys, 0, n);
    for (int i = 0; i < n; i++) {
      xs[i] = (int) (keys[i] >>> 32);
      act[i] = (int) keys[i];
    }
  }

  /** Outline of one channel: every edge, closing edge included (FORMAT.md 10.1 rule 5). */
  private void outlineChannel(Polygons p, int channel, int w, int h, byte[] out) {
    int first = p.start(channel);
    int last = first + p.pointCount(channel) - 1;
    // End pixels floor(a / 2048), floor(b / 1024): the arithmetic shift floors negative values too.
    int x0 = (int) (((long) p.x(last) * w) >> 11); // closing edge first
    int y0 = (int) (((long) p.y(last) * h) >> 10);
    for (int k = first; k <= last; k++) {
      int x1 = (int) (((long) p.x(k) * w) >> 11);
      int y1 = (int) (((long) p.y(k) * h) >> 10);
      drawLine(out, w, h, x0, y0, x1, y1);
      x0 = x1;
      y0 = y1;
    }
  }

  /**
   * Sets every pixel inside {@code [0, w) x [0, h)} that the line procedure of FORMAT.md 10.1 visits going
   * from {@code (x0, y0)} to {@code (x1, y1)}, to 255.
   *
   * <p>Exact clipping: the procedure advances the major axis (the one with the larger delta; x on a tie)
   * by exactly one per step, and after {@code k} steps the minor axis has advanced
   * {@code ceil((2 m k - n) / 2n)} (n, m = major and minor delta), which is proven in
   * {@code docs/raster.md} and checked against the plain procedure by the tests. Both coordinates are
   * monotone in {@code k}, so the in-canvas pixels are one contiguous run of steps; its first step and the
   * error term there ({@code err = dx (1 + j) - dy (1 + i)} after i x-steps and j y-steps) are computed
   * directly, and only the visible pixels are walked.
   */
  static void drawLine(byte[] out, int w, int h, int x0, int y0, int x1, int y1) {
    if ((x0 < 0 && x1 < 0) || (x0 >= w && x1 >= w) || (y0 < 0 && y1 < 0) || (y0 >= h && y1 >= h)) {
      return; // both ends beyond the same side: the monotone line never enters the canvas
    }
    if (x0 >= 0 && x0 < w && x1 >= 0 && x1 < w && y0 >= 0 && y0 < h && y1 >= 0 && y1 < h) {
      drawVisibleLine(out, w, x0, y0, x1, y1); // the common case needs no clipping arithmetic
      return;
    }
    long dx = Math.abs((long) x1 - x0);
    long dy = Math.abs((long) y1 - y0);
    int sx = x0 < x1 ? 1 : -1;
    int sy = y0 < y1 ? 1 : -1;
    // Admissible step counts per axis: t in [tLo, tHi] keeps that coordinate inside the canvas.
    long txLo = sx > 0 ? -(long) x0 : (long) x0 - (w - 1);
    long txHi = sx > 0 ? (long) (w - 1) - x0 : x0;
    long tyLo = sy > 0 ? -(long) y0 : (long) y0 - (h - 1);
    long tyHi = sy > 0 ? (long) (h - 1) - y0 : y0;
    boolean xMajor = dx >= dy;
    long n = xMajor ? dx : dy;
    long m = xMajor ? dy : dx;
    long kLo = Math.max(0, xMajor ? txLo : tyLo);
    long kHi = Math.min(n, xMajor ? txHi : tyHi);
    long minorLo = xMajor ? tyLo : txLo;
    long minorHi = xMajor ? tyHi : txHi;
    if (minorLo > 0) { // first k with ceil((2mk - n) / 2n) >= minorLo
      if (minorLo > m) {
        return;
      }
      kLo = Math.max(kLo, Math.floorDiv(n * (2 * minorLo - 1), 2 * m) + 1);
    }
    if (minorHi < m) { // last k with ceil((2mk - n) / 2n) <= minorHi
      if (minorHi < 0) {
        return;
      }
      kHi = Math.min(kHi, Math.floorDiv(n * (2 * minorHi + 1), 2 * m));
    }
    if (kLo > kHi) {
      return;
    }
    long minor = n == 0 ? 0 : ceilDiv(2 * m * kLo - n, 2 * n);
    long i = xMajor ? kLo : minor; // x steps taken
    long j = xMajor ? minor : kLo; // y steps taken
    long err = dx * (1 + j) - dy * (1 + i); // |err| <= 2 max(dx, dy) < 2^21: fits an int
    int x = (int) (x0 + sx * i);
    int y = (int) (y0 + sy * j);
    walk(out, y * w + x, (int) err, (int) dx, (int) dy, sx, sy * w, xMajor, (int) (kHi - kLo));
  }

  /** The plain line procedure of FORMAT.md 10.1, for a line whose end points are both in the canvas. */
  private static void drawVisibleLine(byte[] out, int w, int x0, int y0, int x1, int y1) {
    int dx = Math.abs(x1 - x0);
    int dy = Math.abs(y1 - y0);
    boolean xMajor = dx >= dy;
    walk(out, y0 * w + x0, dx - dy, dx, dy, x0 < x1 ? 1 : -1, y0 < y1 ? w : -w, xMajor, xMajor ? dx : dy);
  }

  /**
   * Runs {@code steps} steps of the line procedure from pixel index {@code idx} with error term
   * {@code err}, setting every visited pixel (all of them in the canvas). The major axis moves on every
   * step (see {@link #drawLine}), so only the minor step is conditional, and it is computed without a
   * branch: lines of every slope would otherwise mispredict it.
   */
  private static void walk(byte[] out, int idx, int err, int dx, int dy, int stepX, int stepY,
      boolean xMajor, int steps) {
    if (xMajor) {
      for (int s = 0; ; s++) {
        out[idx] = (byte) 0xFF;
        if (s == steps) {
          return;
        }
        int yStep = ((2 * err) - dx) >> 31; // all ones when 2 err < dx
        err += (dx & yStep) - dy;
        idx += stepX + (stepY & yStep);
      }
    }
    for (int s = 0; ; s++) {
      out[idx] = (byte) 0xFF;
      if (s == steps) {
        return;
      }
      int xStep = (-dy - (2 * err)) >> 31; // all ones when 2 err > -dy
      err += dx - (dy & xStep);
      idx += stepY + (stepX & xStep);
    }
  }

  private static long ceilDiv(long a, long b) { // b > 0
    return -Math.floorDiv(-a, b);
  }

  private void releaseScratch() {
    edge = new long[INITIAL_EDGES * EDGE_STRIDE];
    bottom = new int[INITIAL_EDGES];
    next = new int[INITIAL_EDGES];
    active = new int[INITIAL_EDGES];
    cross = new int[INITIAL_EDGES];
    packed = new long[0];
  }

  private void ensureEdgeCapacity(int count) {
    if (bottom.length >= count) {
      return;
    }
    int cap = Math.max(count, bottom.length * 2);
    edge = new long[cap * EDGE_STRIDE];
    bottom = new int[cap];
    next = new int[cap];
    active = new int[cap];
    cross = new int[cap];
  }
}
