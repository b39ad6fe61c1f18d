package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStream;
import io.alphastream.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closing a handle while its prefetch window is loading: the reader fails the loads in flight with CLOSED,
 * and the scheduler must stop there, not re-dispatch the window (each new load failed at once, and the
 * completions recursed into a StackOverflowError on the reader's event loop).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class CloseWithPrefetchInFlightTest {

  @Test
  void closeWithTheWindowLoadingEndsCleanly(Vertx vertx, VertxTestContext ctx) {
    vertx.exceptionHandler(ctx::failNow); // an exception escaping to a context fails the test
    AlphaStream s = AlphaStreamTest.small(vertx, AlphaStreamTest.plain(vertx)).prefetchFrames(30).build();
    s.open()
        .compose(v -> s.closeAsync()) // right after open: the prefetch window [0, 30) is loading
        .compose(v -> s.polygons(1).transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())))
        .onComplete(ctx.succeeding(err -> ctx.verify(() -> {
          assertThat(((io.alphastream.AlphaStreamException) err).code()).isEqualTo(ErrorCode.CLOSED);
          ctx.completeNow(); // the loads in flight failed during the close, before its future completed
        })));
  }
}
