package io.alphastream.geometry;

/**
 * Ear clipping of one weakly simple, counter-clockwise polygon (x right, y up) given as a cycle of
 * vertex ids into rational coordinate arrays. The polygon may touch itself at vertices and may
 * contain zero-width bridges and spikes (a face of {@link EvenOddTriangulator}'s plane graph); all
 * tests are exact.
 */
final class EarClipper {
  private final long[] x;
  private final long[] y;
  private final long[] d;
  private final int[] v; // vertex id at each position
  private final int[] prev;
  private final int[] next;
  private int alive;

  EarClipper(long[] x, long[] y, long[] d, int[] cycle) {
    this.x = x;
    this.y = y;
    this.d = d;
    this.v = cycle;
    int n = cycle.length;
    prev = new int[n];
    next = new int[n];
    for (int i = 0; i < n; i++) {
      prev[i] = i == 0 ? n - 1 : i - 1;
      next[i] = i + 1 == n ? 0 : i + 1;
    }
    alive = n;
  }

  private int orient(int a, int b, int c) {
    int p = v[a];
    int q = v[b];
    int r = v[c];
    return Exact.orient(x[p], y[p], d[p], x[q], y[q], d[q], x[r], y[r], d[r]);
  }

  private void remove(int i) {
    next[prev[i]] = next[i];
    prev[next[i]] = prev[i];
    alive--;
  }

  /** Appends triangles (vertex id triples) to {@code out}. */
  void clip(EvenOddTriangulator.IntList out) {
    int cur = 0;
    int stall = 0;
    boolean relaxed = false;
    while (alive >= 3) {
      int a = prev[cur];
      int c = next[cur];
      if (v[a] == v[c]) {
        // spike a -> cur -> a: encloses nothing
        remove(cur);
        remove(c);
        cur = a;
        stall = 0;
        continue;
      }
      int o = orient(a, cur, c);
      if (o == 0) {
        // straight vertex on the segment a-c (or a zero-area reversal): encloses nothing
        remove(cur);
        cur = a;
        stall = 0;
        continue;
      }
      if (o > 0 && isEar(a, cur, c, relaxed)) {
        out.add(v[a]);
        out.add(v[cur]);
        out.add(v[c]);
        remove(cur);
        cur = c;
        stall = 0;
        relaxed = false;
        continue;
      }
      cur = c;
      if (++stall > alive) {
        if (relaxed) {
          // Cannot happen for a weakly simple polygon; refuse rather than emit wrong triangles.
          throw new IllegalStateException("ear clipping found no ear among " + alive + " vertices");
        }
        relaxed = true; // second pass: only vertices strictly inside block an ear
        stall = 0;
      }
    }
  }

  /**
   * True when no other vertex (other than those at the same point as a, b or c) lies in the closed
   * triangle (strictly inside only, when {@code relaxed}).
   */
  private boolean isEar(int a, int b, int c, boolean relaxed) {
    int va = v[a];
    int vb = v[b];
    int vc = v[c];
    for (int p = next[c]; p != a; p = next[p]) {
      int vp = v[p];
      if (vp == va || vp == vb || vp == vc) {
        continue;
      }
      int o1 = orient(a, b, p);
      if (o1 < 0) {
        continue;
      }
      int o2 = orient(b, c, p);
      if (o2 < 0) {
        continue;
      }
      int o3 = orient(c, a, p);
      if (o3 < 0) {
        continue;
      }
      if (!relaxed || (o1 > 0 && o2 > 0 && o3 > 0)) {
        return false;
      }
    }
    return true;
  }
}
