package io.alphastream.raster;

import io.alphastream.InvalidArgumentException;

/**
 * Nearest-neighbour resizing of an R8 mask with the centre-aligned rule of FORMAT.md section 12:
 *
 * <pre>
 *   src_x = floor((2 x + 1) * in_w / (2 * out_w))
 *   src_y = floor((2 y + 1) * in_h / (2 * out_h))
 * </pre>
 *
 * <p>Output pixel {@code (x, y)} takes the source pixel whose area contains the output pixel's centre
 * {@code ((x + 1/2) in_w / out_w, (y + 1/2) in_h / out_h)}; the indices are always in range. A resized
 * mask is <b>not</b> the mask rasterized at the target size: rasterize at the target size whenever the
 * polygons are at hand, and resize only masks that exist solely as pixels.
 */
public final class Resize {
  private Resize() {}

  /**
   * A new {@code width x height} mask resampled from {@code mask}; a copy when the sizes are equal.
   *
   * @throws InvalidArgumentException if {@code mask} is null or a size is outside {@code [1, 16384]}
   */
  public static Mask resize(Mask mask, int width, int height) {
    if (mask == null) {
      throw new InvalidArgumentException("mask must not be null");
    }
    Mask.checkSize(width, height);
    int inW = mask.width();
    int inH = mask.height();
    byte[] src = mask.data();
    byte[] dst = new byte[width * height];
    if (inW == width && inH == height) {
      System.arraycopy(src, 0, dst, 0, dst.length);
      return new Mask(width, height, dst);
    }
    int[] column = new int[width];
    for (int x = 0; x < width; x++) {
      column[x] = (int) ((2L * x + 1) * inW / (2L * width)); // non-negative: division is floor
    }
    for (int y = 0; y < height; y++) {
      int srcRow = (int) ((2L * y + 1) * inH / (2L * height)) * inW;
      int dstRow = y * width;
      if (inW == width) {
        System.arraycopy(src, srcRow, dst, dstRow, width);
      } else {
        for (int x = 0; x < width; x++) {
          dst[dstRow + x] = src[srcRow + column[x]];
        }
      }
    }
    return new Mask(width, height, dst);
  }
}
