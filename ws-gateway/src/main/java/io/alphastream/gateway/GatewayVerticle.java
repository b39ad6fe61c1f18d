package io.alphastream.gateway;

import io.alphastream.gateway.protocol.ErrorKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;

/**
 * One event loop of the gateway, and its rate-controlled pusher: an HTTP server (instances share the
 * port) with the API routes, and the {@link Pusher} whose per-subscriber clocks write frames to this
 * loop's WebSocket subscribers. Also measures its event loop's lag with a periodic timer. Deployed by
 * {@link Gateway#start}.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final long LAG_PROBE_MS = 100;
  private static final int MAX_FRAME_BYTES = 64 * 1024;

  private final GatewayOptions options;
  private final StreamTable streams;
  private final NodeServices node;
  private final GatewayMetrics metrics;
  private final MemoryBudget budget;
  private final GatewayMetrics.BudgetMeters budgetMeters;
  private final int port;
  private Pusher pusher;
  private HttpServer server;
  private long lagTimer = -1;

  GatewayVerticle(GatewayOptions options, StreamTable streams, NodeServices node, GatewayMetrics metrics, int port,
      MemoryBudget budget, GatewayMetrics.BudgetMeters budgetMeters) {
    this.node = node;
    this.options = options;
    this.budget = budget;
    this.budgetMeters = budgetMeters;
    this.streams = streams;
    this.metrics = metrics;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    pusher = new Pusher(vertx, context, streams, node, options, budget, budgetMeters);
    HttpServerOptions serverOptions = new HttpServerOptions()
        .setHost(options.getHost()).setPort(port)
        // compression would cost one deflate per subscriber and frame, defeating the shared encode
        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
        // a frame up to 64 KiB is decoded, so an oversized control message gets an error message; a bigger
        // frame is a protocol violation that ends the connection
        .setMaxWebSocketFrameSize(Math.max(MAX_FRAME_BYTES, options.getMaxControlMessageBytes()))
        .setMaxWebSocketMessageSize(options.getMaxControlMessageBytes())
        .setReadIdleTimeout(options.getIdleTimeoutSeconds())
        .setWebSocketClosingTimeout(2); // then the TCP connection of a peer that never answers a close goes
    server = vertx.createHttpServer(serverOptions)
        .requestHandler(HttpApi.router(vertx, streams, node, options, metrics, pusher));
    probeLag(System.nanoTime());
    return server.listen();
  }

  private void probeLag(long scheduledAt) {
    lagTimer = vertx.setTimer(LAG_PROBE_MS, id -> {
      long now = System.nanoTime();
      metrics.recordEventLoopLag(now - scheduledAt - LAG_PROBE_MS * 1_000_000L);
      probeLag(now);
    });
  }

  /** The port this verticle's server listens on. */
  int actualPort() {
    return server.actualPort();
  }

  /**
   * Closes this loop's subscribers of {@code stream} (see {@link Pusher#closeSubscribers}), on its context;
   * completes once they are closed.
   */
  Future<Void> closeSubscribers(StreamEntry stream, ErrorKind kind, String message, short code) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      pusher.closeSubscribers(stream, kind, message, code);
      done.complete();
    });
    return done.future();
  }

  /** This loop's subscribers' counters, read on its context. */
  Future<List<SubscriberStats>> subscriberStats() {
    Promise<List<SubscriberStats>> p = Promise.promise();
    context.runOnContext(v -> p.complete(pusher.stats()));
    return p.future();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(lagTimer);
    return pusher.close().compose(v -> server.close());
  }
}
