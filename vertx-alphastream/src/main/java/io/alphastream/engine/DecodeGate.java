package io.alphastream.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Orders the close of one stream between its {@link ReaderVerticle} and its {@link DecodeVerticle}
 * workers. Vert.x undeploys the workers (child deployments) before it stops the reader, and a worker
 * that unregisters while requests are still queued for it makes the event bus discard them with a
 * warning. So a worker's stop first {@link #close closes} this gate: the reader sends no new request
 * ({@link #enter} fails), and the stop waits until every request already sent has been answered, or
 * failed by its send timeout, bounded by the close timeout so close can never hang. Thread-safe.
 */
final class DecodeGate {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Promise<Void> drained = Promise.promise();
  private volatile boolean closed;

  /** True if a request may be sent; the caller must then {@link #leave} once it is answered. */
  boolean enter() {
    inFlight.incrementAndGet();
    if (closed) { // close may have seen the count before our increment: undo, and tell it
      leave();
      return false;
    }
    return true;
  }

  /** One request sent after {@link #enter} was answered or failed. */
  void leave() {
    if (inFlight.decrementAndGet() == 0 && closed) {
      drained.tryComplete();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Refuses new requests from now on; requests in flight still settle. Idempotent, any thread. */
  void shut() {
    closed = true;
    if (inFlight.get() == 0) {
      drained.tryComplete();
    }
  }

  /**
   * Refuses new requests and completes once none is in flight, or after {@code timeoutMs} whichever
   * comes first. Idempotent: every worker instance waits for the same moment.
   */
  Future<Void> close(Vertx vertx, long timeoutMs) {
    shut();
    if (!drained.future().isComplete()) {
      long timer = vertx.setTimer(Math.max(1, timeoutMs), t -> drained.tryComplete());
      drained.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
    return drained.future();
  }
}
