package io.alphastream.format;

import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Synchronous convenience over {@link ByteRanges} for the CLI, tests and benchmarks: it blocks the
 * calling thread on every read. Opening reads the 16-byte header, then {@code [0, 16 + L)}, and builds the
 * {@link FrameIndex} once; each frame then costs one range read of its block.
 *
 * <p>Owns its {@code ByteRanges}: {@link #close()} closes them, and so does a failed {@link #open}.
 * Thread-safe: frames may be read concurrently (the bundled {@code ByteRanges} are thread-safe). After
 * {@code close()}, every call fails with {@link StreamClosedException}.
 */
public final class StreamFile implements Closeable {
  private final ByteRanges ranges;
  private final String source;
  private final StreamReader reader;
  private final FrameIndex index;
  private volatile boolean closed;

  private StreamFile(ByteRanges ranges, String source, StreamReader reader, FrameIndex index) {
    this.ranges = ranges;
    this.source = source;
    this.reader = reader;
    this.index = index;
  }

  /**
   * Opens the stream in {@code ranges}: creates the {@link StreamReader} (for ASVR this derives the key,
   * see there), validates header and sizes table (V01-V11) and builds the frame index.
   *
   * @param source locator of the stream, for messages and the default ASVR salt name
   * @throws io.alphastream.FormatException, io.alphastream.KeyException on a bad stream or key
   * @throws TransportException (kind IO) when reading fails
   */
  public static StreamFile open(ByteRanges ranges, String source, ReaderOptions options) {
    if (ranges == null) {
      throw new InvalidArgumentException("ranges must not be null");
    }
    boolean ok = false;
    try {
      StreamReader reader = StreamReader.create(source, options);
      long size = size(ranges, source);
      byte[] head = new byte[(int) Math.min(StreamReader.HEADER_LENGTH, size)];
      read(ranges, source, 0, head);
      Header header = reader.readHeader(head, size);
      byte[] prefix = new byte[(int) header.tableEnd()]; // readHeader capped L far below 2^31
      read(ranges, source, 0, prefix);
      FrameIndex index = reader.readIndex(header, prefix, size);
      ok = true;
      return new StreamFile(ranges, source, reader, index);
    } finally {
      if (!ok) {
        closeQuietly(ranges);
      }
    }
  }

  /** Opens a local file; {@code file.toString()} is the source. */
  public static StreamFile open(Path file, ReaderOptions options) {
    if (file == null) {
      throw new InvalidArgumentException("file must not be null");
    }
    return open(ByteRanges.of(file), file.toString(), options);
  }

  /** The frame index built at open. */
  public FrameIndex index() {
    ensureOpen();
    return index;
  }

  public int frameCount() {
    ensureOpen();
    return index.frameCount();
  }

  /** The locator given at open. */
  public String source() {
    return source;
  }

  /** The reader, for callers that want to run the pure steps themselves. */
  public StreamReader reader() {
    return reader;
  }

  /** Frame {@code i} decoded (V12-V20). */
  public Polygons frame(int i) {
    byte[] b = block(i);
    return reader.decodeFrame(index, i, b, 0, b.length);
  }

  /** Frame {@code i}'s inflated payload (V12-V14). */
  public byte[] payload(int i) {
    byte[] b = block(i);
    return reader.inflateFrame(index, i, b, 0, b.length);
  }

  /** Frame {@code i}'s block exactly as stored (encrypted for ASVR). */
  public byte[] block(int i) {
    ensureOpen();
    if (i < 0 || i >= index.frameCount()) {
      throw InvalidArgumentException.frame(i, index.frameCount());
    }
    byte[] b = new byte[reader.checkedBlockLength(index, i)];
    read(ranges, source, index.offset(i), b);
    return b;
  }

  /** Frame {@code i}'s plain block (decrypted for ASVR), ready for {@link StreamWriter#addBlock}. */
  public byte[] plainBlock(int i) {
    byte[] b = block(i);
    return reader.plainBlock(index, i, b, 0, b.length);
  }

  /** Closes the byte ranges. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        ranges.close();
      } catch (IOException e) {
        throw new TransportException(TransportException.Kind.IO, source + ": close failed: " + e.getMessage(), e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StreamClosedException(source);
    }
  }

  private static long size(ByteRanges ranges, String source) {
    try {
      long size = ranges.size();
      if (size < 0) {
        throw new TransportException(TransportException.Kind.BAD_RESPONSE, source + ": negative size " + size, null);
      }
      return size;
    } catch (IOException e) {
      throw new TransportException(TransportException.Kind.IO, source + ": size failed: " + e.getMessage(), e);
    }
  }

  private static void read(ByteRanges ranges, String source, long offset, byte[] dst) {
    try {
      ranges.read(offset, dst, 0, dst.length);
    } catch (java.io.EOFException e) {
      throw new TransportException(TransportException.Kind.SHORT_READ, source + ": reading " + dst.length
          + " bytes at offset " + offset + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new TransportException(TransportException.Kind.IO, source + ": reading " + dst.length
          + " bytes at offset " + offset + " failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(ByteRanges ranges) {
    try {
      ranges.close();
    } catch (IOException | RuntimeException e) {
      // Swallowed: the open failure that brought us here is what the caller sees.
    }
  }
}
