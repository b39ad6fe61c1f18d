package io.alphastream.cli;

import io.alphastream.format.ByteRanges;
import io.alphastream.transport.RangeSources;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ByteRanges} of an http(s) URL for the CLI: a private Vert.x instance runs the HTTP range source
 * and the CLI thread waits for each read (the CLI is never on a Vert.x thread). Closing closes the
 * source, then the Vert.x instance.
 */
final class HttpBytes implements ByteRanges {
  private static final long CLOSE_WAIT_SECONDS = 10;
  private final ByteRanges ranges;
  private final Vertx vertx;
  private boolean closed;

  private HttpBytes(ByteRanges ranges, Vertx vertx) {
    this.ranges = ranges;
    this.vertx = vertx;
  }

  /** Opens {@code url} with {@code options} (the CLI's defaults, plus {@code --insecure}). */
  static ByteRanges open(String url, TransportOptions options) {
    // One event loop is plenty for one command's sequential reads.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    try {
      return new HttpBytes(RangeSources.openBlocking(vertx, url, options), vertx);
    } catch (RuntimeException | Error e) {
      closeVertx(vertx);
      throw e;
    }
  }

  @Override
  public long size() throws IOException {
    return ranges.size();
  }

  @Override
  public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
    ranges.read(offset, dst, dstOff, len);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ranges.close();
    } finally {
      closeVertx(vertx);
    }
  }

  private static void closeVertx(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Shutting down after the command's work is done: nothing is left to report to.
    }
  }
}
