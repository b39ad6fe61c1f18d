package io.alphastream.format;

import io.alphastream.InvalidArgumentException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link ByteRanges} over a local file, with positional reads so concurrent readers do not interfere. */
final class FileByteRanges implements ByteRanges {
  private final Path file;
  private FileChannel channel; // guarded by this
  private boolean closed; // guarded by this

  FileByteRanges(Path file) {
    if (file == null) {
      throw new InvalidArgumentException("file must not be null");
    }
    this.file = file;
  }

  private synchronized FileChannel channel() throws IOException {
    if (closed) {
      throw new IOException(file + ": byte ranges are closed");
    }
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    return channel;
  }

  @Override
  public long size() throws IOException {
    return channel().size();
  }

  @Override
  public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
    checkArguments(offset, dst, dstOff, len);
    FileChannel ch = channel();
    ByteBuffer buf = ByteBuffer.wrap(dst, dstOff, len);
    long pos = offset;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new EOFException(file + ": range [" + offset + ", +" + len + ") reaches past the end of the file ("
            + ch.size() + " bytes)");
      }
      pos += n;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  static void checkArguments(long offset, byte[] dst, int dstOff, int len) {
    if (dst == null) {
      throw new InvalidArgumentException("destination must not be null");
    }
    if (offset < 0) {
      throw new InvalidArgumentException("offset must be >= 0: " + offset);
    }
    if (dstOff < 0 || len < 0 || dstOff > dst.length - len) {
      throw new InvalidArgumentException(
          "destination range [" + dstOff + ", +" + len + ") is outside an array of " + dst.length);
    }
  }
}
