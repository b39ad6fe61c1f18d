package io.alphastream.gateway;

import io.alphastream.gateway.catalog.Catalog;
import io.alphastream.gateway.catalog.LocalCatalog;
import io.alphastream.gateway.catalog.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The services of a gateway on its own: an in-memory {@link LocalCatalog}, streams opened from their origin
 * with references resolved by this node's {@link Secrets}, no subscribers elsewhere, and a cluster view of
 * this node alone. Thread-safe.
 */
public final class StandaloneNode implements NodeServices {
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String nodeId;
  private final Catalog catalog;
  private final Secrets secrets;
  private volatile NodeView view;

  /** {@code nodeId}: see {@link #checkNodeId}; {@code catalog}: usually a new {@link LocalCatalog}. */
  public StandaloneNode(String nodeId, Catalog catalog, Secrets secrets) {
    this.nodeId = checkNodeId(nodeId);
    this.catalog = catalog;
    this.secrets = secrets;
  }

  /** A node with a random id, a new local catalog, the options' secrets directory and this process's environment. */
  public static StandaloneNode of(GatewayOptions options) {
    return new StandaloneNode(randomNodeId(), new LocalCatalog(), secrets(options, System::getenv));
  }

  /** The secrets of a node configured with {@code options}, looking variables up in {@code env}. */
  public static Secrets secrets(GatewayOptions options, Function<String, String> env) {
    return new Secrets(options.getSecretsDir() == null ? null : Path.of(options.getSecretsDir()), env);
  }

  /** Eight random hex digits: unique enough among the nodes of one cluster, short enough to read. */
  public static String randomNodeId() {
    return String.format("%08x", RANDOM.nextInt());
  }

  /** A node id is 1 to 64 of {@code A-Z a-z 0-9 _ . -} (it appears in JSON, logs and metrics). */
  public static String checkNodeId(String id) {
    if (id == null || !NODE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("node id must be 1-64 of [A-Za-z0-9_.-]: " + id);
    }
    return id;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
    return secrets.open(vertx, stream);
  }

  @Override
  public int subscribersElsewhere(String id) {
    return 0;
  }

  @Override
  public void started(NodeView node) {
    this.view = node;
  }

  @Override
  public Future<JsonObject> clusterView() {
    NodeView v = view;
    JsonArray nodes = new JsonArray();
    if (v != null) {
      nodes.add(describe(nodeId, v, List.of()));
    }
    return Future.succeededFuture(new JsonObject().put("nodes", nodes));
  }

  /**
   * One node as {@code /cluster} lists it: {@code {"id","http","uptimeMs","subscribers":{stream:n},"owns",
   * "unresolved"}}; {@code owns}: the streams whose frames this node reads for the others.
   */
  public static JsonObject describe(String nodeId, NodeView node, List<String> owns) {
    JsonObject subscribers = new JsonObject();
    for (Map.Entry<String, Integer> e : node.subscribers().entrySet()) {
      subscribers.put(e.getKey(), e.getValue());
    }
    return new JsonObject().put("id", nodeId).put("http", node.httpUrl())
        .put("uptimeMs", Math.max(0, System.currentTimeMillis() - node.startedAtMs()))
        .put("subscribers", subscribers).put("owns", new JsonArray(List.copyOf(owns)))
        .put("unresolved", new JsonArray(List.copyOf(node.unresolved())));
  }

  @Override
  public Future<Void> close() {
    return catalog.close();
  }
}
