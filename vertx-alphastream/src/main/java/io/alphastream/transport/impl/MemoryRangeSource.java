package io.alphastream.transport.impl;

import io.alphastream.AlphaStreamException;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.SourceMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RangeSource} over bytes in memory, for embedded use and tests. Reads complete at once, on the
 * caller's thread, with a copy of the range. Same error semantics as the other sources.
 */
public final class MemoryRangeSource implements RangeSource {
  private final Buffer bytes;
  private final String uri;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Future<Void> closeFuture = Future.succeededFuture();

  public MemoryRangeSource(Buffer bytes, String uri) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
    this.uri = Objects.requireNonNull(uri, "uri");
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public long size() {
    return bytes.length();
  }

  @Override
  public Future<Buffer> read(long offset, int length) {
    metrics.read(1);
    AlphaStreamException invalid = TransportErrors.checkRead(uri, offset, length, closed.get(), bytes.length());
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    long start = System.nanoTime();
    metrics.request();
    Buffer copy = bytes.getBuffer((int) offset, (int) offset + length);
    metrics.bytes(length);
    metrics.finished(start, false);
    return Future.succeededFuture(copy);
  }

  @Override
  public SourceMetrics metrics() {
    return metrics.snapshot();
  }

  @Override
  public Future<Void> close() {
    closed.set(true);
    return closeFuture; // nothing to release; the same future for every call

  }
}
