package io.alphastream.impl;

import io.alphastream.AlphaStreamException;
import io.alphastream.TransportException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The only code in the library that waits: a caller's own thread (a native thread of the C ABI, a game
 * loop, a test) waits a bounded time for a future. Never used on a Vert.x thread.
 */
final class SyncFrameSource {
  private SyncFrameSource() {}

  /**
   * The value of {@code future} if it completes within {@code waitMs} ({@code 0} = only if already
   * complete), else empty. A failure is thrown as our typed exception.
   *
   * @throws IllegalStateException when asked to wait on a Vert.x thread (that would block an event loop)
   */
  static <T> Optional<T> await(Future<T> future, long waitMs) {
    if (future.isComplete()) {
      return resultOf(future);
    }
    if (waitMs <= 0) {
      return Optional.empty();
    }
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("refusing to wait on a Vert.x thread");
    }
    try {
      return Optional.ofNullable(future.toCompletionStage().toCompletableFuture().get(waitMs, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the caller's interrupt; report "not ready"
      return Optional.empty();
    } catch (ExecutionException e) {
      throw typed(e.getCause());
    }
  }

  private static <T> Optional<T> resultOf(Future<T> future) {
    if (future.failed()) {
      throw typed(future.cause());
    }
    return Optional.ofNullable(future.result());
  }

  static AlphaStreamException typed(Throwable err) {
    if (err instanceof AlphaStreamException e) {
      return e;
    }
    return new TransportException(TransportException.Kind.IO, "unexpected failure: " + err, err);
  }
}
