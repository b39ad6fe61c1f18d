package io.alphastream.engine;

import io.alphastream.FrameNotReadyException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;

/**
 * A counter of work in flight with a bounded FIFO of waiters, confined to one event loop (no locks). Each
 * successful {@link #acquire} must be followed by exactly one {@link #release}. When the queue is full,
 * acquire fails fast with {@link FrameNotReadyException} instead of queueing without bound.
 */
final class InflightLimit {
  private final String what;
  private final int max;
  private final int maxQueued;
  private final ArrayDeque<Promise<Void>> waiters = new ArrayDeque<>();
  private int active;
  private int maxSeen;
  private long total;

  InflightLimit(String what, int max, int maxQueued) {
    this.what = what;
    this.max = max;
    this.maxQueued = maxQueued;
  }

  Future<Void> acquire() {
    if (active < max) {
      take();
      return Future.succeededFuture();
    }
    if (waiters.size() >= maxQueued) {
      return Future.failedFuture(new FrameNotReadyException(what + ": " + maxQueued + " requests already waiting"));
    }
    Promise<Void> p = Promise.promise();
    waiters.addLast(p);
    return p.future();
  }

  void release() {
    active--;
    Promise<Void> next = waiters.pollFirst();
    if (next != null) {
      take();
      next.complete();
    }
  }

  /** Fails every waiter (stream closing). */
  void failWaiters(Throwable err) {
    while (!waiters.isEmpty()) {
      waiters.pollFirst().tryFail(err);
    }
  }

  private void take() {
    active++;
    total++;
    maxSeen = Math.max(maxSeen, active);
  }

  int active() {
    return active;
  }

  int maxSeen() {
    return maxSeen;
  }

  long total() {
    return total;
  }

  int queued() {
    return waiters.size();
  }
}
