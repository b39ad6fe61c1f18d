package io.alphastream.transport.impl;

import io.alphastream.AlphaStreamException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.format.ByteRanges;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ByteRanges} over a {@link RangeSource}: each call waits for the source's future on the
 * caller's thread, which must not be a Vert.x thread. The source's own deadline bounds every read; the
 * wait here adds a safety margin on top of it.
 */
public final class BlockingByteRanges implements ByteRanges {
  private final RangeSource source;
  private final long waitMs;

  private BlockingByteRanges(RangeSource source, TransportOptions options) {
    this.source = source;
    this.waitMs = waitMs(options);
  }

  private static long waitMs(TransportOptions options) {
    return options.getDeadlineMs() + options.getConnectTimeoutMs() + 5_000;
  }

  public static ByteRanges open(Vertx vertx, String uri, TransportOptions options) {
    checkThread();
    TransportOptions o = options == null ? new TransportOptions() : options;
    try {
      RangeSource source = await(RangeSource.open(vertx, uri, o), Locators.redact(uri), waitMs(o));
      return new BlockingByteRanges(source, o);
    } catch (InterruptedIOException e) {
      throw new TransportException(Kind.IO, false, e.getMessage(), e);
    }
  }

  public static ByteRanges wrap(RangeSource source, TransportOptions options) {
    return new BlockingByteRanges(source, options == null ? new TransportOptions() : options);
  }

  @Override
  public long size() {
    return source.size();
  }

  @Override
  public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
    checkThread();
    if (dst == null || offset < 0 || len < 0 || dstOff < 0 || dstOff > dst.length - len) {
      throw new InvalidArgumentException(source.uri() + ": bad read: offset " + offset + ", length "
          + len + ", destination offset " + dstOff);
    }
    if (offset > source.size() || len > source.size() - offset) {
      throw new EOFException(source.uri() + ": range offset " + offset + " length " + len
          + " reaches past the end (" + source.size() + " bytes)");
    }
    Buffer b = await(source.read(offset, len), source.uri(), waitMs);
    b.getBytes(0, len, dst, dstOff);
  }

  @Override
  public void close() throws IOException {
    checkThread();
    await(source.close(), source.uri(), waitMs);
  }

  private static void checkThread() {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("blocking transport call on a Vert.x thread; use RangeSource");
    }
  }

  private static <T> T await(Future<T> f, String uri, long waitMs) throws InterruptedIOException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AlphaStreamException ae) {
        throw ae;
      }
      throw new TransportException(Kind.IO, false, uri + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new TransportException(Kind.TIMEOUT, true, uri + ": no result within " + waitMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(uri + ": interrupted while waiting for a read");
    }
  }
}
