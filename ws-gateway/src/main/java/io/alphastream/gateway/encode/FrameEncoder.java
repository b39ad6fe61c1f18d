package io.alphastream.gateway.encode;

import io.alphastream.InvalidArgumentException;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Builds one binary frame message (16-byte {@link FrameHeader} + payload) from an R8 mask. The message is
 * built once and written to every subscriber of the same (stream, size, encoding), so it is never changed
 * after it is returned. CPU work: call it off the event loop. Static and thread-safe.
 *
 * <p>This is the gateway's one ByteBuf adapter (STYLE 6.4): the message bytes are wrapped, not copied,
 * into an unpooled heap buffer, which no reference count ever releases, so any number of writes may share
 * it.
 */
public final class FrameEncoder {
  private FrameEncoder() {}

  /**
   * Encodes the {@code width x height} R8 mask in {@code mask} (row stride = width) as frame
   * {@code frameIndex}.
   */
  public static Buffer encode(Encoding encoding, int frameIndex, byte[] mask, int width, int height) {
    return wrap(encodeBytes(encoding, frameIndex, mask, width, height));
  }

  /** As {@link #encode}, returning the message bytes. */
  public static byte[] encodeBytes(Encoding encoding, int frameIndex, byte[] mask, int width, int height) {
    long pixels = (long) width * height;
    if (width < 1 || height < 1 || width > 0xFFFF || height > 0xFFFF || pixels > mask.length) {
      throw new InvalidArgumentException("mask of " + mask.length + " bytes cannot hold " + width + "x" + height);
    }
    if (pixels + 1 + FrameHeader.LENGTH > Integer.MAX_VALUE - 8) {
      throw new InvalidArgumentException("mask too large for one message: " + width + "x" + height);
    }
    int n = (int) pixels;
    byte[] out;
    int payload;
    switch (encoding) {
      case R8 -> {
        payload = n;
        out = new byte[FrameHeader.LENGTH + payload];
        System.arraycopy(mask, 0, out, FrameHeader.LENGTH, n);
      }
      case RLE -> {
        payload = Rle.encodedSize(mask, 0, n);
        out = new byte[FrameHeader.LENGTH + payload];
        Rle.encode(mask, 0, n, out, FrameHeader.LENGTH);
      }
      default -> throw new InvalidArgumentException(encoding.wireName() + " messages carry a frame block, not a mask:"
          + " use FrameEncoder.poly");
    }
    new FrameHeader(encoding, frameIndex, width, height, payload).write(out, 0);
    return out;
  }

  /**
   * A {@code poly} message: the header ({@code width x height} is the subscriber's default output size) and
   * the plain frame block as the stream stores it (FORMAT.md 5.1), copied once, neither inflated nor
   * re-encoded. The copy is a few KB, cheap enough for an event loop.
   */
  public static Buffer poly(int frameIndex, int width, int height, Buffer block) {
    int n = block.length();
    if (n > Integer.MAX_VALUE - 8 - FrameHeader.LENGTH) {
      throw new InvalidArgumentException("frame block too large for one message: " + n + " bytes");
    }
    byte[] out = new byte[FrameHeader.LENGTH + n];
    new FrameHeader(Encoding.POLY, frameIndex, width, height, n).write(out, 0);
    block.getBytes(0, n, out, FrameHeader.LENGTH);
    return wrap(out);
  }

  /** Wraps {@code message} without copying; the caller hands over the array and never changes it again. */
  public static Buffer wrap(byte[] message) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(message));
  }
}
