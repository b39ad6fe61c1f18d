package io.alphastream.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Triangulates the even-odd region of one closed polygon exactly, without adding points except
 * where edges cross.
 *
 * <ol>
 *   <li>Every pair of edges is intersected in exact arithmetic; edges are split at all crossings,
 *       touch points and collinear overlaps. Crossing points are rationals {@code (x/d, y/d)}.</li>
 *   <li>Coincident pieces are merged, keeping their multiplicity mod 2: a piece covered an odd number
 *       of times is region boundary, an even one separates nothing (it stays in the graph as a
 *       "bridge", which keeps the graph connected, so every face is simply connected).</li>
 *   <li>The faces of this plane graph are traced; the unbounded face is even, and crossing a piece
 *       flips parity when its multiplicity is odd. Odd faces are the region.</li>
 *   <li>Each odd face, a weakly simple polygon (it may touch itself or contain bridges), is
 *       ear-clipped with exact orientation tests.</li>
 * </ol>
 *
 * <p>The result is a set of triangles whose vertices are polygon points or crossing points, whose
 * interiors are disjoint, and whose union is the even-odd region. Not thread-safe per call (no
 * shared state: each call allocates its own scratch).
 */
final class EvenOddTriangulator {

  /** Channels with more points are refused: the edge intersection pass is quadratic. */
  static final int MAX_POINTS = 20_000;

  private EvenOddTriangulator() {}

  /** Rational vertices (x[i]/d[i], y[i]/d[i]) and triangles as index triples, counter-clockwise (x right, y up). */
  static final class Mesh {
    static final Mesh EMPTY = new Mesh(new long[0], new long[0], new long[0], new int[0]);
    final long[] x;
    final long[] y;
    final long[] d;
    final int[] triangles;

    Mesh(long[] x, long[] y, long[] d, int[] triangles) {
      this.x = x;
      this.y = y;
      this.d = d;
      this.triangles = triangles;
    }

    int triangleCount() {
      return triangles.length / 3;
    }

    /** True when every vertex is an integer point (no crossing points were needed). */
    boolean integerVertices() {
      for (int i = 0; i < triangles.length; i++) {
        if (d[triangles[i]] != 1) {
          return false;
        }
      }
      return true;
    }
  }

  private record Key(long x, long y, long d) {}

  /** Triangulates the closed polygon {@code (xs[i], ys[i])}, {@code i < n}. */
  static Mesh triangulate(int[] xs, int[] ys, int n) {
    if (n < 3) {
      return Mesh.EMPTY;
    }
    if (n > MAX_POINTS) {
      throw new IllegalStateException("channel has " + n + " points; at most " + MAX_POINTS
          + " are triangulated");
    }
    return new EvenOddTriangulator.Run(xs, ys, n).mesh();
  }

  /** State of one triangulation. */
  private static final class Run {
    // vertices
    private final Map<Key, Integer> ids = new HashMap<>();
    private long[] vx = new long[64];
    private long[] vy = new long[64];
    private long[] vd = new long[64];
    private int vertexCount;

    // original edges (integer)
    private final int edgeCount;
    private final long[] ex0;
    private final long[] ey0;
    private final long[] erx;
    private final long[] ery;
    // split points per edge: parameter t = tn / td and vertex id
    private final List<long[]> splits = new ArrayList<>();

    Run(int[] xs, int[] ys, int n) {
      ex0 = new long[n];
      ey0 = new long[n];
      erx = new long[n];
      ery = new long[n];
      int m = 0;
      for (int k = 0; k < n; k++) {
        int j = k + 1 == n ? 0 : k + 1;
        long rx = (long) xs[j] - xs[k];
        long ry = (long) ys[j] - ys[k];
        if (rx == 0 && ry == 0) {
          continue; // zero-length edge (repeated point): changes nothing
        }
        ex0[m] = xs[k];
        ey0[m] = ys[k];
        erx[m] = rx;
        ery[m] = ry;
        m++;
      }
      edgeCount = m;
    }

