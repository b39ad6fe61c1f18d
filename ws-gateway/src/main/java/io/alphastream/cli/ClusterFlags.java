package io.alphastream.cli;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.gateway.MaskSource;
import io.alphastream.gateway.StreamOptions;
import io.alphastream.gateway.catalog.Secrets;
import io.alphastream.gateway.cluster.ClusterJoinException;
import io.alphastream.gateway.cluster.ClusterNode;
import io.alphastream.gateway.cluster.ClusterOptions;
import io.alphastream.gateway.cluster.Origin;
import io.alphastream.source.StreamSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The cluster flags of {@code serve} (docs/cli.md, docs/cluster.md). Plain fields: without {@code --cluster}
 * nothing here loads a Hazelcast class.
 */
public final class ClusterFlags {
  @Option(names = "--cluster", description = "Join a cluster of gateway nodes (Vert.x clustered event bus over Hazelcast;"
      + " docs/cluster.md): shared catalog, cluster-wide limits, /cluster.")
  boolean cluster;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS", description = "Address of this machine the cluster traffic"
      + " binds to: a private interface (default " + ClusterOptions.DEFAULT_HOST + ").")
  String host;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "Hazelcast member port, exact (default "
      + ClusterOptions.DEFAULT_PORT + ").")
  Integer port;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT", split = ",",
      description = "Members to join over TCP-IP (multicast is off). None reachable: this node starts the cluster.")
  List<String> members;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name; members with another name never join"
      + " (default " + ClusterOptions.DEFAULT_NAME + ").")
  String name;

  @Option(names = "--cluster-config", paramLabel = "FILE", description = "A Hazelcast XML/YAML file used instead of"
      + " --cluster-host/-port/-members/-name.")
  Path config;

  @Option(names = "--cluster-log", paramLabel = "FILE", description = "Append Hazelcast's log to FILE (default: dropped;"
      + " never on the console).")
  Path log;

  @Option(names = "--frames", paramLabel = "origin|owner", description = "With --cluster: every node reads the origin"
      + " (origin, default), or one owner node per stream reads it and the others ask it (owner).")
  String frames;

  /** Whether {@code --cluster} was given. */
  boolean enabled() {
    return cluster;
  }

  /**
   * The cluster options of these flags.
   *
   * @throws ClusterJoinException for a malformed or contradictory setting (one line naming it)
   */
  ClusterOptions options() {
    if (!cluster) {
      String given = host != null ? "--cluster-host" : port != null ? "--cluster-port" : members != null ? "--cluster-members"
          : name != null ? "--cluster-name" : config != null ? "--cluster-config" : log != null ? "--cluster-log"
          : frames != null ? "--frames" : null;
      if (given != null) {
        throw new ClusterJoinException(given + " needs --cluster");
      }
      return null;
    }
    try {
      ClusterOptions o = new ClusterOptions();
      if (config != null) {
        if (host != null || port != null || members != null || name != null) {
          throw new ClusterJoinException("--cluster-config replaces --cluster-host, --cluster-port, --cluster-members"
              + " and --cluster-name: give one or the other");
        }
        o.setConfigFile(config.toString());
      }
      if (host != null) {
        o.setHost(host);
      }
      if (port != null) {
        o.setPort(port);
      }
      if (members != null) {
        o.setMembers(members);
      }
      if (name != null) {
        o.setName(name);
      }
      if (log != null) {
        o.setLogFile(log.toString());
      }
      if (frames != null) {
        o.setFrames(ClusterOptions.Frames.parse(frames));
      }
      return o;
    } catch (IllegalArgumentException e) {
      throw new ClusterJoinException(e.getMessage(), e);
    }
  }

  /**
   * Joins the cluster (blocking: the command's thread): a clustered Vert.x with {@code vertxOptions} and the
   * node's services, reading origins with this node's {@code secrets} and environment {@code env}.
   *
   * @throws ClusterJoinException bad settings or a failed join, one line
   */
  ClusterNode join(VertxOptions vertxOptions, VertxMetricsFactory metrics, Secrets secrets, Function<String, String> env)
      throws Exception {
    Origin origin = new Origin() {
      @Override
      public Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
        return secrets.open(vertx, stream);
      }

      @Override
      public Future<AlphaStream> openServing(Vertx vertx, StreamOptions stream, String address) {
        return vertx.executeBlocking(() -> secrets.resolve(stream), false)
            .compose(s -> StreamSources.open(vertx, s.getSource(), s.getKey(), new AlphaStreamOptions().setAddress(address), env));
      }
    };
    return ClusterNode.join(options(), vertxOptions, metrics, origin).await(180, TimeUnit.SECONDS);
  }

  /** The line {@code serve} prints once joined: the cluster, the node's id, and the members it found. */
  static String describe(ClusterNode node) {
    ClusterOptions o = node.options();
    int members = node.members();
    String alone = members == 1 && !o.getMembers().isEmpty() && o.getConfigFile() == null
        ? " (no listed member answered: this node started the cluster; the others join it)" : "";
    return "Cluster \"" + node.clusterName() + "\": node " + node.nodeId() + ", " + members + " member(s), frames from "
        + o.getFrames().wireName() + alone;
  }
}
