package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.catalog.LocalCatalog;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closing a stream entry: the future completes only once every engine it opened is closed, so whoever closes
 * the Vert.x instance next finds no undeploy under way (Vert.x logs "Undeploy failed: Already undeployed"
 * when it races one). Real engines opened from the fixture; the test only decides when an open starts.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class StreamEntryCloseTest {

  private final Promise<Void> openMayStart = Promise.promise();

  private StreamEntry entry(Vertx vertx) {
    StandaloneNode node = new StandaloneNode("node-t", new LocalCatalog(),
        StandaloneNode.secrets(new GatewayOptions(), name -> null));
    StreamOptions small = new StreamOptions().setId("small").setSource(Fixtures.path("small.asvp").toString());
    // the real open, once the test lets it start
    return new StreamEntry(vertx, small, new GatewayOptions(), new GatewayMetrics(),
        (v, s) -> openMayStart.future().compose(x -> node.open(v, s)));
  }

  @Test
  void closeDuringAnOpenWaitsForTheEngineItOpenedToClose(Vertx vertx, VertxTestContext ctx) {
    Set<String> before = Set.copyOf(vertx.deploymentIDs());
    StreamEntry e = entry(vertx);
    Future<Void> firstAttempt = e.start();
    Future<Void> closed = e.close();
    assertThat(e.close()).as("a second close: the same future").isSameAs(closed);
    assertThat(closed.isComplete()).as("closed while the open is in flight").isFalse();
    openMayStart.complete(); // the engine opens now, after the close: it must be closed, and awaited
    closed.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(firstAttempt.failed()).as("the first attempt reports the close").isTrue();
      assertThat(vertx.deploymentIDs()).as("no engine deployment left").isEqualTo(before);
      assertThat(e.serving()).isFalse();
      ctx.completeNow();
    })));
  }

  @Test
  void closeOfAServingStreamClosesItsEngine(Vertx vertx, VertxTestContext ctx) {
    Set<String> before = Set.copyOf(vertx.deploymentIDs());
    StreamEntry e = entry(vertx);
    openMayStart.complete();
    e.start().compose(v -> {
      ctx.verify(() -> {
        assertThat(e.serving()).isTrue();
        assertThat(vertx.deploymentIDs()).as("the engine's reader and workers").hasSizeGreaterThan(before.size());
      });
      return e.close();
    }).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(vertx.deploymentIDs()).as("no engine deployment left").isEqualTo(before);
      ctx.completeNow();
    })));
  }

  /** An origin that drips its answer keeps an open in flight for good: a close must not wait for it forever. */
  @Test
  void closeDoesNotWaitForAnOpenThatNeverEnds(Vertx vertx, VertxTestContext ctx) {
    StreamEntry e = new StreamEntry(vertx, new StreamOptions().setId("drip").setSource("https://origin.invalid/x.asvp"),
        new GatewayOptions(), new GatewayMetrics(), (v, s) -> Promise.<MaskSource>promise().future());
    e.start();
    e.close().onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(e.serving()).isFalse();
      ctx.completeNow();
    })));
  }
}