    private int vertex(long x, long y, long d) {
      if (d < 0) {
        x = -x;
        y = -y;
        d = -d;
      }
      if (d != 1) {
        long g = Exact.gcd(Exact.gcd(x, y), d);
        if (g > 1) {
          x /= g;
          y /= g;
          d /= g;
        }
      }
      Key key = new Key(x, y, d);
      Integer id = ids.get(key);
      if (id != null) {
        return id;
      }
      if (vertexCount == vx.length) {
        vx = Arrays.copyOf(vx, vertexCount * 2);
        vy = Arrays.copyOf(vy, vertexCount * 2);
        vd = Arrays.copyOf(vd, vertexCount * 2);
      }
      vx[vertexCount] = x;
      vy[vertexCount] = y;
      vd[vertexCount] = d;
      ids.put(key, vertexCount);
      return vertexCount++;
    }

    // per-edge split lists as growable long triples (tn, td, vertex)
    private long[][] splitData;
    private int[] splitCount;

    private void addSplit(int edge, long tn, long td, int v) {
      long[] a = splitData[edge];
      int c = splitCount[edge];
      if (3 * c + 3 > a.length) {
        a = splitData[edge] = Arrays.copyOf(a, a.length * 2);
      }
      a[3 * c] = tn;
      a[3 * c + 1] = td;
      a[3 * c + 2] = v;
      splitCount[edge] = c + 1;
    }

    Mesh mesh() {
      if (edgeCount < 2) {
        return Mesh.EMPTY;
      }
      splitData = new long[edgeCount][];
      splitCount = new int[edgeCount];
      for (int e = 0; e < edgeCount; e++) {
        splitData[e] = new long[12];
        addSplit(e, 0, 1, vertex(ex0[e], ey0[e], 1));
        addSplit(e, 1, 1, vertex(ex0[e] + erx[e], ey0[e] + ery[e], 1));
      }
      intersectAll();
      Graph g = buildGraph();
      if (g.segmentCount == 0) {
        return Mesh.EMPTY;
      }
      int[] tris = g.triangulateOddFaces();
      return new Mesh(Arrays.copyOf(vx, vertexCount), Arrays.copyOf(vy, vertexCount),
          Arrays.copyOf(vd, vertexCount), tris);
    }

    /** Step 1: all pairwise crossings, touches and collinear overlaps of the original edges. */
    private void intersectAll() {
      // Sort edges by min y so that only pairs with overlapping y ranges are tested.
      Integer[] order = new Integer[edgeCount];
      long[] ymin = new long[edgeCount];
      long[] ymax = new long[edgeCount];
      for (int e = 0; e < edgeCount; e++) {
        order[e] = e;
        ymin[e] = Math.min(ey0[e], ey0[e] + ery[e]);
        ymax[e] = Math.max(ey0[e], ey0[e] + ery[e]);
      }
      Arrays.sort(order, (a, b) -> Long.compare(ymin[a], ymin[b]));
      for (int oi = 0; oi < edgeCount; oi++) {
        int i = order[oi];
        for (int oj = oi + 1; oj < edgeCount; oj++) {
          int j = order[oj];
          if (ymin[j] > ymax[i]) {
            break;
          }
          intersect(i, j);
        }
      }
    }

    private void intersect(int i, int j) {
      long rx = erx[i];
      long ry = ery[i];
      long sx = erx[j];
      long sy = ery[j];
      long qx = ex0[j] - ex0[i];
      long qy = ey0[j] - ey0[i];
      long d = rx * sy - ry * sx;
      if (d != 0) {
        long tn = qx * sy - qy * sx; // t on edge i = tn / d
        long un = qx * ry - qy * rx; // u on edge j = un / d
        if (d < 0) {
          d = -d;
          tn = -tn;
          un = -un;
        }
        if (tn < 0 || tn > d || un < 0 || un > d) {
          return;
        }
        int v = vertex(ex0[i] * d + rx * tn, ey0[i] * d + ry * tn, d);
        addSplit(i, tn, d, v);
        addSplit(j, un, d, v);
        return;
      }
      if (qx * ry - qy * rx != 0) {
        return; // parallel, not collinear
      }
      // Collinear: each edge is split at the other's end points that lie inside it.
      long rr = rx * rx + ry * ry;
      for (int k = 0; k < 2; k++) {
        long px = ex0[j] + k * sx - ex0[i];
        long py = ey0[j] + k * sy - ey0[i];
        long tn = px * rx + py * ry;
        if (tn > 0 && tn < rr) {
          addSplit(i, tn, rr, vertex(ex0[i] + px, ey0[i] + py, 1));
        }
      }
      long ss = sx * sx + sy * sy;
      for (int k = 0; k < 2; k++) {
        long px = ex0[i] + k * rx - ex0[j];
        long py = ey0[i] + k * ry - ey0[j];
        long un = px * sx + py * sy;
        if (un > 0 && un < ss) {
          addSplit(j, un, ss, vertex(ex0[j] + px, ey0[j] + py, 1));
        }
      }
    }

