package io.alphastream.gateway;

import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shared set-up of the gateway tests: a warm JVM, a real gateway on a random loopback port started
 * before each test with {@link #options()} (by default the fixture {@code small.asvp} as stream
 * "small") and closed after it, and real WebSocket and HTTP clients. Subclasses still carry their own
 * {@code @Timeout} (the Vert.x annotation is not inherited).
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
abstract class GatewayTestBase {
  protected Vertx vertx;
  protected Gateway gateway;
  protected WebSocketClient client;
  protected HttpClient http;

  /** Status, content type and body of one HTTP response. */
  record Reply(int status, String contentType, Buffer body) {}

  @BeforeAll
  static void warmUp() throws Exception {
    GatewayWarmup.run();
  }

  /** A stream served from a shared fixture file. */
  static StreamOptions fixtureStream(String id, String fixture) {
    return new StreamOptions().setId(id).setSource(Fixtures.path(fixture).toString());
  }

  /** The options of the gateway each test gets. */
  protected GatewayOptions options() {
    return new GatewayOptions().setPort(0).addStream(fixtureStream("small", "small.asvp"));
  }

  @BeforeEach
  void startGateway(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
    http = vertx.createHttpClient();
    start(options()).onComplete(ctx.succeeding(g -> {
      gateway = g;
      ctx.completeNow();
    }));
  }

  /** Starts the gateway each test gets (on a node of its own unless a test class says otherwise). */
  protected Future<Gateway> start(GatewayOptions options) {
    return Gateway.start(vertx, options);
  }

  @AfterEach
  void stopGateway(VertxTestContext ctx) {
    (gateway == null ? Future.succeededFuture() : gateway.close()).onComplete(ctx.succeedingThenComplete());
  }

  /** Completes once {@code check} yields true, re-checked every 20 ms; fails after {@code seconds}. */
  protected Future<Void> eventually(long seconds, String what, java.util.function.Supplier<Future<Boolean>> check) {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    poll(what, System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds), check, p);
    return p.future();
  }

  private void poll(String what, long deadline, java.util.function.Supplier<Future<Boolean>> check,
      io.vertx.core.Promise<Void> p) {
    check.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        p.complete();
      } else if (System.nanoTime() > deadline) {
        p.fail(new AssertionError("waiting for " + what + (ar.failed() ? ": " + ar.cause() : "")));
      } else {
        vertx.setTimer(20, t -> poll(what, deadline, check, p));
      }
    });
  }

  /** A test-side check that may throw (an assertion, a decoder's IOException). */
  protected interface Check {
    void run() throws Exception;
  }

  /**
   * Runs heavy test-side work (decoding a mask or a PNG, comparing it with a golden mask) on a worker
   * thread: on an event loop it could trip the blocked-thread checker on a busy machine. Fails with the
   * check's own error.
   */
  protected Future<Void> offLoop(Check check) {
    return vertx.executeBlocking(() -> {
      check.run();
      return null;
    }, false);
  }

  /** Opens a recorded WebSocket to {@code uri} on the gateway. */
  protected Future<WsRecorder> connect(String uri) {
    return WsRecorder.connect(vertx, client, gateway.port(), uri);
  }

  /** GET {@code uri} from the gateway. */
  protected Future<Reply> get(String uri) {
    return http.request(HttpMethod.GET, gateway.port(), "127.0.0.1", uri).compose(req -> req.send())
        .compose((HttpClientResponse res) -> res.body()
            .map(b -> new Reply(res.statusCode(), res.getHeader("Content-Type"), b)));
  }

  /** Status and body of one response to {@link #send}. */
  protected record Res(int status, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  /** {@code method uri} on the gateway with an optional bearer token and body; {@link #received} sees the body. */
  protected Future<Res> send(HttpMethod method, String uri, String bearer, String body) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(gateway.port()).setURI(uri);
    if (bearer != null) {
      o.addHeader("Authorization", "Bearer " + bearer);
    }
    return http.request(o).compose(req -> body == null ? req.send() : req.send(body))
        .compose((HttpClientResponse res) -> res.body().map(b -> {
          received(b);
          return new Res(res.statusCode(), b);
        }));
  }

  /** Called with every response body {@link #send} reads (a test that inspects them overrides it). */
  protected void received(Buffer body) {}
}
