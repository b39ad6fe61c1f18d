package io.alphastream.gateway;

import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.concurrent.TimeUnit;

/**
 * Runs one gateway session (HTTP, PNG, metrics, WebSocket in both encodings) in a throw-away Vert.x
 * instance before a test class starts. On a cold JVM the first use of Netty, Vert.x Web, Caffeine and
 * Micrometer spends hundreds of milliseconds loading and initialising classes on whichever event loop
 * gets there first; that is not event-loop blocking by our code, but it trips the tests' 200 ms
 * blocked-thread check on a busy machine. Afterwards every class the tests touch is loaded.
 */
public final class GatewayWarmup {
  private static boolean done;

  private GatewayWarmup() {}

  public static synchronized void run() throws Exception {
    if (done) {
      return;
    }
    Golden.preload();
    Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(1).setMaxEventLoopExecuteTimeUnit(TimeUnit.MINUTES));
    try {
      GatewayOptions options = new GatewayOptions().setPort(0)
          .addStream(new StreamOptions().setId("small").setSource(Fixtures.path("small.asvp").toString()));
      Gateway gateway = Gateway.start(vertx, options).await(60, TimeUnit.SECONDS);
      var http = vertx.createHttpClient();
      var ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
      Future<?> session = Future.all(
          get(http, gateway.port(), "/streams/small/frames/0.png?w=64&h=32"),
          get(http, gateway.port(), "/metrics"),
          get(http, gateway.port(), "/"),
          WsRecorder.connect(vertx, ws, gateway.port(), "/ws/streams/small?w=64&h=32&encoding=rle")
              .compose(r -> r.until("2 frames", x -> x.frames().size() >= 2).map(v -> r.frames().get(0).mask())),
          WsRecorder.connect(vertx, ws, gateway.port(), "/ws/streams/small?w=64&h=32&encoding=r8")
              .compose(r -> r.until("2 frames", x -> x.frames().size() >= 2).map(v -> r.frames().get(0).mask())));
      session.await(60, TimeUnit.SECONDS);
      gateway.close().await(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    done = true;
  }

  private static Future<?> get(io.vertx.core.http.HttpClient http, int port, String uri) {
    return http.request(HttpMethod.GET, port, "127.0.0.1", uri).compose(req -> req.send()).compose(res -> res.body());
  }
}
