package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A frame the engine cannot produce (the shared zlib-bomb fixture: frame 1 inflates to 72 MiB) becomes a
 * non-fatal {@code stream_error} naming the frame and the rule; the subscription goes on, the server
 * neither throws nor inflates the bomb.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayStreamErrorTest extends GatewayTestBase {

  @Override
  protected GatewayOptions options() {
    return new GatewayOptions().setPort(0).addStream(fixtureStream("bomb", "malformed/zlib-bomb.asvp"));
  }

  @Test
  void aCorruptFrameIsAnErrorMessageAndTheStreamGoesOn(VertxTestContext ctx) {
    JsonObject manifestEntry = new JsonObject(Fixtures.manifestJson()).getJsonArray("malformed").stream()
        .map(JsonObject.class::cast).filter(o -> o.getString("file").equals("malformed/zlib-bomb.asvp"))
        .findFirst().orElseThrow();
    int badFrame = manifestEntry.getInteger("frame");
    String rule = manifestEntry.getString("rule");
    connect("/ws/streams/bomb?w=64&h=32&fps=30")
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
