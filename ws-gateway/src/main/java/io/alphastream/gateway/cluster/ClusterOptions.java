package io.alphastream.gateway.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a gateway node joins its cluster (docs/cluster.md): the Hazelcast member address, the members to
 * join over TCP-IP, the cluster name, or a whole Hazelcast configuration file instead; and where the
 * node's masks come from ({@link Frames}). Plain data: reading it loads no Hazelcast class.
 */
public class ClusterOptions {
  /** Interface the Hazelcast member and the event bus bind to. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** Hazelcast member port (exact: no auto-increment). */
  public static final int DEFAULT_PORT = 5701;
  /** Members with another name never join this one. */
  public static final String DEFAULT_NAME = "alphastream";
  /** No listed member: the node starts a cluster of its own (others join it by listing it). */
  public static final List<String> DEFAULT_MEMBERS = List.of();
  /** No Hazelcast file: the configuration is built from the other properties. */
  public static final String DEFAULT_CONFIG_FILE = null;
  /** Hazelcast and cluster event-bus log lines are dropped unless a file is named. */
  public static final String DEFAULT_LOG_FILE = null;
  public static final Frames DEFAULT_FRAMES = Frames.ORIGIN;

  /** Where a node gets the frames of a stream. */
  public enum Frames {
    /** Every node reads the origin itself. */
    ORIGIN,
    /** One node per stream (the holder of a cluster-wide lock) reads the origin; the others ask it over the event bus. */
    OWNER;

    public static Frames parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("frames must be origin or owner: " + s);
      }
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String name = DEFAULT_NAME;
  private List<String> members = new ArrayList<>(DEFAULT_MEMBERS);
  private String configFile = DEFAULT_CONFIG_FILE;
  private String logFile = DEFAULT_LOG_FILE;
  private Frames frames = DEFAULT_FRAMES;

  public ClusterOptions() {}

  public ClusterOptions(ClusterOptions o) {
    host = o.host;
    port = o.port;
    name = o.name;
    members = new ArrayList<>(o.members);
    configFile = o.configFile;
    logFile = o.logFile;
    frames = o.frames;
  }

  public ClusterOptions(JsonObject json) {
    setHost(json.getString("host", DEFAULT_HOST));
    setPort(json.getInteger("port", DEFAULT_PORT));
    setName(json.getString("name", DEFAULT_NAME));
    JsonArray m = json.getJsonArray("members");
    if (m != null) {
      List<String> list = new ArrayList<>();
      m.forEach(x -> list.add(String.valueOf(x)));
      setMembers(list);
    }
    setConfigFile(json.getString("configFile", DEFAULT_CONFIG_FILE));
    setLogFile(json.getString("logFile", DEFAULT_LOG_FILE));
    setFrames(Frames.parse(json.getString("frames", DEFAULT_FRAMES.wireName())));
  }

  public String getHost() {
    return host;
  }

  /** An address of this machine (an IP or a name resolving to one); the cluster traffic is bound to it. */
  public ClusterOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("cluster host must not be empty");
    }
    this.host = host.strip();
    return this;
  }

  public int getPort() {
    return port;
  }

  public ClusterOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cluster port must be 1-65535: " + port);
    }
    this.port = port;
    return this;
  }

  public String getName() {
    return name;
  }

  /** 1 to 64 of {@code A-Z a-z 0-9 _ . -}. */
  public ClusterOptions setName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("cluster name must be 1-64 of [A-Za-z0-9_.-]: " + name);
    }
    this.name = name;
    return this;
  }

  public List<String> getMembers() {
    return List.copyOf(members);
  }

  /** {@code host:port} of members to join (this node's own address may be listed too). */
  public ClusterOptions setMembers(List<String> members) {
    if (members == null) {
      throw new IllegalArgumentException("cluster members must not be null");
    }
    List<String> checked = new ArrayList<>();
    for (String m : members) {
      Member parsed = Member.parse(m);
      checked.add(parsed.toString());
    }
    this.members = checked;
    return this;
  }

  public String getConfigFile() {
    return configFile;
  }

  /**
   * A Hazelcast XML ({@code .xml}) or YAML ({@code .yaml}, {@code .yml}) file used as is instead of the host,
   * port, members and name properties (null = none).
   */
  public ClusterOptions setConfigFile(String configFile) {
    this.configFile = configFile;
    return this;
  }

  public String getLogFile() {
    return logFile;
  }

  /** File that receives Hazelcast's log and the cluster event bus's warnings (null = dropped). */
  public ClusterOptions setLogFile(String logFile) {
    this.logFile = logFile;
    return this;
  }

  public Frames getFrames() {
    return frames;
  }

  public ClusterOptions setFrames(Frames frames) {
    if (frames == null) {
      throw new IllegalArgumentException("frames must not be null");
    }
    this.frames = frames;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("name", name)
        .put("members", new JsonArray(new ArrayList<>(members))).put("configFile", configFile)
        .put("logFile", logFile).put("frames", frames.wireName());
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  /** One {@code host:port} of {@link #getMembers()}. */
  public record Member(String host, int port) {
    /** Parses {@code host:port} ({@code [v6]:port} for IPv6); a clear error otherwise. */
    public static Member parse(String s) {
      String t = s == null ? "" : s.strip();
      int colon = t.lastIndexOf(':');
      if (colon <= 0 || colon == t.length() - 1) {
        throw new IllegalArgumentException("cluster member must be host:port: '" + s + "'");
      }
      String host = t.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(t.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (host.isEmpty() || host.contains(":") && !t.startsWith("[") || port < 1 || port > 65535) {
        throw new IllegalArgumentException("cluster member must be host:port with a port 1-65535: '" + s + "'");
      }
      return new Member(host, port);
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
