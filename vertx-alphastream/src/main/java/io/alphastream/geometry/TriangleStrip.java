package io.alphastream.geometry;

import io.alphastream.format.Polygons;
import java.util.Arrays;

/**
 * A frame's polygons as triangles for a GPU: every channel's even-odd region (FORMAT.md section 10.1
 * step 4, concave and self-intersecting polygons included) as a triangle list in native file
 * coordinates. The C ABI's {@code CV_get_triangle_strip_vertices} returns exactly this; Java users call
 * {@link #vertices(Polygons)} on a frame from {@code AlphaStream.polygons} / {@code getPolygons} or a
 * {@code StreamFile}.
 *
 * <p>Layout: {@code x0, y0, x1, y1, x2, y2} per triangle, floats, every three vertices one triangle
 * (a list, despite the historical name). Triangles of one channel do not overlap; triangles of
 * different channels may (channels are a union). Winding is counter-clockwise with y up, which is
 * clockwise on the y-down screen; hosts should not cull.
 *
 * <p>Exactness: the triangulation is computed in exact rational arithmetic and adds no points except
 * where edges cross. Every triangle vertex that is a file point is an integer and exact as a float;
 * only crossing points of self-intersecting channels are rounded to the nearest float. Channels with
 * fewer than 3 points contribute nothing. Pure computation; thread-safe (no shared state).
 */
public final class TriangleStrip {
  private TriangleStrip() {}

  /** Triangle-list vertices of all channels of {@code frame}, as described in the class comment. */
  public static float[] vertices(Polygons frame) {
    float[] out = new float[0];
    int size = 0;
    for (int c = 0; c < frame.channelCount(); c++) {
      EvenOddTriangulator.Mesh m = mesh(frame, c);
      int[] t = m.triangles;
      if (size + 2 * t.length > out.length) {
        out = Arrays.copyOf(out, Math.max(2 * out.length, size + 2 * t.length));
      }
      for (int id : t) {
        out[size++] = toFloat(m.x[id], m.d[id]);
        out[size++] = toFloat(m.y[id], m.d[id]);
      }
    }
    return size == out.length ? out : Arrays.copyOf(out, size);
  }

  /**
   * The exact triangulation of one channel.
   *
   * @throws IllegalArgumentException for a channel of more than {@value EvenOddTriangulator#MAX_POINTS} points
   */
  static EvenOddTriangulator.Mesh mesh(Polygons frame, int channel) {
    int n = frame.pointCount(channel);
    int s = frame.start(channel);
    int[] xs = new int[n];
    int[] ys = new int[n];
    for (int i = 0; i < n; i++) {
      xs[i] = frame.x(s + i);
      ys[i] = frame.y(s + i);
    }
    return EvenOddTriangulator.triangulate(xs, ys, n);
  }

  private static float toFloat(long num, long den) {
    return den == 1 ? (float) num : (float) ((double) num / den);
  }
}
