package io.alphastream;

import io.alphastream.raster.Mask;
import java.util.Arrays;

/**
 * One frame rasterized to an R8 buffer (FORMAT.md section 11) that belongs to the caller: width x height
 * bytes, row-major, stride = width, 0 = transparent and 255 = opaque. {@link #bytes()} returns the frame's
 * own array without copying; the facade keeps no reference to it. Unlike a {@link Mask} (shared, read-only
 * by contract), it also names its frame, and two frames are equal when index, size and pixels are.
 *
 * @param index the frame index in the stream
 * @param bytes the pixels, {@code width * height} bytes, owned by the caller
 */
public record R8Frame(int index, int width, int height, byte[] bytes) {

  /** @throws InvalidArgumentException if {@code bytes} does not hold exactly {@code width * height} pixels */
  public R8Frame {
    if (index < 0 || width < 1 || height < 1 || bytes == null || bytes.length != (long) width * height) {
      throw new InvalidArgumentException("bad R8 frame: index " + index + ", " + width + "x" + height + ", "
          + (bytes == null ? "no" : bytes.length) + " bytes");
    }
  }

  /** A frame holding a fresh copy of {@code mask}'s pixels. */
  public static R8Frame copyOf(int index, Mask mask) {
    byte[] data = mask.data();
    return new R8Frame(index, mask.width(), mask.height(), Arrays.copyOf(data, data.length));
  }

  /** Bytes from one row to the next: always {@link #width()}. */
  public int stride() {
    return width;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof R8Frame f && f.index == index && f.width == width && f.height == height
        && Arrays.equals(f.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * index + width) + height) + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "R8Frame[index=" + index + ", " + width + "x" + height + "]";
  }
}
