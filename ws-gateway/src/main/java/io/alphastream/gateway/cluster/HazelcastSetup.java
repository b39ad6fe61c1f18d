package io.alphastream.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.FileSystemYamlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The Hazelcast configuration of a gateway node, checked before Hazelcast starts so that a bad setting
 * gives one clear line ({@link ClusterJoinException}) rather than a Hazelcast stack trace.
 */
final class HazelcastSetup {
  /** Seconds a member may stay silent before it is removed; a killed member's closed sockets usually remove it sooner. */
  static final int MAX_NO_HEARTBEAT_SECONDS = 5;
  /** Seconds a starting node tries the listed members before it starts a cluster of its own. */
  static final int JOIN_TIMEOUT_SECONDS = 3;

  /** Loggers whose records are Hazelcast's or the clustered event bus's: kept off the CLI's stdout and stderr. */
  private static final String[] CLUSTER_LOGGERS = {
    "com.hazelcast", "io.vertx.spi.cluster.hazelcast", "io.vertx.core.eventbus.impl.clustered",
    "io.vertx.core.spi.cluster", "io.vertx.core.impl.HAManager"
  };
  // java.util.logging holds loggers weakly: keep the configured ones alive
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private HazelcastSetup() {}

  /** The Hazelcast configuration for {@code o}; throws ClusterJoinException naming the bad setting. */
  static Config config(ClusterOptions o) {
    if (o.getConfigFile() != null) {
      return fromFile(Path.of(o.getConfigFile()));
    }
    InetAddress host = localAddress(o.getHost());
    checkPortFree(host, o.getPort());
    Config c = new Config();
    c.setClusterName(o.getName());
    NetworkConfig net = c.getNetworkConfig();
    net.setPort(o.getPort()).setPortAutoIncrement(false).setPortCount(1);
    net.getInterfaces().setEnabled(true).addInterface(host.getHostAddress());
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(JOIN_TIMEOUT_SECONDS);
    for (String m : o.getMembers()) {
      join.getTcpIpConfig().addMember(m);
    }
    c.setProperty("hazelcast.socket.bind.any", "false");
    commonProperties(c);
    vertxStructures(c);
    return c;
  }

  /** Settings every node gets, also over a user's file unless the file sets them. */
  private static void commonProperties(Config c) {
    setIfAbsent(c, "hazelcast.logging.type", "jdk");
    setIfAbsent(c, "hazelcast.phone.home.enabled", "false");
    setIfAbsent(c, "hazelcast.heartbeat.interval.seconds", "1");
    setIfAbsent(c, "hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    // the master waits this long for more joiners before it answers the first (default 5 s at every start)
    setIfAbsent(c, "hazelcast.wait.seconds.before.join", "1");
    // two nodes that started apart (nobody reachable yet) find each other and merge soon
    setIfAbsent(c, "hazelcast.merge.first.run.delay.seconds", "10");
    setIfAbsent(c, "hazelcast.merge.next.run.delay.seconds", "10");
    // the gateway leaves the cluster itself when it stops (Ctrl-C, SIGTERM): no second, racing shutdown
    setIfAbsent(c, "hazelcast.shutdownhook.enabled", "false");
  }

  private static void setIfAbsent(Config c, String key, String value) {
    if (c.getProperty(key) == null) {
      c.setProperty(key, value);
    }
  }

  /** The structures vertx-hazelcast expects (its default-cluster.xml), unless the user's file defines them. */
  private static void vertxStructures(Config c) {
    if (!c.getMultiMapConfigs().containsKey("__vertx.subs")) {
      c.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
          .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    }
    for (String map : new String[] {"__vertx.haInfo", "__vertx.nodeInfo"}) {
      if (!c.getMapConfigs().containsKey(map)) {
        c.addMapConfig(new MapConfig(map).setBackupCount(1));
      }
    }
  }

  private static Config fromFile(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ClusterJoinException("cannot read the Hazelcast configuration file " + file
          + (Files.exists(file) ? " (not a readable regular file)" : " (no such file)"));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Config c;
    try {
      if (name.endsWith(".xml")) {
        c = new FileSystemXmlConfig(file.toFile());
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        c = new FileSystemYamlConfig(file.toFile());
      } else {
        throw new ClusterJoinException("the Hazelcast configuration file must end in .xml, .yaml or .yml: " + file);
      }
    } catch (ClusterJoinException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ClusterJoinException("invalid Hazelcast configuration " + file + ": " + firstLine(e), e);
    }
    commonProperties(c);
    vertxStructures(c);
    return c;
  }

  /** {@code host} resolved, and an address of one of this machine's interfaces. */
  static InetAddress localAddress(String host) {
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ClusterJoinException("cluster host " + host + " does not resolve");
    }
    try {
      if (!a.isAnyLocalAddress() && NetworkInterface.getByInetAddress(a) == null) {
        throw new ClusterJoinException("cluster host " + host + " is not an address of this machine");
      }
    } catch (SocketException e) {
      throw new ClusterJoinException("cannot list this machine's network interfaces: " + e.getMessage(), e);
    }
    if (a.isAnyLocalAddress()) {
      throw new ClusterJoinException("cluster host must be one interface's address, not " + host
          + " (bind the cluster to a private interface, docs/cluster.md)");
    }
    return a;
  }

  /** Fails now when the member port is taken (Hazelcast would fail later, with a stack trace). */
  private static void checkPortFree(InetAddress host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw new ClusterJoinException("cluster port " + host.getHostAddress() + ":" + port + " is in use");
    } catch (IOException e) {
      throw new ClusterJoinException("cannot bind the cluster port " + host.getHostAddress() + ":" + port + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Sends Hazelcast's log and the cluster event bus's warnings to {@code logFile} (or nowhere), never to
   * the console. Called before Hazelcast starts; the system property covers loggers Hazelcast creates
   * before it reads its configuration.
   */
  static synchronized void quietLogging(String logFile) {
    System.setProperty("hazelcast.logging.type", "jdk");
    Handler file = null;
    if (logFile != null) {
      try {
        file = new FileHandler(logFile, true);
        file.setFormatter(new SimpleFormatter());
        file.setLevel(Level.INFO);
      } catch (IOException e) {
        throw new ClusterJoinException("cannot write the cluster log " + logFile + ": " + e.getMessage(), e);
      }
    }
    for (String name : CLUSTER_LOGGERS) {
      Logger l = Logger.getLogger(name);
      l.setUseParentHandlers(false);
      for (Handler h : l.getHandlers()) {
        l.removeHandler(h);
      }
      if (file != null) {
        l.addHandler(file);
        l.setLevel(Level.INFO);
      } else {
        l.setLevel(Level.OFF);
      }
      CONFIGURED.add(l);
    }
  }

  /** The first line of an error's message (Hazelcast's configuration errors span many). */
  static String firstLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
