package io.alphastream;

import io.alphastream.raster.Mask;
import java.util.Arrays;

/**
 * One frame rasterized to an R8 buffer (FORMAT.md section 11) that belongs to the caller: width x height
 * bytes, row-major, stride = width, 0 = transparent and 255 = opaque. {@link #bytes()} returns the frame's
 * own array without copying; nobody else holds a reference to it.
 */
public final class R8Frame {
  private final int index;
  private final int width;
  private final int height;
  private final byte[] bytes;

  private R8Frame(int index, int width, int height, byte[] bytes) {
    this.index = index;
    this.width = width;
    this.height = height;
    this.bytes = bytes;
  }

  /** A frame holding a fresh copy of {@code mask}'s pixels. */
  public static R8Frame copyOf(int index, Mask mask) {
    byte[] data = mask.data();
    return new R8Frame(index, mask.width(), mask.height(), Arrays.copyOf(data, data.length));
  }

  /** The frame index in the stream. */
  public int index() {
    return index;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Bytes from one row to the next: always {@link #width()}. */
  public int stride() {
    return width;
  }

  /** The pixels, {@code width * height} bytes, owned by the caller. */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "R8Frame[index=" + index + ", " + width + "x" + height + "]";
  }
}
