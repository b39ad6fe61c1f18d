package io.alphastream.cli;

import io.alphastream.gateway.Gateway;
import io.alphastream.gateway.GatewayMetrics;
import io.alphastream.gateway.GatewayOptions;
import io.alphastream.gateway.NodeServices;
import io.alphastream.gateway.StandaloneNode;
import io.alphastream.gateway.catalog.LocalCatalog;
import io.alphastream.gateway.StreamOptions;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code alphastream serve}: runs the WebSocket gateway until interrupted. With no stream it serves the
 * bundled demo sample as stream {@code demo}. A subcommand of {@link Main}.
 */
@Command(name = "serve", sortOptions = false,
    description = {"Serve AlphaStream masks over HTTP and WebSocket (docs/protocol.md), with a demo page at /.",
        "With no --stream and no streams in --config, serves the bundled demo sample as stream 'demo'."})
public final class ServeCommand implements Callable<Integer> {
  /** Environment variable holding the bearer token (a token never goes on the command line). */
  public static final String TOKEN_ENV = "ALPHASTREAM_GATEWAY_TOKEN";
  /** Environment variable holding the admin API's bearer token (when no --admin-token-file is given). */
  public static final String ADMIN_TOKEN_ENV = "ALPHASTREAM_ADMIN_TOKEN";
  /** Stream served when none is configured (and the catalog is empty). */
  public static final String DEMO_STREAM = "demo=sample:demo";

  @Option(names = "--config", paramLabel = "FILE", description = "JSON configuration (GatewayOptions: host, port, streams, limits...); flags override it.")
  Path config;

  @Option(names = "--host", description = "Interface to listen on (default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "TCP port; 0 picks a free one (default 8080).")
  Integer port;

  @Option(names = "--stream", paramLabel = "ID=SOURCE",
      description = "A stream to serve: a file path, file:/http(s): URL, or sample:NAME. Repeatable.")
  List<String> streams = new ArrayList<>();

  /** Key settings for the --stream streams: the same flags, and the same meaning, as every command's. */
  @Mixin KeyOptions key;

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN", description = "Origin allowed to open WebSockets (repeatable; * = any). Default: the gateway's own pages only.")
  List<String> origins = new ArrayList<>();

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token (else $" + TOKEN_ENV + ", else none).")
  Path tokenFile;

  @Option(names = "--admin-token-file", paramLabel = "FILE", description = "File holding the admin API's bearer token"
      + " (else $" + ADMIN_TOKEN_ENV + ", else the admin API is off). Must differ from the viewer token.")
  Path adminTokenFile;

  @Option(names = "--secrets-dir", paramLabel = "DIR", description = "Directory of the passphrase files that catalog"
      + " entries name by file name (passphraseFile in PUT /admin/streams/{id}).")
  Path secretsDir;

  @Option(names = "--node-id", paramLabel = "ID", description = "This node's id, shown in hello, /health and /cluster"
      + " (default: 8 random hex digits).")
  String nodeId;

  /** --cluster and its flags: without --cluster, nothing of the cluster is loaded. */
  @Mixin ClusterFlags cluster = new ClusterFlags();

  @Option(names = "--max-subscribers", description = "Subscribers per stream (default 256).")
  Integer maxSubscribers;

  @Option(names = "--max-size", paramLabel = "WxH", description = "Largest mask size a client may request (default 4096x4096).")
  String maxSize;

  @Option(names = "--max-fps", description = "Largest rate a client may request (default 240).")
  Double maxFps;

  @Option(names = "--write-queue-bytes", description = "Per-subscriber write queue bound (default 1 MiB).")
  Integer writeQueueBytes;

  @Option(names = "--memory-budget-bytes", description = "Bytes the gateway may hold for its clients before it refuses"
      + " new subscribers and drops slow ones (default 0 = a quarter of the maximum heap).")
  Long memoryBudgetBytes;

  @Option(names = "--stall-timeout-ms", description = "Close a subscriber whose queue stays full this long (default 5000).")
  Long stallTimeoutMs;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Close connections silent this long (default 60).")
  Integer idleTimeout;

  @Option(names = "--instances", description = "Event loops serving connections (default 1).")
  Integer instances;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final CountDownLatch stop;
  /** Tests: the node services to run on instead of a new standalone node. */
  NodeServices givenNode;
  /** The demo stream was added because none is configured: it is seeded only into an empty catalog. */
  private boolean demoByDefault;

  ServeCommand(PrintStream out, PrintStream err, Map<String, String> env, CountDownLatch stop) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stop = stop;
  }

