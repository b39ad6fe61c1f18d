package io.alphastream.gateway.cluster;

import io.alphastream.AlphaStream;
import io.alphastream.gateway.MaskSource;
import io.alphastream.gateway.MaskSources;
import io.alphastream.gateway.NodeServices;
import io.alphastream.gateway.StreamOptions;
import io.alphastream.gateway.catalog.Catalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway node in a Vert.x cluster over Hazelcast (docs/cluster.md): its catalog is one cluster-wide map
 * ({@link ClusterCatalog}), its live peers and their subscribers come from heartbeats ({@link NodeRegistry}),
 * and its masks come from the origin ({@link ClusterOptions.Frames#ORIGIN}) or from the stream's owner node
 * ({@link ClusterOptions.Frames#OWNER}). Start with {@link #join}; the node owns the clustered Vert.x
 * instance it creates ({@link #vertx()}), which its user closes after {@link #close()}.
 */
public final class ClusterNode implements NodeServices {
  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final ClusterOptions options;
  private final ClusterCatalog catalog;
  private final NodeRegistry registry;
  private final Origin origin;
  /** {@code --frames owner}: this node's claims on the streams (null with {@code --frames origin}). */
  private final StreamOwners owners;
  /** Addresses this node's gateway has opened (owner mode): a second open asks the owner to refresh. */
  private final Set<String> opened = ConcurrentHashMap.newKeySet();

  private ClusterNode(Vertx vertx, HazelcastClusterManager manager, ClusterOptions options, ClusterCatalog catalog,
      NodeRegistry registry, Origin origin, StreamOwners owners) {
    this.vertx = vertx;
    this.manager = manager;
    this.options = options;
    this.catalog = catalog;
    this.registry = registry;
    this.origin = origin;
    this.owners = owners;
  }

  /**
   * Starts a clustered Vert.x instance with {@code vertxOptions} (and {@code metrics}, may be null) that
   * joins the cluster of {@code options}, then the node's shared state. {@code origin} opens a stream from
   * its origin on this node (passphrase references resolved here). Fails with a
   * {@link ClusterJoinException} whose message is one line for the user.
   */
  public static Future<ClusterNode> join(ClusterOptions options, VertxOptions vertxOptions, VertxMetricsFactory metrics,
      Origin origin) {
    ClusterOptions o = new ClusterOptions(options);
    HazelcastClusterManager manager;
    VertxOptions vo = new VertxOptions(vertxOptions);
    try {
      HazelcastSetup.quietLogging(o.getLogFile());
      manager = new HazelcastClusterManager(HazelcastSetup.config(o));
      if (o.getConfigFile() == null) {
        vo.getEventBusOptions().setHost(o.getHost());
      }
    } catch (ClusterJoinException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(new ClusterJoinException("invalid cluster settings: " + HazelcastSetup.firstLine(e), e));
    }
    var builder = Vertx.builder().with(vo).withClusterManager(manager);
    if (metrics != null) {
      builder.withMetrics(metrics);
    }
    return builder.buildClustered()
        .recover(err -> Future.failedFuture(new ClusterJoinException("could not join cluster \"" + clusterName(o)
            + "\": " + HazelcastSetup.firstLine(err), err)))
        .compose(vertx -> state(vertx, manager, o, origin)
            .recover(err -> vertx.close().transform(v -> Future.failedFuture(err))));
  }

  private static String clusterName(ClusterOptions o) {
    return o.getConfigFile() == null ? o.getName() : o.getConfigFile();
  }

  private static Future<ClusterNode> state(Vertx vertx, HazelcastClusterManager manager, ClusterOptions o,
      Origin origin) {
    String id = manager.getNodeId();
    return ClusterCatalog.open(vertx).compose(catalog -> {
      StreamOwners owners = o.getFrames() == ClusterOptions.Frames.OWNER ? new StreamOwners(vertx, catalog, origin) : null;
      if (owners != null) { // before the gateway opens its streams: they are read through their owners
        owners.start();
      }
      return NodeRegistry.open(vertx, id, () -> new HashSet<>(manager.getNodes()), owners == null ? List::of : owners::owned)
          .map(registry -> new ClusterNode(vertx, manager, o, catalog, registry, origin, owners));
    });
  }

  /**
   * The event-bus address at which the owner of this version of {@code stream} serves it with
   * {@code --frames owner}: {@code alphastream.gateway.<id>.<hash of the stream's options>}. Any Vert.x
   * application of the cluster may read it with {@code AlphaStream.builder().vertx(clustered).remote(address)}.
   */
  public static String address(StreamOptions stream) {
    return StreamOwners.address(stream);
  }

  /** The clustered Vert.x instance of this node. */
  public Vertx vertx() {
    return vertx;
  }

  /** The options the node joined with. */
  public ClusterOptions options() {
    return new ClusterOptions(options);
  }

  /** The cluster's members now, this node included. */
  public int members() {
    return manager.getNodes().size();
  }

  /** The name of the cluster joined (the one configured in the file with {@code --cluster-config}). */
  public String clusterName() {
    return manager.getConfig().getClusterName();
  }

  @Override
  public String nodeId() {
    return manager.getNodeId();
  }

  @Override
  public Catalog catalog() {
    return catalog;
  }

  @Override
  public Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
    if (owners == null) {
      return origin.open(vertx, stream);
    }
    if (!opened.add(address(stream))) { // a reopen: the owner's origin stream may have ended (CHANGED)
      StreamOwners.requestRefresh(vertx, stream);
    }
    // every node, the owner too, reads through the owner's address: one origin reader per stream
    AlphaStream remote;
    try {
      remote = AlphaStream.builder().vertx(vertx).remote(address(stream)).build();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return remote.open().map(v -> MaskSources.of(stream.getId(), remote))
        .recover(err -> remote.closeAsync().transform(x -> Future.failedFuture(err)));
  }

  @Override
  public int subscribersElsewhere(String id) {
    return registry.subscribersElsewhere(id);
  }

  @Override
  public void started(NodeView node) {
    registry.start(node);
  }

  @Override
  public Future<JsonObject> clusterView() {
    return registry.view();
  }

  @Override
  public Future<Void> close() {
    Future<Void> owned = owners == null ? Future.succeededFuture() : owners.close();
    return owned.transform(v -> Future.join(registry.close(), catalog.close())).mapEmpty();
  }

  /** Node ids Hazelcast counts as members now. */
  Set<String> liveMembers() {
    return new HashSet<>(manager.getNodes());
  }
}
