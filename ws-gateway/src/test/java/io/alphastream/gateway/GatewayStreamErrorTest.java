package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A frame the engine cannot produce (the shared zlib-bomb fixture: frame 1 inflates to 72 MiB) becomes a
 * non-fatal {@code stream_error} naming the frame and the rule; the subscription goes on, the server
 * neither throws nor inflates the bomb.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayStreamErrorTest {
  private Gateway gateway;
  private WebSocketClient client;

  @BeforeAll
  static void warmUp() throws Exception {
    GatewayWarmup.run();
  }

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
    Gateway.start(vertx, new GatewayOptions().setPort(0)
            .addStream(new StreamOptions().setId("bomb").setSource(Fixtures.path("malformed/zlib-bomb.asvp").toString())))
        .onComplete(ctx.succeeding(g -> {
          gateway = g;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    gateway.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aCorruptFrameIsAnErrorMessageAndTheStreamGoesOn(VertxTestContext ctx) {
    JsonObject manifestEntry = new JsonObject(Fixtures.manifestJson()).getJsonArray("malformed").stream()
        .map(JsonObject.class::cast).filter(o -> o.getString("file").equals("malformed/zlib-bomb.asvp"))
        .findFirst().orElseThrow();
    int badFrame = manifestEntry.getInteger("frame");
    String rule = manifestEntry.getString("rule");
    WsRecorder.connect(client, gateway.port(), "/ws/streams/bomb?w=64&h=32&fps=30")
        .compose(r -> r.text("error", 0).compose(err -> {
          assertThat(err.getString("code")).isEqualTo("stream_error");
          assertThat(err.getBoolean("fatal")).isFalse();
          assertThat(err.getInteger("frame")).isEqualTo(badFrame);
          assertThat(err.getString("message")).contains(rule);
          int at = r.messages().indexOf(err);
          return r.frameAfter(at).map(next -> {
            assertThat(next.index()).isNotEqualTo(badFrame);
            assertThat(r.frames()).noneMatch(f -> f.index() == badFrame);
            return next;
          });
        }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