  /**
   * Runs {@code alphastream serve ARGS}; returns the exit code once {@code stop} is released (or at once
   * on error).
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, CountDownLatch stop) {
    String[] line = new String[args.length + 1];
    line[0] = "serve";
    System.arraycopy(args, 0, line, 1, args.length);
    return Main.run(line, out, err, env, stop);
  }

  /** The options from --config and the flags. */
  GatewayOptions options() throws IOException {
    GatewayOptions o = config == null ? new GatewayOptions()
        : new GatewayOptions(new JsonObject(Files.readString(config, StandardCharsets.UTF_8)));
    ifGiven(host, o::setHost);
    ifGiven(port, o::setPort);
    for (String spec : streams) {
      StreamOptions s = StreamOptions.parse(spec).setKey(key.toKeyOptions());
      if (s.getPassphraseFile() != null) { // the catalog holds where the file is, whichever directory reads it
        s.setPassphraseFile(Path.of(s.getPassphraseFile()).toAbsolutePath().toString());
      }
      o.addStream(s);
    }
    demoByDefault = o.getStreams().isEmpty();
    if (demoByDefault) {
      o.addStream(StreamOptions.parse(DEMO_STREAM));
    }
    if (!origins.isEmpty()) {
      o.setAllowedOrigins(origins);
    }
    if (tokenFile != null) {
      o.setToken(Files.readString(tokenFile, StandardCharsets.UTF_8).trim());
    } else if (env.get(TOKEN_ENV) != null && !env.get(TOKEN_ENV).isBlank()) {
      o.setToken(env.get(TOKEN_ENV).trim());
    }
    if (adminTokenFile != null) {
      o.setAdminToken(Files.readString(adminTokenFile, StandardCharsets.UTF_8).trim());
    } else if (env.get(ADMIN_TOKEN_ENV) != null && !env.get(ADMIN_TOKEN_ENV).isBlank()) {
      o.setAdminToken(env.get(ADMIN_TOKEN_ENV).trim());
    }
    if (o.getAdminToken() != null && o.getAdminToken().equals(o.getToken())) {
      throw new IllegalArgumentException("the admin token must differ from the viewer token");
    }
    if (secretsDir != null) {
      if (!Files.isDirectory(secretsDir)) { // a typo would leave every secret unresolved: say so at once
        throw new IllegalArgumentException("--secrets-dir " + secretsDir + " is not a directory");
      }
      o.setSecretsDir(secretsDir.toAbsolutePath().toString());
    }
    ifGiven(maxSubscribers, o::setMaxSubscribersPerStream);
    if (maxSize != null) {
      String[] wh = maxSize.toLowerCase().split("x");
      if (wh.length != 2) {
        throw new IllegalArgumentException("--max-size must be WxH: " + maxSize);
      }
      o.setMaxWidth(Integer.parseInt(wh[0])).setMaxHeight(Integer.parseInt(wh[1]));
    }
    ifGiven(maxFps, o::setMaxFps);
    ifGiven(writeQueueBytes, o::setWriteQueueMaxBytes);
    ifGiven(stallTimeoutMs, o::setStallTimeoutMs);
    ifGiven(memoryBudgetBytes, o::setMemoryBudgetBytes);
    ifGiven(idleTimeout, o::setIdleTimeoutSeconds);
    ifGiven(instances, o::setInstances);
    return o;
  }

  /**
   * The services of this node: on its own, an in-memory catalog (seeded by the gateway from the configured
   * streams), the origin, and the secrets directory of the options.
   */
  NodeServices node(Vertx vertx, GatewayOptions options) {
    if (givenNode != null) {
      return givenNode;
    }
    return new StandaloneNode(nodeId != null ? StandaloneNode.checkNodeId(nodeId) : StandaloneNode.randomNodeId(),
        new LocalCatalog(), StandaloneNode.secrets(options, env::get));
  }

  /** Applies a flag only when it was given, so the --config value (or the default) stays otherwise. */
  private static <T> void ifGiven(T flag, Consumer<T> setter) {
    if (flag != null) {
      setter.accept(flag);
    }
  }

  @Override
  public Integer call() throws Exception {
    GatewayOptions options = options();
    // vertx-micrometer re-registers its gauges by design; keep Micrometer's warning about it off stderr
    VertxGaugeWarningFilter.install();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // process-wide JVM meters (heap, GC, threads, CPU) belong to the process, so the command adds them
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    VertxOptions vertxOptions = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    Vertx vertx;
    if (cluster.enabled()) {
      if (nodeId != null) {
        throw new IllegalArgumentException("--node-id cannot be given with --cluster: the node id is the cluster's");
      }
      try {
        var joined = cluster.join(vertxOptions, new MicrometerMetricsFactory(registry), StandaloneNode.secrets(options, env::get), env::get);
        givenNode = joined;
        vertx = joined.vertx();
        out.println(ClusterFlags.describe(joined));
      } catch (Exception e) {
        gc.close();
        throw e;
      }
    } else {
      cluster.options(); // refuses cluster flags given without --cluster
      vertx = Vertx.builder().with(vertxOptions).withMetrics(new MicrometerMetricsFactory(registry)).build();
    }
    Gateway gateway;
    NodeServices node = null;
    try {
      node = node(vertx, options);
      if (demoByDefault && !node.catalog().list().await(60, TimeUnit.SECONDS).isEmpty()) {
        options.setStreams(List.of()); // the catalog has streams already: no demo next to them
      }
      gateway = Gateway.start(vertx, options, new GatewayMetrics(registry), node).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (node != null) {
        node.close().await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(10, TimeUnit.SECONDS);
      gc.close();
      throw e;
    }
    List<String> served = gateway.streamIds();
    out.println("AlphaStream gateway: serving " + served.size() + " stream(s) on " + gateway.url());
    for (String id : served) {
      String state = gateway.streamState(id);
      out.println("  " + id + "  ws://" + options.getHost() + ":" + gateway.port() + "/ws/streams/" + id
          + (state == null || "serving".equals(state) ? "" : "  (" + state + " in the background; see /health)"));
    }
    out.flush();
    stop.await();
    NodeServices n = node;
    gateway.close().transform(v -> n.close()).transform(v -> vertx.close()).await(15, TimeUnit.SECONDS);
    gc.close();
    return ExitCode.OK;
  }
}
