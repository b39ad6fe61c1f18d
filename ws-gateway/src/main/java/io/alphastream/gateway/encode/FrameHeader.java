package io.alphastream.gateway.encode;

import io.alphastream.InvalidArgumentException;

/**
 * The 16-byte little-endian header in front of every binary frame message.
 *
 * <pre>
 * offset size field
 *      0    1 protocol version (1)
 *      1    1 encoding (0 = r8, 1 = rle, 2 = poly)
 *      2    2 reserved (0)
 *      4    4 frame index (u32)
 *      8    2 width (u16)
 *     10    2 height (u16)
 *     12    4 payload length in bytes (u32)
 * </pre>
 *
 * @param encoding      how the payload encodes the mask
 * @param frameIndex    stream frame index, 0-based
 * @param width         mask width in pixels, 1..65535
 * @param height        mask height in pixels, 1..65535
 * @param payloadLength bytes following the header
 */
public record FrameHeader(Encoding encoding, int frameIndex, int width, int height, int payloadLength) {
  /** Header size in bytes. */
  public static final int LENGTH = 16;
  /** The protocol version this gateway writes and accepts. */
  public static final int VERSION = 1;

  public FrameHeader {
    if (frameIndex < 0 || width < 1 || width > 0xFFFF || height < 1 || height > 0xFFFF || payloadLength < 0) {
      throw new InvalidArgumentException("frame header out of range: frame " + frameIndex + ", " + width + "x"
          + height + ", payload " + payloadLength);
    }
  }

  /** Writes the 16 header bytes at {@code dst[off]}. */
  public void write(byte[] dst, int off) {
    dst[off] = VERSION;
    dst[off + 1] = (byte) encoding.id();
    dst[off + 2] = 0;
    dst[off + 3] = 0;
    putInt(dst, off + 4, frameIndex);
    putShort(dst, off + 8, width);
    putShort(dst, off + 10, height);
    putInt(dst, off + 12, payloadLength);
  }

  /**
   * Parses a header at {@code src[off]}; {@code available} is the number of bytes from {@code off} to the
   * end of the message, which must equal 16 + payload length.
   */
  public static FrameHeader read(byte[] src, int off, int available) {
    if (available < LENGTH) {
      throw new InvalidArgumentException("frame message shorter than its 16-byte header: " + available);
    }
    int version = src[off] & 0xFF;
    if (version != VERSION) {
      throw new InvalidArgumentException("unsupported frame protocol version " + version);
    }
    if (src[off + 2] != 0 || src[off + 3] != 0) {
      throw new InvalidArgumentException("reserved header bytes are not 0");
    }
    long frame = getInt(src, off + 4) & 0xFFFFFFFFL;
    long payload = getInt(src, off + 12) & 0xFFFFFFFFL;
    if (frame > Integer.MAX_VALUE || payload != available - LENGTH) {
      throw new InvalidArgumentException("payload length " + payload + " does not match the message ("
          + (available - LENGTH) + " bytes after the header)");
    }
    return new FrameHeader(Encoding.ofId(src[off + 1] & 0xFF), (int) frame, getShort(src, off + 8),
        getShort(src, off + 10), (int) payload);
  }

  private static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  private static int getShort(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
  }

  private static int getInt(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
  }
}
