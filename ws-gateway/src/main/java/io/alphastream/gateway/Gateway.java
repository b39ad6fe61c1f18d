package io.alphastream.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running gateway: the opened streams and the deployed {@link GatewayVerticle}s. Start with
 * {@link #start}, stop with {@link #close()}.
 */
public final class Gateway {
  private final Vertx vertx;
  private final GatewayOptions options;
  private final GatewayMetrics metrics;
  private final Map<String, StreamEntry> streams;
  private final MemoryBudget budget;
  private final GatewayMetrics.BudgetMeters budgetMeters;
  private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closed = Promise.promise();
  private volatile int port;

  private Gateway(Vertx vertx, GatewayOptions options, GatewayMetrics metrics, Map<String, StreamEntry> streams) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = metrics;
    this.streams = streams;
    this.budget = new MemoryBudget(options.effectiveMemoryBudgetBytes(),
        () -> streams.values().stream().mapToLong(s -> s.source.cachedBytes()).sum());
    this.budgetMeters = metrics.budget(budget);
  }

  /** Opens the configured streams and starts serving, with meters in a new Prometheus registry. */
  public static Future<Gateway> start(Vertx vertx, GatewayOptions options) {
    return start(vertx, options, new GatewayMetrics());
  }

  /**
   * Starts every stream opening, then deploys {@link GatewayOptions#getInstances()} verticles on one port.
   * Streams open independently: local ones (files, {@code sample:}) are awaited and any failure of theirs
   * fails the start (a missing file, a corrupt one, a wrong key are configuration mistakes); remote ones
   * ({@code http(s)}) are not awaited, so the gateway listens at once and an origin that is slow, down or
   * broken is reported by {@code /health} and retried with backoff while the others serve.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayOptions options, GatewayMetrics metrics) {
    GatewayOptions opts = new GatewayOptions(options);
    if (opts.getStreams().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("no streams configured"));
    }
    Map<String, StreamEntry> streams = new LinkedHashMap<>();
    for (StreamOptions s : opts.getStreams()) {
      if (streams.containsKey(s.getId())) {
        return Future.failedFuture(new IllegalArgumentException("stream id \"" + s.getId() + "\" is configured twice"));
      }
      streams.put(s.getId(), new StreamEntry(vertx, s, opts, metrics, MaskSources::open));
    }
    List<Future<Void>> local = new ArrayList<>();
    for (StreamEntry e : streams.values()) {
      Future<Void> first = e.start();
      if (!e.remote()) {
        local.add(first.recover(err -> Future.failedFuture(new IllegalStateException("stream " + e.id + " ("
            + e.sourceName() + "): " + err.getMessage(), err))));
      }
    }
    Gateway g = new Gateway(vertx, opts, metrics, Collections.unmodifiableMap(streams));
    return Future.join(local).transform(ar -> {
      if (ar.failed()) { // stop every stream, report the first failure
        Throwable first = local.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(ar.cause());
        return g.close().transform(v -> Future.failedFuture(first));
      }
      return g.deploy().map(g).recover(err -> g.close().transform(v -> Future.failedFuture(err)));
    });
  }

  private Future<Void> deploy() {
    // Every instance asks for the configured port; Vert.x shares one server among them (also for port 0,
    // where they share the one random port).
    return vertx.deployVerticle(() -> {
      GatewayVerticle v = new GatewayVerticle(options, streams, metrics, options.getPort(), budget, budgetMeters);
      verticles.add(v);
      return v;
    }, new DeploymentOptions().setInstances(options.getInstances())).map(id -> {
      deployments.add(id);
      port = verticles.get(0).actualPort();
      return null;
    });
  }

  /** The port the gateway listens on (the actual one when configured as 0). */
  public int port() {
    return port;
  }

  /** {@code http://host:port/}, the demo page. */
  public String url() {
    return "http://" + options.getHost() + ":" + port + "/";
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Frame messages encoded so far for {@code stream}, over all sizes, encodings and event loops. */
  public long encodes(String stream) {
    StreamEntry e = streams.get(stream);
    return e == null ? 0 : (long) e.meters.encodes.count();
  }

  /** The state of stream {@code id} as {@code /health} reports it, or null for an unknown id. */
  public String streamState(String id) {
    StreamEntry e = streams.get(id);
    return e == null ? null : e.reportedState().wireName();
  }

  /** The memory budget's limit and the bytes counted against it now (docs/protocol.md 3.6). */
  public MemoryUse memoryUse() {
    budget.refreshCaches();
    return new MemoryUse(budget.limit(), budget.used(), budget.held());
  }

  /** A reading of the memory budget: {@code held} excludes the streams' mask caches, {@code used} includes them. */
  public record MemoryUse(long limit, long used, long held) {}

  /** Counters of every open subscription. */
  public Future<List<SubscriberStats>> subscriberStats() {
    List<Future<List<SubscriberStats>>> parts = new ArrayList<>();
    verticles.forEach(v -> parts.add(v.subscriberStats()));
    return Future.all(parts).map(cf -> {
      List<SubscriberStats> all = new ArrayList<>();
      parts.forEach(p -> all.addAll(p.result()));
      return all;
    });
  }

  /** Closes every subscriber (1001), stops the servers and closes the streams. Idempotent. */
  public Future<Void> close() {
    if (closing.compareAndSet(false, true)) {
      List<Future<?>> undeploys = new ArrayList<>();
      deployments.forEach(id -> undeploys.add(vertx.undeploy(id)));
      Future.join(undeploys).transform(v -> {
        List<Future<Void>> closes = new ArrayList<>();
        streams.values().forEach(s -> closes.add(s.close()));
        return Future.join(closes);
      }).<Void>mapEmpty().onComplete(closed);
    }
    return closed.future();
  }
}
