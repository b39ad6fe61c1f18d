package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.ErrorCode;
import io.alphastream.FrameNotReadyException;
import io.alphastream.TransportException;
import io.alphastream.testing.AssertJWarmup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one place that waits: a bounded wait on the caller's own thread, never on a Vert.x thread (an event
 * loop must not block; a worker thread belongs to the engine).
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
class SyncFrameSourceTest {

  @Test
  void onAPlainThreadItWaitsABoundedTimeAndReportsTypedFailures() {
    assertThat(SyncFrameSource.await(Future.succeededFuture("done"), 0)).contains("done");
    assertThat(SyncFrameSource.await(Promise.<String>promise().future(), 0)).as("0 = never wait").isEmpty();
    assertThat(SyncFrameSource.await(Promise.<String>promise().future(), 20)).as("not ready in time").isEmpty();

    FrameNotReadyException ours = new FrameNotReadyException("small.asvp, frame 3: not ready");
    assertThatThrownBy(() -> SyncFrameSource.await(Future.failedFuture(ours), 0)).isSameAs(ours);
    assertThatThrownBy(() -> SyncFrameSource.await(Future.failedFuture(new IllegalStateException("bug")), 0))
        .isInstanceOf(TransportException.class)
        .satisfies(e -> assertThat(((TransportException) e).code()).isEqualTo(ErrorCode.IO));
  }

  @Test
  void itRefusesToWaitOnAnEventLoopOrAWorkerThread(Vertx vertx, VertxTestContext ctx) {
    Future<String> pending = Promise.<String>promise().future();
    vertx.runOnContext(v -> {
      ctx.verify(() -> {
        assertThatThrownBy(() -> SyncFrameSource.await(pending, 5_000)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Vert.x thread");
        assertThat(SyncFrameSource.await(pending, 0)).isEmpty();
        assertThat(SyncFrameSource.await(Future.succeededFuture("done"), 5_000)).as("complete: no wait")
            .isEqualTo(Optional.of("done"));
      });
      vertx.executeBlocking(() -> {
        try {
          SyncFrameSource.await(pending, 5_000);
          return "waited";
        } catch (IllegalStateException e) {
          return "refused";
        }
      }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(r).isEqualTo("refused");
        ctx.completeNow();
      })));
    });
  }
}
