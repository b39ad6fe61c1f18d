package io.alphastream.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Random-access bytes of one stream file, for the synchronous {@link StreamFile}. Reads are exact: a
 * range that does not lie wholly inside the file fails with {@link java.io.EOFException}; there are no
 * short reads. Implementations returned here are thread-safe.
 */
public interface ByteRanges extends Closeable {

  /** Total length of the file in bytes. */
  long size() throws IOException;

  /**
   * Reads exactly {@code len} bytes at file offset {@code offset} into {@code dst[dstOff, dstOff+len)}.
   *
   * @throws java.io.EOFException when {@code [offset, offset+len)} reaches past the end of the file
   * @throws io.alphastream.InvalidArgumentException for a null array, negative values or a destination
   *     range outside {@code dst}
   */
  void read(long offset, byte[] dst, int dstOff, int len) throws IOException;

  /** A file on the local file system, opened on first use and closed by {@link #close()}. */
  static ByteRanges of(Path file) {
    return new FileByteRanges(file);
  }

  /** Bytes in memory, wrapped without copying: the caller must not change them afterwards. */
  static ByteRanges of(byte[] bytes) {
    return new MemoryByteRanges(bytes);
  }
}
