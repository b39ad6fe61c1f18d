package io.alphastream.gateway;

import io.alphastream.gateway.protocol.ErrorKind;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running gateway: the streams of its node's catalog and the deployed {@link GatewayVerticle}s. Start with
 * {@link #start}, stop with {@link #close()}.
 *
 * <p>The streams follow the catalog ({@link NodeServices#catalog()}): on every change notification the
 * gateway reads the catalog and reconciles, one pass at a time. A new entry is opened (with its own backoff
 * and health, through {@link NodeServices#open}); a removed one closes its subscribers on every event loop
 * with {@code stream_removed} and closes; a changed one (another source or key) closes its subscribers with
 * {@code stream_changed}, as an origin change does, and opens anew.
 */
public final class Gateway {
  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

  private final Vertx vertx;
  private final GatewayOptions options;
  private final GatewayMetrics metrics;
  private final NodeServices node;
  private final boolean ownsNode;
  private final StreamTable streams;
  private final Set<StreamEntry> retiring = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final MemoryBudget budget;
  private final GatewayMetrics.BudgetMeters budgetMeters;
  private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closed = Promise.promise();
  private final long startedAtMs = System.currentTimeMillis();
  private volatile int port;
  // reconciliation: one pass at a time; a change during a pass queues exactly one more (guarded by this)
  private boolean reconciling;
  private Promise<Void> queuedPass;

  private Gateway(Vertx vertx, GatewayOptions options, GatewayMetrics metrics, NodeServices node, boolean ownsNode) {
    this.ownsNode = ownsNode;
    this.vertx = vertx;
    this.options = options;
    this.metrics = metrics;
    this.node = node;
    this.streams = new StreamTable(options.getStreams().stream().map(StreamOptions::getId).toList());
    this.budget = new MemoryBudget(options.effectiveMemoryBudgetBytes(),
        () -> streams.values().stream().mapToLong(s -> s.source.cachedBytes()).sum());
    this.budgetMeters = metrics.budget(budget);
  }

  /** Opens the configured streams and starts serving, with meters in a new Prometheus registry. */
  public static Future<Gateway> start(Vertx vertx, GatewayOptions options) {
    return start(vertx, options, new GatewayMetrics());
  }

  /**
   * {@link #start(Vertx, GatewayOptions, GatewayMetrics, NodeServices)} on a node of its own
   * ({@link StandaloneNode#of}: a random node id, an in-memory catalog seeded with the configured streams);
   * at least one stream must be configured.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayOptions options, GatewayMetrics metrics) {
    if (options.getStreams().isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("no streams configured"));
    }
    StandaloneNode node;
    try {
      node = StandaloneNode.of(options);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return start(vertx, options, metrics, node, true);
  }

  /**
   * Seeds {@code node}'s catalog with the configured streams (each only if its id is absent, so a node joining
   * a cluster never overwrites an admin's change; a relative passphrase file is made absolute first), opens
   * every catalog stream, then deploys {@link GatewayOptions#getInstances()} verticles on one port and tells
   * the node ({@link NodeServices#started}). Streams open independently: configured local ones (files,
   * {@code sample:}) are awaited and any failure of theirs fails the start (a missing file, a corrupt one, a
   * wrong key are configuration mistakes); remote ones ({@code http(s)}) and the ones only the catalog holds
   * are not awaited, so the gateway listens at once and a stream that cannot open is reported by
   * {@code /health} and retried with backoff while the others serve. The node is not closed by the gateway.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayOptions options, GatewayMetrics metrics, NodeServices node) {
    return start(vertx, options, metrics, node, false);
  }

  /** {@code ownsNode}: the gateway made the node, and closes it with itself. */
  private static Future<Gateway> start(Vertx vertx, GatewayOptions options, GatewayMetrics metrics, NodeServices node,
      boolean ownsNode) {
    GatewayOptions opts = new GatewayOptions(options);
    if (opts.getToken() != null && opts.getToken().equals(opts.getAdminToken())) {
      Future<Gateway> refused = Future.failedFuture(
          new IllegalArgumentException("the admin token must differ from the viewer token"));
      return ownsNode ? node.close().transform(v -> refused) : refused;
    }
    List<StreamOptions> seeds = new ArrayList<>();
    for (StreamOptions s : opts.getStreams()) {
      seeds.add(absolutePassphraseFile(s));
    }
    Gateway g = new Gateway(vertx, opts, metrics, node, ownsNode);
    Future<Void> seeded = Future.succeededFuture();
    for (StreamOptions s : seeds) { // in order: the first configured entry of an id wins, as in the config
      seeded = seeded.compose(v -> node.catalog().putIfAbsent(s).mapEmpty());
    }
    return seeded.compose(v -> {
      node.catalog().onChange(x -> g.reconcile());
      return g.reconcile();
    }).compose(v -> {
      List<Future<Void>> local = new ArrayList<>();
      for (StreamOptions s : seeds) {
        StreamEntry e = g.streams.get(s.getId());
        if (e != null && !e.remote()) {
          local.add(e.firstAttempt().recover(err -> Future.failedFuture(new IllegalStateException("stream " + e.id
              + " (" + e.sourceName() + "): " + err.getMessage(), err))));
        }
      }
      return Future.join(local).transform(ar -> {
        if (ar.failed()) { // report the first failure
          return Future.failedFuture(local.stream().filter(Future::failed).map(Future::cause).findFirst()
              .orElse(ar.cause()));
        }
        return Future.succeededFuture();
      });
    }).compose(v -> g.deploy()).map(v -> {
      node.started(g.nodeView());
      return g;
    }).recover(err -> g.close().transform(v -> Future.failedFuture(err)));
  }

  /** A relative passphrase file of a configured stream is relative to this process's directory, as before. */
  private static StreamOptions absolutePassphraseFile(StreamOptions s) {
    String f = s.getPassphraseFile();
    if (f == null) {
      return s;
    }
    try {
      Path p = Path.of(f);
      return p.isAbsolute() ? s : new StreamOptions(s).setPassphraseFile(p.toAbsolutePath().toString());
    } catch (java.nio.file.InvalidPathException e) {
      return s; // opening it reports the bad path
    }
  }

  private Future<Void> deploy() {
    // Every instance asks for the configured port; Vert.x shares one server among them (also for port 0,
    // where they share the one random port).
    return vertx.deployVerticle(() -> {
      GatewayVerticle v = new GatewayVerticle(options, streams, node, metrics, options.getPort(), budget, budgetMeters);
      verticles.add(v);
      return v;
    }, new DeploymentOptions().setInstances(options.getInstances())).map(id -> {
      deployments.add(id);
      port = verticles.get(0).actualPort();
      return null;
    });
  }

  // ---- reconciliation with the catalog ------------------------------------------------------------------

  /**
   * Makes the streams match the catalog; the future completes once a pass that started after this call is
   * done. Passes never overlap: a call during a pass queues one more pass (any number of calls share it).
   */
  Future<Void> reconcile() {
    Promise<Void> start;
    Future<Void> result;
    synchronized (this) {
      if (queuedPass == null) {
        queuedPass = Promise.promise();
      }
      result = queuedPass.future();
      if (reconciling) {
        return result;
      }
      reconciling = true;
      start = queuedPass;
      queuedPass = null;
    }
    pass(start);
    return result;
  }

  private void pass(Promise<Void> done) {
    Future<Void> f;
    try {
      f = node.catalog().list().map(list -> {
        apply(list);
        return null;
      });
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.failed()) { // a clustered catalog notifies again (or re-reads periodically): the next pass catches up
        LOG.log(Level.WARNING, "reading the stream catalog failed: {0}", String.valueOf(ar.cause().getMessage()));
      }
      done.handle(ar);
      Promise<Void> next;
      synchronized (this) {
        next = queuedPass;
        queuedPass = null;
        reconciling = next != null;
      }
      if (next != null) {
        pass(next);
      }
    });
  }

  /** Opens, closes and replaces entries so that the served streams are {@code wanted}. Non-blocking. */
  private void apply(List<StreamOptions> wanted) {
    synchronized (streams) { // against close(): no stream opens once it took its snapshot
      if (!closing.get()) {
        applyNow(wanted);
      }
    }
  }

  private void applyNow(List<StreamOptions> wanted) {
    Map<String, StreamOptions> want = new LinkedHashMap<>();
    wanted.forEach(s -> want.put(s.getId(), s));
    for (StreamEntry e : new ArrayList<>(streams.values())) {
      if (!want.containsKey(e.id)) {
        retire(e, ErrorKind.STREAM_REMOVED, "stream \"" + e.id + "\" was removed", (short) 1008);
      }
    }
    for (StreamOptions s : want.values()) {
      StreamEntry e = streams.get(s.getId());
      if (e != null && e.options().toJson().equals(s.toJson())) {
        continue; // unchanged (a spurious notification, or another entry's change)
      }
      if (e != null) { // another source or key under the same id: like an origin change
        retire(e, ErrorKind.STREAM_CHANGED, "stream \"" + e.id + "\" was changed; reconnect for the new one", (short) 1012);
      }
      open(s);
    }
  }

  private void open(StreamOptions s) {
    StreamEntry e = new StreamEntry(vertx, s, options, metrics, node::open);
    // a withdrawn version (origin changed): every loop closes its subscribers of it
    e.addChangeListener(message -> closeSubscribers(e, ErrorKind.STREAM_CHANGED, message, (short) 1012));
    streams.put(e);
    e.start();
  }

  /** Takes {@code e} out of service: its meters go now, its subscribers are told and closed, then the stream. */
  private void retire(StreamEntry e, ErrorKind kind, String message, short code) {
    if (!streams.remove(e)) {
      return;
    }
    e.retire(); // before a new entry of the same id registers its meters
    retiring.add(e);
    closeSubscribers(e, kind, message, code).onComplete(ar -> e.close().onComplete(x -> retiring.remove(e)));
  }

  /** Closes {@code e}'s subscribers on every event loop; completes when they all are. */
  private Future<Void> closeSubscribers(StreamEntry e, ErrorKind kind, String message, short code) {
    List<Future<Void>> all = new ArrayList<>();
    verticles.forEach(v -> all.add(v.closeSubscribers(e, kind, message, code)));
    return Future.join(all).mapEmpty();
  }

  // ---- what the node services and the tests see -----------------------------------------------------------

  /** This gateway as its node services see it (thread-safe, live). */
  NodeServices.NodeView nodeView() {
    return new NodeServices.NodeView() {
      @Override
      public String httpUrl() {
        return "http://" + options.getHost() + ":" + port;
      }

      @Override
      public long startedAtMs() {
        return startedAtMs;
      }

      @Override
      public Map<String, Integer> subscribers() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        streams.ordered().forEach(e -> counts.put(e.id, e.meters.subscribers.get()));
        return counts;
      }

      @Override
      public List<String> unresolved() {
        return streams.ordered().stream().filter(StreamEntry::unresolved).map(e -> e.id).toList();
      }
    };
  }

  /** The services of the node this gateway runs on. */
  public NodeServices node() {
    return node;
  }

  /** The ids of the streams served now (configured ones first, in configuration order, then by id). */
  public List<String> streamIds() {
    return streams.ordered().stream().map(e -> e.id).toList();
  }

  /** The catalog entry stream {@code id} is served from now, or null. */
  StreamOptions servedEntry(String id) {
    StreamEntry e = streams.get(id);
    return e == null ? null : e.options();
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
        Set<StreamEntry> all;
        synchronized (streams) {
          all = new HashSet<>(streams.values());
        }
        all.addAll(retiring);
        all.forEach(s -> closes.add(s.close()));
        if (ownsNode) {
          closes.add(node.close());
        }
        return Future.join(closes);
      }).<Void>mapEmpty().onComplete(closed);
    }
    return closed.future();
  }
}
