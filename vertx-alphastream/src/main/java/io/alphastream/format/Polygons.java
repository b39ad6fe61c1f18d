package io.alphastream.format;

import java.util.Arrays;

/**
 * The decoded geometry of one frame: its channels, each a closed polygon of integer points in native
 * file coordinates (2048 x 1024 space, points may lie outside it). Immutable and compact: all points
 * live in two flat arrays, so a cached frame costs about 8 bytes per point.
 *
 * <p>Channel {@code c} owns points {@code start(c) .. start(c) + pointCount(c) - 1}.
 */
public final class Polygons {

  /** A frame with no channels. */
  public static final Polygons EMPTY = new Polygons(new int[] {0}, new int[0], new int[0]);

  private final int[] starts; // channelCount + 1 entries; starts[c + 1] - starts[c] = points of channel c
  private final int[] xs;
  private final int[] ys;

  private Polygons(int[] starts, int[] xs, int[] ys) {
    this.starts = starts;
    this.xs = xs;
    this.ys = ys;
  }

  /**
   * Wraps arrays without copying; the caller gives up ownership. {@code starts} has one entry per
   * channel plus a final entry equal to the total point count, non-decreasing, starting at 0.
   */
  public static Polygons wrap(int[] starts, int[] xs, int[] ys) {
    if (starts.length < 1 || starts[0] != 0 || xs.length != ys.length
        || starts[starts.length - 1] != xs.length) {
      throw new IllegalArgumentException("inconsistent polygon arrays");
    }
    for (int c = 1; c < starts.length; c++) {
      if (starts[c] < starts[c - 1]) {
        throw new IllegalArgumentException("channel starts must not decrease");
      }
    }
    return new Polygons(starts, xs, ys);
  }

  public int channelCount() {
    return starts.length - 1;
  }

  /** Index of the first point of {@code channel} in the flat point arrays. */
  public int start(int channel) {
    return starts[channel];
  }

  public int pointCount(int channel) {
    return starts[channel + 1] - starts[channel];
  }

  /** Total number of points over all channels. */
  public int totalPoints() {
    return xs.length;
  }

  /** x of flat point {@code point} (see {@link #start(int)}). */
  public int x(int point) {
    return xs[point];
  }

  /** y of flat point {@code point} (see {@link #start(int)}). */
  public int y(int point) {
    return ys[point];
  }

  /** Approximate retained heap bytes, for cache weighing. */
  public long retainedBytes() {
    return 64L + 4L * (starts.length + xs.length + ys.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Polygons p && Arrays.equals(starts, p.starts) && Arrays.equals(xs, p.xs)
        && Arrays.equals(ys, p.ys);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(starts) * 31 + Arrays.hashCode(xs)) * 31 + Arrays.hashCode(ys);
  }

  @Override
  public String toString() {
    return "Polygons[channels=" + channelCount() + ", points=" + totalPoints() + "]";
  }

  /** Builds a {@link Polygons} channel by channel; not thread-safe. */
  public static final class Builder {
    private int[] starts = new int[9];
    private int channels;
    private int[] xs = new int[256];
    private int[] ys = new int[256];
    private int points;

    /** Starts a new channel; the points added next belong to it. */
    public Builder beginChannel() {
      if (channels + 2 > starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      channels++;
      starts[channels] = points;
      return this;
    }

    public Builder add(int x, int y) {
      if (channels == 0) {
        throw new IllegalStateException("beginChannel() first");
      }
      if (points == xs.length) {
        xs = Arrays.copyOf(xs, xs.length * 2);
        ys = Arrays.copyOf(ys, ys.length * 2);
      }
      xs[points] = x;
      ys[points] = y;
      points++;
      starts[channels] = points;
      return this;
    }

    public Polygons build() {
      return new Polygons(Arrays.copyOf(starts, channels + 1), Arrays.copyOf(xs, points),
          Arrays.copyOf(ys, points));
    }
  }
}
