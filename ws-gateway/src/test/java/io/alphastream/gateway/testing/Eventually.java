package io.alphastream.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Waits for a condition by re-checking it on a timer (never a fixed sleep), failing after a deadline. */
public final class Eventually {
  private static final long POLL_MS = 50;

  private Eventually() {}

  /** Completes once {@code check} yields true; fails with an AssertionError naming {@code what} after {@code timeoutMs}. */
  public static Future<Void> until(Vertx vertx, String what, long timeoutMs, Supplier<Future<Boolean>> check) {
    Promise<Void> p = Promise.promise();
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    poll(vertx, what, deadline, check, p);
    return p.future();
  }

  private static void poll(Vertx vertx, String what, long deadline, Supplier<Future<Boolean>> check, Promise<Void> p) {
    check.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        p.complete();
      } else if (ar.failed()) {
        p.fail(ar.cause());
      } else if (System.nanoTime() > deadline) {
        p.fail(new AssertionError("timed out waiting for " + what));
      } else {
        vertx.setTimer(POLL_MS, id -> poll(vertx, what, deadline, check, p));
      }
    });
  }
}
