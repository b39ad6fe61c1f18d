package io.alphastream.gateway;

import io.alphastream.gateway.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What one gateway node shares with the others: the catalog of streams, how a stream's masks are opened
 * (from the origin, or from the node that owns the stream), the subscribers counted elsewhere, and the view
 * of all nodes. A gateway on its own uses the standalone services (an in-memory catalog, the origin, no
 * other nodes); {@code serve --cluster} uses the clustered ones (io.alphastream.gateway.cluster).
 */
public interface NodeServices {

  /** This node's id, unique in its cluster: shown in {@code hello}, {@code /health} and {@code /cluster}. */
  String nodeId();

  /** The streams this node serves. */
  Catalog catalog();

  /**
   * Opens the masks of catalog stream {@code stream} on this node. Fails with a typed
   * {@link io.alphastream.AlphaStreamException} naming the stream; the gateway retries with backoff.
   */
  Future<MaskSource> open(Vertx vertx, StreamOptions stream);

  /**
   * Subscribers of stream {@code id} on the other nodes, as last heard (0 on a single node): with this
   * node's own they count against {@link GatewayOptions#getMaxSubscribersPerStream()}.
   */
  int subscribersElsewhere(String id);

  /** Called once the gateway listens: the services may read its state from then on (heartbeats, /cluster). */
  void started(NodeView node);

  /**
   * {@code {"nodes":[{"id","http","uptimeMs","subscribers":{stream:n},"owns":[..],"unresolved":[..]}]}}: every
   * live node as this node sees it (one entry on a single node), for {@code GET /cluster}.
   */
  Future<JsonObject> clusterView();

  /** Leaves the cluster's state (heartbeats, owned streams); the Vert.x instance is closed by its owner. */
  Future<Void> close();

  /** What a running gateway tells its services about itself. Thread-safe. */
  interface NodeView {
    /** {@code http://host:port}, where this node's API and WebSockets are. */
    String httpUrl();

    /** When the node started, in epoch milliseconds. */
    long startedAtMs();

    /** Subscribers per stream on this node now. */
    java.util.Map<String, Integer> subscribers();

    /** Catalog streams this node cannot open because it cannot resolve their passphrase reference. */
    java.util.List<String> unresolved();
  }
}