    /** Step 2: split edges into pieces, merge coincident pieces with multiplicity mod 2. */
    private Graph buildGraph() {
      Map<Long, Integer> segIndex = new HashMap<>();
      Graph g = new Graph(vx, vy, vd, vertexCount);
      for (int e = 0; e < edgeCount; e++) {
        int c = splitCount[e];
        long[] a = splitData[e];
        Integer[] order = new Integer[c];
        for (int k = 0; k < c; k++) {
          order[k] = k;
        }
        Arrays.sort(order, (p, q) -> Exact.compareFractions(a[3 * p], a[3 * p + 1], a[3 * q], a[3 * q + 1]));
        long gdir = Exact.gcd(erx[e], ery[e]);
        long dx = erx[e] / gdir;
        long dy = ery[e] / gdir;
        int prev = (int) a[3 * order[0] + 2];
        for (int k = 1; k < c; k++) {
          int v = (int) a[3 * order[k] + 2];
          if (v == prev) {
            continue;
          }
          int lo = Math.min(prev, v);
          int hi = Math.max(prev, v);
          long key = ((long) lo << 32) | hi;
          Integer s = segIndex.get(key);
          if (s == null) {
            // direction stored from lo to hi
            s = prev == lo ? g.addSegment(lo, hi, dx, dy) : g.addSegment(lo, hi, -dx, -dy);
            segIndex.put(key, s);
          }
          g.parity[s] ^= 1;
          prev = v;
        }
      }
      return g;
    }
  }

  /** Steps 3 and 4: the plane graph of pieces, its faces, and ear clipping of the odd ones. */
  private static final class Graph {
    final long[] vx;
    final long[] vy;
    final long[] vd;
    final int vertexCount;
    int segmentCount;
    int[] lo = new int[64];
    int[] hi = new int[64];
    long[] dx = new long[64];
    long[] dy = new long[64];
    int[] parity = new int[64];

    Graph(long[] vx, long[] vy, long[] vd, int vertexCount) {
      this.vx = vx;
      this.vy = vy;
      this.vd = vd;
      this.vertexCount = vertexCount;
    }

    int addSegment(int a, int b, long ddx, long ddy) {
      if (segmentCount == lo.length) {
        int n = segmentCount * 2;
        lo = Arrays.copyOf(lo, n);
        hi = Arrays.copyOf(hi, n);
        dx = Arrays.copyOf(dx, n);
        dy = Arrays.copyOf(dy, n);
        parity = Arrays.copyOf(parity, n);
      }
      lo[segmentCount] = a;
      hi[segmentCount] = b;
      dx[segmentCount] = ddx;
      dy[segmentCount] = ddy;
      return segmentCount++;
    }

    // Half-edge h: segment h >> 1; even h runs lo -> hi, odd h runs hi -> lo.
    private int origin(int h) {
      return (h & 1) == 0 ? lo[h >> 1] : hi[h >> 1];
    }

    private long hdx(int h) {
      return (h & 1) == 0 ? dx[h >> 1] : -dx[h >> 1];
    }

    private long hdy(int h) {
      return (h & 1) == 0 ? dy[h >> 1] : -dy[h >> 1];
    }

    /** Angular order of directions, counter-clockwise starting at +x. */
    private int compareAngle(int a, int b) {
      long ax = hdx(a);
      long ay = hdy(a);
      long bx = hdx(b);
      long by = hdy(b);
      int ha = ay > 0 || (ay == 0 && ax > 0) ? 0 : 1;
      int hb = by > 0 || (by == 0 && bx > 0) ? 0 : 1;
      if (ha != hb) {
        return Integer.compare(ha, hb);
      }
      return -Long.signum(ax * by - ay * bx);
    }

