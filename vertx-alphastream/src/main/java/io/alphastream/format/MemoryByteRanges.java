package io.alphastream.format;

import io.alphastream.InvalidArgumentException;
import java.io.EOFException;
import java.io.IOException;

/** {@link ByteRanges} over an array in memory. */
final class MemoryByteRanges implements ByteRanges {
  private final byte[] bytes;
  private volatile boolean closed;

  MemoryByteRanges(byte[] bytes) {
    if (bytes == null) {
      throw new InvalidArgumentException("bytes must not be null");
    }
    this.bytes = bytes;
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    return bytes.length;
  }

  @Override
  public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
    FileByteRanges.checkArguments(offset, dst, dstOff, len);
    ensureOpen();
    if (offset > bytes.length - (long) len) {
      throw new EOFException(
          "range [" + offset + ", +" + len + ") reaches past the end of " + bytes.length + " bytes");
    }
    System.arraycopy(bytes, (int) offset, dst, dstOff, len);
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("byte ranges are closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
