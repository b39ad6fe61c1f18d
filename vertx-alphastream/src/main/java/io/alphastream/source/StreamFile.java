package io.alphastream.source;

import io.alphastream.AlphaStreamException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Header;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamReader;
import io.alphastream.format.StreamWriter;
import io.alphastream.transport.Locators;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.Closeable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stream read synchronously, for the CLI, tests and benchmarks: a {@link RangeSource} whose every read
 * the calling thread waits for. Opening reads the 16-byte header, then {@code [0, 16 + L)}, and builds the
 * {@link FrameIndex} once; each frame then costs one range read of its block.
 *
 * <p>There is one byte-range abstraction, the asynchronous {@link RangeSource}: the engine, the gateway
 * and the C ABI are asynchronous, and this class adapts it for the few callers that want to wait. The
 * other way round (an async engine over blocking reads) would need worker threads for every file read.
 * Waiting is only allowed off Vert.x threads: a read that has not completed yet, waited for on a Vert.x
 * thread, fails with {@link IllegalStateException} (a memory source completes at once and works anywhere).
 *
 * <p>Owns its source: {@link #close()} closes it, and so does a failed {@link #open}. Thread-safe: frames
 * may be read concurrently. After {@code close()}, every call fails with {@link StreamClosedException}.
 */
public final class StreamFile implements Closeable {
  private final RangeSource source;
  private final String name;
  private final StreamReader reader;
  private final FrameIndex index;
  private final long waitMs;
  private final Runnable afterClose;
  private volatile boolean closed;

  private StreamFile(RangeSource source, String name, StreamReader reader, FrameIndex index, long waitMs,
      Runnable afterClose) {
    this.source = source;
    this.name = name;
    this.reader = reader;
    this.index = index;
    this.waitMs = waitMs;
    this.afterClose = afterClose;
  }

  /**
   * Opens the stream in {@code source} and takes ownership of it: creates the {@link StreamReader} (for
   * ASVR this derives the key), validates header and sizes table (V01-V11) and builds the frame index.
   * The source's {@link RangeSource#uri()} names the stream in messages and gives the default ASVR salt
   * name.
   *
   * @throws io.alphastream.FormatException, io.alphastream.KeyException on a bad stream or key
   * @throws TransportException when reading fails
   */
  public static StreamFile open(RangeSource source, ReaderOptions options) {
    return open(source, options, waitMs(new TransportOptions()), () -> { });
  }

  /** {@link #open(RangeSource, ReaderOptions)}; {@code afterClose} runs once the source is closed. */
  static StreamFile open(RangeSource source, ReaderOptions options, long waitMs, Runnable afterClose) {
    if (source == null) {
      afterClose.run();
      throw new InvalidArgumentException("source must not be null");
    }
    String name = Locators.redact(source.uri());
    boolean ok = false;
    try {
      StreamReader reader = StreamReader.create(name, options);
      long size = source.size();
      byte[] head = read(source, name, waitMs, 0, (int) Math.min(StreamReader.HEADER_LENGTH, size));
      Header header = reader.readHeader(head, size);
      byte[] prefix = read(source, name, waitMs, 0, (int) header.tableEnd()); // readHeader capped L
      FrameIndex index = reader.readIndex(header, prefix, size);
      ok = true;
      return new StreamFile(source, name, reader, index, waitMs, afterClose);
    } finally {
      if (!ok) {
        closeQuietly(source, waitMs, afterClose);
      }
    }
  }

  /** How long one wait may last: the source's own deadlines plus a margin. */
  static long waitMs(TransportOptions options) {
    return options.getDeadlineMs() + options.getConnectTimeoutMs() + 5_000;
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

  /** The source's locator as messages show it (no query string, no user info). */
  public String source() {
    return name;
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
    return read(source, name, waitMs, index.offset(i), reader.checkedBlockLength(index, i));
  }

  /** Frame {@code i}'s plain block (decrypted for ASVR), ready for {@link StreamWriter#addBlock}. */
  public byte[] plainBlock(int i) {
    byte[] b = block(i);
    return reader.plainBlock(index, i, b, 0, b.length);
  }

  /** Closes the source (and what was opened for it). Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        await(source.close(), name, waitMs);
      } finally {
        afterClose.run();
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StreamClosedException(name);
    }
  }

  private static byte[] read(RangeSource source, String name, long waitMs, long offset, int length) {
    Buffer b = await(source.read(offset, length), name, waitMs);
    return b.getBytes();
  }

  /**
   * The result of {@code f}, waiting for it on this (non Vert.x) thread. A typed failure is rethrown as
   * it is; anything else becomes a {@link TransportException} naming the source.
   */
  static <T> T await(Future<T> f, String name, long waitMs) {
    if (!f.isComplete() && Context.isOnVertxThread()) {
      throw new IllegalStateException("waiting for " + name + " on a Vert.x thread; use RangeSource");
    }
    try {
      return f.toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AlphaStreamException ae) {
        throw ae;
      }
      throw new TransportException(Kind.IO, false, name + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new TransportException(Kind.TIMEOUT, true, name + ": no result within " + waitMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(Kind.IO, false, name + ": interrupted while waiting", e);
    }
  }

  private static void closeQuietly(RangeSource source, long waitMs, Runnable afterClose) {
    try {
      await(source.close(), source.uri(), waitMs);
    } catch (RuntimeException e) {
      // Swallowed: the open failure that brought us here is what the caller sees.
    } finally {
      afterClose.run();
    }
  }
}