    int[] triangulateOddFaces() {
      int halfEdges = 2 * segmentCount;
      // outgoing half-edges per vertex, sorted by angle
      int[] degree = new int[vertexCount + 1];
      for (int h = 0; h < halfEdges; h++) {
        degree[origin(h) + 1]++;
      }
      for (int v = 0; v < vertexCount; v++) {
        degree[v + 1] += degree[v];
      }
      int[] first = degree; // first[v] .. first[v+1]-1
      int[] fill = Arrays.copyOf(first, vertexCount);
      Integer[] out = new Integer[halfEdges];
      for (int h = 0; h < halfEdges; h++) {
        out[fill[origin(h)]++] = h;
      }
      int[] pos = new int[halfEdges];
      for (int v = 0; v < vertexCount; v++) {
        Arrays.sort(out, first[v], first[v + 1], this::compareAngle);
        for (int k = first[v]; k < first[v + 1]; k++) {
          pos[out[k]] = k;
        }
      }
      // next half-edge around the face on the left: at the destination, the first outgoing
      // half-edge clockwise from the way back.
      int[] next = new int[halfEdges];
      for (int h = 0; h < halfEdges; h++) {
        int twin = h ^ 1;
        int w = origin(twin);
        int p = pos[twin] - 1;
        if (p < first[w]) {
          p = first[w + 1] - 1;
        }
        next[h] = out[p];
      }
      int[] face = new int[halfEdges];
      Arrays.fill(face, -1);
      int faces = 0;
      for (int h = 0; h < halfEdges; h++) {
        if (face[h] < 0) {
          for (int k = h; face[k] < 0; k = next[k]) {
            face[k] = faces;
          }
          faces++;
        }
      }
      // the unbounded face: left of the steepest-counter-clockwise half-edge leaving the leftmost vertex
      int left = 0;
      for (int v = 1; v < vertexCount; v++) {
        if (first[v + 1] == first[v]) {
          continue;
        }
        if (first[left + 1] == first[left]) {
          left = v;
          continue;
        }
        int c = Exact.compareFractions(vx[v], vd[v], vx[left], vd[left]);
        if (c < 0 || (c == 0 && Exact.compareFractions(vy[v], vd[v], vy[left], vd[left]) < 0)) {
          left = v;
        }
      }
      int outerHalf = out[first[left]];
      for (int k = first[left] + 1; k < first[left + 1]; k++) {
        int h = out[k];
        // all directions at the leftmost vertex lie in (-90°, 90°]: cross > 0 means more counter-clockwise
        if (hdx(outerHalf) * hdy(h) - hdy(outerHalf) * hdx(h) > 0) {
          outerHalf = h;
        }
      }
      int[] faceParity = new int[faces];
      Arrays.fill(faceParity, -1);
      int[] faceStart = new int[faces];
      for (int h = halfEdges - 1; h >= 0; h--) {
        faceStart[face[h]] = h;
      }
      int[] stack = new int[faces];
      int sp = 0;
      faceParity[face[outerHalf]] = 0;
      stack[sp++] = face[outerHalf];
      while (sp > 0) {
        int f = stack[--sp];
        int h0 = faceStart[f];
        int h = h0;
        do {
          int g = face[h ^ 1];
          if (faceParity[g] < 0) {
            faceParity[g] = faceParity[f] ^ parity[h >> 1];
            stack[sp++] = g;
          }
          h = next[h];
        } while (h != h0);
      }
      IntList tris = new IntList();
      IntList cycle = new IntList();
      for (int f = 0; f < faces; f++) {
        if (faceParity[f] != 1) {
          continue;
        }
        cycle.size = 0;
        int h0 = faceStart[f];
        int h = h0;
        do {
          cycle.add(origin(h));
          h = next[h];
        } while (h != h0);
        new EarClipper(vx, vy, vd, cycle.toArray()).clip(tris);
      }
      return tris.toArray();
    }
  }

  /** Growable int array. */
  static final class IntList {
    int[] a = new int[64];
    int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
