package io.alphastream.transport.impl;

import io.alphastream.TransportException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Caps the requests one source has in flight. A read that finds every slot taken waits in a bounded
 * FIFO queue; one more than the queue holds fails at once. A waiter whose deadline passes is removed and
 * failed. Thread-safe; the lock is held only to update counters, never while completing a future.
 */
final class RequestLimiter {
  private final Vertx vertx;
  private final int maxInFlight;
  private final int maxQueued;
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean closed;

  private static final class Waiter {
    final Promise<Void> promise = Promise.promise();
    long timerId = -1;
  }

  RequestLimiter(Vertx vertx, int maxInFlight, int maxQueued) {
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
  }

  /**
   * A slot, now or once one is released. The caller must {@link #release()} exactly once after a
   * successful acquire.
   *
   * @param waitMs longest time to wait in the queue
   * @param full error when the queue is full; {@code timedOut} when the wait passes {@code waitMs};
   *     {@code closed} after {@link #close}
   */
  Future<Void> acquire(long waitMs, Supplier<TransportException> full,
      Supplier<TransportException> timedOut, Supplier<TransportException> closedError) {
    Waiter w;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(closedError.get());
      }
      if (inFlight < maxInFlight) {
        inFlight++;
        return Future.succeededFuture();
      }
      if (queue.size() >= maxQueued) {
        return Future.failedFuture(full.get());
      }
      w = new Waiter();
      queue.add(w);
    }
    long id = vertx.setTimer(Math.max(1, waitMs), t -> {
      boolean removed;
      synchronized (this) {
        removed = queue.remove(w);
      }
      if (removed) {
        w.promise.tryFail(timedOut.get());
      }
    });
    synchronized (this) {
      w.timerId = id;
    }
    return w.promise.future();
  }

  /**
   * A slot for the read of {@code [offset, offset+length)} of {@code uri}, failing with the errors
   * every source words the same way (see {@link TransportErrors}): queue full, deadline passed while
   * waiting, closed.
   */
  Future<Void> acquireRead(String uri, long offset, int length, long waitMs) {
    return acquire(waitMs, () -> TransportErrors.queueFull(uri, offset, length, maxQueued),
        () -> TransportErrors.slotTimeout(uri, offset, length, waitMs),
        () -> TransportErrors.closed(uri, offset, length));
  }

  /** Returns a slot: hands it to the oldest waiter, or frees it. */
  void release() {
    Waiter next;
    long timer;
    synchronized (this) {
      next = queue.poll();
      if (next == null) {
        inFlight--;
        return;
      }
      timer = next.timerId;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    // a waiter whose timer fired was removed from the queue first, so it cannot be here
    next.promise.complete();
  }

  /** Fails every waiter and every later acquire with {@code closed}. */
  void close(Supplier<TransportException> closedError) {
    List<Waiter> waiting;
    synchronized (this) {
      closed = true;
      waiting = new ArrayList<>(queue);
      queue.clear();
    }
    for (Waiter w : waiting) {
      if (w.timerId >= 0) {
        vertx.cancelTimer(w.timerId);
      }
      w.promise.tryFail(closedError.get());
    }
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int queued() {
    return queue.size();
  }
}
