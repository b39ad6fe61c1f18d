package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Origins, bearer token, subscriber and size limits, idle timeout. */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewaySecurityTest {
  private static final String URI = "/ws/streams/small?w=64&h=32";
  private Gateway gateway;
  private Vertx vertx;
  private WebSocketClient client;
  private HttpClient http;
  private NetClient net;

  @BeforeAll
  static void warmUp() throws Exception {
    GatewayWarmup.run();
  }

  private Future<Gateway> start(Vertx vertx, UnaryOperator<GatewayOptions> config) {
    this.vertx = vertx;
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
    http = vertx.createHttpClient();
    net = vertx.createNetClient();
    GatewayOptions options = new GatewayOptions().setPort(0)
        .addStream(new StreamOptions().setId("small").setSource(Fixtures.path("small.asvp").toString()));
    return Gateway.start(vertx, config.apply(options)).onSuccess(g -> gateway = g);
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    (gateway == null ? Future.succeededFuture() : gateway.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<WsRecorder> connect(String uri, Map<String, String> headers) {
    return WsRecorder.connect(vertx, client, gateway.port(), uri, headers);
  }

  /** Connects and waits for the hello: an accepted subscription. */
  private Future<WsRecorder> accepted(String uri, Map<String, String> headers) {
    return connect(uri, headers).compose(r -> r.text("hello", 0).map(r));
  }

  /** The HTTP status with which the upgrade was refused. */
  private Future<Integer> rejected(String uri, Map<String, String> headers) {
    return connect(uri, headers).transform(ar -> {
      if (ar.succeeded()) {
        return Future.failedFuture(new AssertionError(uri + " " + headers + " was accepted"));
      }
      assertThat(ar.cause()).isInstanceOf(UpgradeRejectedException.class);
      return Future.succeededFuture(((UpgradeRejectedException) ar.cause()).getStatus());
    });
  }

  @Test
  void byDefaultOnlyTheGatewaysOwnPagesAndNonBrowsersMayConnect(Vertx vertx, VertxTestContext ctx) {
    start(vertx, o -> o)
        .compose(g -> rejected(URI, Map.of("Origin", "http://evil.example")))
        .map(status -> {
          assertThat(status).isEqualTo(403);
          return status;
        })
        .compose(v -> accepted(URI, Map.of("Origin", "http://127.0.0.1:" + gateway.port())))
        .compose(v -> accepted(URI, Map.of()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void configuredOriginsReplaceTheDefault(Vertx vertx, VertxTestContext ctx) {
    start(vertx, o -> o.setAllowedOrigins(List.of("https://app.example")))
        .compose(g -> accepted(URI, Map.of("Origin", "https://app.example")))
        .compose(v -> rejected(URI, Map.of("Origin", "http://127.0.0.1:" + gateway.port())))
        .compose(s1 -> rejected(URI, Map.of("Origin", "https://app.example.evil")).map(s2 -> {
          assertThat(List.of(s1, s2)).containsOnly(403);
          return s2;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aTokenIsRequiredOnWebSocketsAndTheApiButNotOnHealth(Vertx vertx, VertxTestContext ctx) {
    start(vertx, o -> o.setToken("s3cret-token"))
        .compose(g -> rejected(URI, Map.of()))
        .compose(s1 -> rejected(URI + "&access_token=wrong", Map.of()).map(s2 -> {
          assertThat(List.of(s1, s2)).containsOnly(401);
          return s2;
        }))
        .compose(v -> accepted(URI + "&access_token=s3cret-token", Map.of()))
        .compose(v -> accepted(URI, Map.of("Authorization", "Bearer s3cret-token")))
        .compose(v -> status("/streams", null))
        .compose(s -> {
          assertThat(s).isEqualTo(401);
          return status("/streams", "Bearer s3cret-token");
        })
        .compose(s -> {
          assertThat(s).isEqualTo(200);
          return status("/metrics", null);
        })
        .compose(s -> {
          assertThat(s).isEqualTo(401);
          return status("/health", null);
        })
        .map(s -> {
          assertThat(s).isEqualTo(200);
          return s;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private Future<Integer> status(String uri, String authorization) {
    return http.request(HttpMethod.GET, gateway.port(), "127.0.0.1", uri).compose(req -> {
      if (authorization != null) {
        req.putHeader("Authorization", authorization);
      }
      return req.send();
    }).compose(res -> res.body().map(b -> res.statusCode()));
  }

  @Test
  void subscribersPerStreamAreLimited(Vertx vertx, VertxTestContext ctx) {
    start(vertx, o -> o.setMaxSubscribersPerStream(2))
        .compose(g -> Future.all(accepted(URI, Map.of()), accepted(URI, Map.of())))
        .compose(two -> connect(URI, Map.of()).compose(third -> third.closed().map(v -> {
          assertThat(third.texts()).hasSize(1);
          assertThat(third.texts().get(0).getString("code")).isEqualTo("limit");
          assertThat(third.texts().get(0).getString("message")).contains("maximum of 2 subscribers");
          assertThat(third.closeCode()).isEqualTo((short) 1008);
          return (WsRecorder) two.resultAt(0);
        })))
        // a slot frees when a subscriber leaves
        .compose(first -> first.socket().close().compose(v -> first.closed()))
        .compose(v -> vertx.timer(100)) // the server handles the close on its own event loop
        .compose(v -> accepted(URI, Map.of()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void requestedSizeIsLimited(Vertx vertx, VertxTestContext ctx) {
    start(vertx, o -> o.setMaxWidth(640).setMaxHeight(320))
        .compose(g -> connect("/ws/streams/small?w=641&h=10", Map.of()))
        .compose(r -> r.closed().map(v -> {
          assertThat(r.texts().get(0).getString("message")).isEqualTo("w must be in 1..640: 641");
          assertThat(r.closeCode()).isEqualTo((short) 1008);
          return r;
        }))
        .compose(v -> accepted("/ws/streams/small?w=640&h=320", Map.of()))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout(Vertx vertx, VertxTestContext ctx) {
    start(vertx, o -> o.setIdleTimeoutSeconds(3))
        .compose(g -> net.connect(gateway.port(), "127.0.0.1"))
        .compose(socket -> {
          io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
          socket.closeHandler(v -> closed.complete());
          return closed.future().timeout(15, TimeUnit.SECONDS);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aPausedButLiveSubscriberOutlivesTheIdleTimeout(Vertx vertx, VertxTestContext ctx) {
    // the gateway pings every second; the client answers with pongs, so its connection is never idle
    start(vertx, o -> o.setIdleTimeoutSeconds(3))
        .compose(g -> accepted(URI, Map.of()))
        .compose(r -> {
          int mark = r.mark();
          r.send(new io.vertx.core.json.JsonObject().put("type", "pause"));
          return r.text("state", mark).map(r);
        })
        .compose(r -> vertx.timer(4500).map(r))
        .compose(r -> {
          assertThat(r.closeCode()).isNull();
          int n = r.frames().size();
          r.send(new io.vertx.core.json.JsonObject().put("type", "resume"));
          return r.until("frames after resume", x -> x.frames().size() >= n + 3);
        })
        .onComplete(ctx.succeedingThenComplete());
  }
}
