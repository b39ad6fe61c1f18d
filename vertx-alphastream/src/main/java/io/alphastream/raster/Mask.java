package io.alphastream.raster;

import io.alphastream.InvalidArgumentException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * An R8 mask (FORMAT.md section 11): one byte per pixel, row-major, origin top-left, row stride equal to
 * the width, {@code 0} = transparent and {@code 255} = opaque.
 *
 * <p>A mask wraps its byte array without copying: the constructor takes ownership, and {@link #data()}
 * returns the same array. It is therefore not immutable; treat a mask as read-only once it has been
 * handed to another component (a cache, an encoder), the way Netty treats a buffer passed to
 * {@code write()}.
 */
public final class Mask {

  /** Smallest accepted width or height. */
  public static final int MIN_SIZE = 1;
  /** Largest accepted width or height (FORMAT.md section 10.1). */
  public static final int MAX_SIZE = 16384;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_7_BITS = 0x7F7F_7F7F_7F7F_7F7FL;
  private static final long ONE_PER_BYTE = 0x0101_0101_0101_0101L;
  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private final int width;
  private final int height;
  private final byte[] data;

  /**
   * Wraps {@code data} (exactly {@code width * height} bytes, taken over without copying).
   *
   * @throws InvalidArgumentException if a size is outside {@code [1, 16384]} or the length does not match
   */
  public Mask(int width, int height, byte[] data) {
    checkSize(width, height);
    if (data == null) {
      throw new InvalidArgumentException("mask data must not be null");
    }
    if (data.length != width * height) {
      throw new InvalidArgumentException("mask data of " + width + "x" + height + " must have "
          + (width * height) + " bytes, not " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /** A new all-transparent mask of the given size. */
  public static Mask allocate(int width, int height) {
    checkSize(width, height);
    return new Mask(width, height, new byte[width * height]);
  }

  /** A copy with its own pixel array: changing one never changes the other. */
  public Mask copy() {
    return new Mask(width, height, data.clone());
  }

  /**
   * Checks an output size against FORMAT.md section 10.1 (each side 1 .. 16384).
   *
   * @throws InvalidArgumentException naming the bad side
   */
  static void checkSize(int width, int height) {
    if (width < MIN_SIZE || width > MAX_SIZE) {
      throw new InvalidArgumentException("width must be in [" + MIN_SIZE + ", " + MAX_SIZE + "]: " + width);
    }
    if (height < MIN_SIZE || height > MAX_SIZE) {
      throw new InvalidArgumentException("height must be in [" + MIN_SIZE + ", " + MAX_SIZE + "]: " + height);
    }
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Bytes from one row to the next; always equal to {@link #width()} (no padding). */
  public int stride() {
    return width;
  }

  /** The pixel bytes, {@code width * height} of them; pixel {@code (x, y)} is at {@code y * width + x}. */
  public byte[] data() {
    return data;
  }

  /** The value (0..255) of pixel {@code (x, y)}. */
  public int get(int x, int y) {
    if (x < 0 || x >= width || y < 0 || y >= height) {
      throw new InvalidArgumentException("pixel (" + x + ", " + y + ") is outside the " + width + "x"
          + height + " mask");
    }
    return data[y * width + x] & 0xFF;
  }

  /** Number of opaque pixels (value 255). */
  public long opaqueCount() {
    // Eight pixels per step: a byte-by-byte loop took longer than rasterizing the frame.
    long n = 0;
    int i = 0;
    for (int last = data.length - Long.BYTES; i <= last; i += Long.BYTES) {
      long x = (long) LONGS.get(data, i);
      // per byte: (low 7 bits) + 1 reaches bit 7 only from 0x7F (no carry crosses a byte), and bit 7
      // of the byte itself must be set too: so bit 7 ends up set exactly in the bytes equal to 255
      n += Long.bitCount(((x & LOW_7_BITS) + ONE_PER_BYTE) & x & HIGH_BITS);
    }
    for (; i < data.length; i++) {
      if (data[i] == (byte) 0xFF) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "Mask[" + width + "x" + height + "]";
  }
}
