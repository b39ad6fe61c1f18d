package io.alphastream.gateway;

import io.alphastream.gateway.protocol.ProtocolLimits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of the gateway (STYLE 3.2): defaults as constants, validating fluent setters, a deep copy
 * constructor and a JSON constructor that goes through the setters. The config file of
 * {@code alphastream serve --config} is this object's JSON.
 */
public final class GatewayOptions {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_INSTANCES = 1;
  public static final int DEFAULT_MAX_SUBSCRIBERS_PER_STREAM = 256;
  public static final int DEFAULT_MAX_WIDTH = 4096;
  public static final int DEFAULT_MAX_HEIGHT = 4096;
  public static final double DEFAULT_MAX_FPS = ProtocolLimits.FPS_CEILING;
  public static final int DEFAULT_WRITE_QUEUE_MAX_BYTES = 1 << 20;
  public static final long DEFAULT_STALL_TIMEOUT_MS = 5_000;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_ENCODED_FRAMES_PER_GROUP = 4;
  public static final int DEFAULT_PREFETCH_FRAMES = 2;
  public static final int DEFAULT_MAX_CONTROL_MESSAGE_BYTES = 4096;
  /** First delay before a stream that failed to open is tried again; doubles per failure. */
  public static final long DEFAULT_REOPEN_DELAY_MS = 1_000;
  /** Longest delay between attempts to open a stream. */
  public static final long DEFAULT_MAX_REOPEN_DELAY_MS = 30_000;
  /** 0: the memory budget is {@link #DEFAULT_MEMORY_BUDGET_HEAP_FRACTION} of the JVM's maximum heap. */
  public static final long DEFAULT_MEMORY_BUDGET_BYTES = 0;
  /**
   * Share of the maximum heap the default budget allows: the rest is room for the garbage collector, the
   * engine's frame caches and the JVM, so the heap stays far from full under any client load.
   */
  public static final double DEFAULT_MEMORY_BUDGET_HEAP_FRACTION = 0.25;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private int instances = DEFAULT_INSTANCES;
  private List<String> allowedOrigins = new ArrayList<>();
  private String token;
  private String adminToken;
  private String secretsDir;
  private int maxSubscribersPerStream = DEFAULT_MAX_SUBSCRIBERS_PER_STREAM;
  private int maxWidth = DEFAULT_MAX_WIDTH;
  private int maxHeight = DEFAULT_MAX_HEIGHT;
  private double maxFps = DEFAULT_MAX_FPS;
  private int writeQueueMaxBytes = DEFAULT_WRITE_QUEUE_MAX_BYTES;
  private long stallTimeoutMs = DEFAULT_STALL_TIMEOUT_MS;
  private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
  private int encodedFramesPerGroup = DEFAULT_ENCODED_FRAMES_PER_GROUP;
  private int prefetchFrames = DEFAULT_PREFETCH_FRAMES;
  private int maxControlMessageBytes = DEFAULT_MAX_CONTROL_MESSAGE_BYTES;
  private long reopenDelayMs = DEFAULT_REOPEN_DELAY_MS;
  private long maxReopenDelayMs = DEFAULT_MAX_REOPEN_DELAY_MS;
  private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET_BYTES;
  private List<StreamOptions> streams = new ArrayList<>();

  public GatewayOptions() {}

  public GatewayOptions(GatewayOptions o) {
    host = o.host;
    port = o.port;
    instances = o.instances;
    allowedOrigins = new ArrayList<>(o.allowedOrigins);
    token = o.token;
    adminToken = o.adminToken;
    secretsDir = o.secretsDir;
    maxSubscribersPerStream = o.maxSubscribersPerStream;
    maxWidth = o.maxWidth;
    maxHeight = o.maxHeight;
    maxFps = o.maxFps;
    writeQueueMaxBytes = o.writeQueueMaxBytes;
    stallTimeoutMs = o.stallTimeoutMs;
    idleTimeoutSeconds = o.idleTimeoutSeconds;
    encodedFramesPerGroup = o.encodedFramesPerGroup;
    prefetchFrames = o.prefetchFrames;
    maxControlMessageBytes = o.maxControlMessageBytes;
    reopenDelayMs = o.reopenDelayMs;
    maxReopenDelayMs = o.maxReopenDelayMs;
    memoryBudgetBytes = o.memoryBudgetBytes;
    streams = new ArrayList<>();
    o.streams.forEach(s -> streams.add(new StreamOptions(s)));
  }

  public GatewayOptions(JsonObject json) {
    setHost(json.getString("host", DEFAULT_HOST));
    setPort(json.getInteger("port", DEFAULT_PORT));
    setInstances(json.getInteger("instances", DEFAULT_INSTANCES));
    List<String> origins = new ArrayList<>();
    json.getJsonArray("allowedOrigins", new JsonArray()).forEach(o -> origins.add(String.valueOf(o)));
    setAllowedOrigins(origins);
    setToken(json.getString("token"));
    setAdminToken(json.getString("adminToken"));
    setSecretsDir(json.getString("secretsDir"));
    setMaxSubscribersPerStream(json.getInteger("maxSubscribersPerStream", DEFAULT_MAX_SUBSCRIBERS_PER_STREAM));
    setMaxWidth(json.getInteger("maxWidth", DEFAULT_MAX_WIDTH));
    setMaxHeight(json.getInteger("maxHeight", DEFAULT_MAX_HEIGHT));
    setMaxFps(json.getDouble("maxFps", DEFAULT_MAX_FPS));
    setWriteQueueMaxBytes(json.getInteger("writeQueueMaxBytes", DEFAULT_WRITE_QUEUE_MAX_BYTES));
    setStallTimeoutMs(json.getLong("stallTimeoutMs", DEFAULT_STALL_TIMEOUT_MS));
    setIdleTimeoutSeconds(json.getInteger("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS));
    setEncodedFramesPerGroup(json.getInteger("encodedFramesPerGroup", DEFAULT_ENCODED_FRAMES_PER_GROUP));
    setPrefetchFrames(json.getInteger("prefetchFrames", DEFAULT_PREFETCH_FRAMES));
    setMaxControlMessageBytes(json.getInteger("maxControlMessageBytes", DEFAULT_MAX_CONTROL_MESSAGE_BYTES));
    setMaxReopenDelayMs(json.getLong("maxReopenDelayMs", DEFAULT_MAX_REOPEN_DELAY_MS));
    setReopenDelayMs(json.getLong("reopenDelayMs", DEFAULT_REOPEN_DELAY_MS));
    setMemoryBudgetBytes(json.getLong("memoryBudgetBytes", DEFAULT_MEMORY_BUDGET_BYTES));
    List<StreamOptions> list = new ArrayList<>();
    json.getJsonArray("streams", new JsonArray()).forEach(s -> list.add(new StreamOptions((JsonObject) s)));
    setStreams(list);
  }

  public String getHost() {
    return host;
  }

  /** Interface to listen on (default loopback only). */
  public GatewayOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** TCP port, 0..65535 (0 = any free port). */
  public GatewayOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    this.port = port;
    return this;
  }

  public int getInstances() {
    return instances;
  }

  /** Gateway verticle instances (event loops serving connections), 1..64. */
  public GatewayOptions setInstances(int instances) {
    if (instances < 1 || instances > 64) {
      throw new IllegalArgumentException("instances must be in 1..64: " + instances);
    }
    this.instances = instances;
    return this;
  }

  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  /**
   * Origins allowed to open a WebSocket ({@code https://example.com}, exact match; {@code *} = any).
   * Empty (default): only pages served by the gateway itself, and clients that send no Origin.
   */
  public GatewayOptions setAllowedOrigins(List<String> allowedOrigins) {
    for (String o : allowedOrigins) {
      if (o == null || o.isBlank()) {
        throw new IllegalArgumentException("allowedOrigins must not contain empty entries");
      }
    }
    this.allowedOrigins = new ArrayList<>(allowedOrigins);
    return this;
  }

  public String getToken() {
    return token;
  }

  /** Bearer token every API and WebSocket request must carry (null = no token). */
  public GatewayOptions setToken(String token) {
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("token must not be empty (use null for none)");
    }
    this.token = token;
    return this;
  }

  public String getAdminToken() {
    return adminToken;
  }

  /**
   * Bearer token of the admin API ({@code PUT/DELETE /admin/streams/{id}}); null (default) = the admin API is
   * off. It must differ from the viewer {@link #getToken() token} (checked when the gateway starts).
   */
  public GatewayOptions setAdminToken(String adminToken) {
    if (adminToken != null && adminToken.isEmpty()) {
      throw new IllegalArgumentException("adminToken must not be empty (use null for none)");
    }
    this.adminToken = adminToken;
    return this;
  }

  public String getSecretsDir() {
    return secretsDir;
  }

  /**
   * Directory where this node looks up the passphrase files that catalog entries name by a plain file name
   * (null = none: such entries stay {@code unresolved} here).
   */
  public GatewayOptions setSecretsDir(String secretsDir) {
    if (secretsDir != null && secretsDir.isBlank()) {
      throw new IllegalArgumentException("secretsDir must not be empty (use null for none)");
    }
    this.secretsDir = secretsDir;
    return this;
  }

  public int getMaxSubscribersPerStream() {
    return maxSubscribersPerStream;
  }

  public GatewayOptions setMaxSubscribersPerStream(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("maxSubscribersPerStream must be >= 1: " + v);
    }
    maxSubscribersPerStream = v;
    return this;
  }

  public int getMaxWidth() {
    return maxWidth;
  }

  /** Largest mask width a client may request, 1..65535. */
  public GatewayOptions setMaxWidth(int v) {
    if (v < 1 || v > 0xFFFF) {
      throw new IllegalArgumentException("maxWidth must be in 1..65535: " + v);
    }
    maxWidth = v;
    return this;
  }

  public int getMaxHeight() {
    return maxHeight;
  }

  /** Largest mask height a client may request, 1..65535. */
  public GatewayOptions setMaxHeight(int v) {
    if (v < 1 || v > 0xFFFF) {
      throw new IllegalArgumentException("maxHeight must be in 1..65535: " + v);
    }
    maxHeight = v;
    return this;
  }

  public double getMaxFps() {
    return maxFps;
  }

  /** Largest push rate a client may request, (0, 240]. */
  public GatewayOptions setMaxFps(double v) {
    if (!(v > 0 && v <= ProtocolLimits.FPS_CEILING)) {
      throw new IllegalArgumentException("maxFps must be in (0, 240]: " + v);
    }
    maxFps = v;
    return this;
  }

  public int getWriteQueueMaxBytes() {
    return writeQueueMaxBytes;
  }

  /** Per-subscriber write queue bound in bytes; above it frames are dropped, not queued. */
  public GatewayOptions setWriteQueueMaxBytes(int v) {
    if (v < 1024) {
      throw new IllegalArgumentException("writeQueueMaxBytes must be >= 1024: " + v);
    }
    writeQueueMaxBytes = v;
    return this;
  }

  public long getStallTimeoutMs() {
    return stallTimeoutMs;
  }

  /** A subscriber whose write queue stays full this long is closed. */
  public GatewayOptions setStallTimeoutMs(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("stallTimeoutMs must be >= 1: " + v);
    }
    stallTimeoutMs = v;
    return this;
  }

  public int getIdleTimeoutSeconds() {
    return idleTimeoutSeconds;
  }

  /**
   * A connection that sends nothing for this long is closed. The gateway pings every WebSocket at a
   * third of it, so a live client (which answers pings) never idles out.
   */
  public GatewayOptions setIdleTimeoutSeconds(int v) {
    if (v < 3) {
      throw new IllegalArgumentException("idleTimeoutSeconds must be >= 3: " + v);
    }
    idleTimeoutSeconds = v;
    return this;
  }

  public int getEncodedFramesPerGroup() {
    return encodedFramesPerGroup;
  }

  /** Encoded frames kept per (stream, size, encoding) group for its subscribers to share, 1..64. */
  public GatewayOptions setEncodedFramesPerGroup(int v) {
    if (v < 1 || v > 64) {
      throw new IllegalArgumentException("encodedFramesPerGroup must be in 1..64: " + v);
    }
    encodedFramesPerGroup = v;
    return this;
  }

  public int getPrefetchFrames() {
    return prefetchFrames;
  }

  /** Frames each subscriber has encoded ahead of its clock, 0..16. */
  public GatewayOptions setPrefetchFrames(int v) {
    if (v < 0 || v > 16) {
      throw new IllegalArgumentException("prefetchFrames must be in 0..16: " + v);
    }
    prefetchFrames = v;
    return this;
  }

  public int getMaxControlMessageBytes() {
    return maxControlMessageBytes;
  }

  /** Largest control message accepted from a client. */
  public GatewayOptions setMaxControlMessageBytes(int v) {
    if (v < 64) {
      throw new IllegalArgumentException("maxControlMessageBytes must be >= 64: " + v);
    }
    maxControlMessageBytes = v;
    return this;
  }

  public long getMemoryBudgetBytes() {
    return memoryBudgetBytes;
  }

  /**
   * Bytes the gateway may hold for its clients (socket queues, encoded and in-flight messages, mask caches);
   * over it new subscribers are refused and slow ones dropped ({@code overloaded}). 0 (default) =
   * {@link #DEFAULT_MEMORY_BUDGET_HEAP_FRACTION} of the JVM's maximum heap; else at least 1 MiB.
   */
  public GatewayOptions setMemoryBudgetBytes(long v) {
    if (v != 0 && v < (1 << 20)) {
      throw new IllegalArgumentException("memoryBudgetBytes must be 0 (auto) or >= 1048576: " + v);
    }
    memoryBudgetBytes = v;
    return this;
  }

  /** The memory budget in effect: the configured bytes, or the share of this JVM's maximum heap. */
  public long effectiveMemoryBudgetBytes() {
    return memoryBudgetBytes != 0 ? memoryBudgetBytes
        : (long) (Runtime.getRuntime().maxMemory() * DEFAULT_MEMORY_BUDGET_HEAP_FRACTION);
  }

  public List<StreamOptions> getStreams() {
    return streams;
  }

  /** The streams to serve; ids must be unique. */
  public GatewayOptions setStreams(List<StreamOptions> streams) {
    List<StreamOptions> copy = new ArrayList<>();
    for (StreamOptions s : streams) {
      if (copy.stream().anyMatch(c -> c.getId().equals(s.getId()))) {
        throw new IllegalArgumentException("duplicate stream id: " + s.getId());
      }
      copy.add(new StreamOptions(s));
    }
    this.streams = copy;
    return this;
  }

  public GatewayOptions addStream(StreamOptions stream) {
    List<StreamOptions> list = new ArrayList<>(streams);
    list.add(stream);
    return setStreams(list);
  }

  /** The protocol limits these options imply. */
  public ProtocolLimits limits() {
    return new ProtocolLimits(maxWidth, maxHeight, maxFps);
  }

  public long getReopenDelayMs() {
    return reopenDelayMs;
  }

  /**
   * First delay before a stream that failed to open (or whose origin changed and failed to reopen) is tried
   * again; it doubles with each failure up to {@code maxReopenDelayMs}. At least 1, at most
   * {@code maxReopenDelayMs}.
   */
  public GatewayOptions setReopenDelayMs(long v) {
    if (v < 1 || v > maxReopenDelayMs) {
      throw new IllegalArgumentException("reopenDelayMs must be in [1, maxReopenDelayMs = " + maxReopenDelayMs + "]: " + v);
    }
    reopenDelayMs = v;
    return this;
  }

  public long getMaxReopenDelayMs() {
    return maxReopenDelayMs;
  }

  /** Longest delay between attempts to open a stream; lowers {@code reopenDelayMs} if that is larger. */
  public GatewayOptions setMaxReopenDelayMs(long v) {
    if (v < 1) {
      throw new IllegalArgumentException("maxReopenDelayMs must be >= 1: " + v);
    }
    maxReopenDelayMs = v;
    reopenDelayMs = Math.min(reopenDelayMs, v);
    return this;
  }

  /** Every property (including the tokens: use {@link #toString()} for logs). */
  public JsonObject toJson() {
    JsonArray s = new JsonArray();
    streams.forEach(o -> s.add(o.toJson()));
    JsonObject json = new JsonObject();
    if (adminToken != null) { // written only when set: the cluster-era keys stay out of older configurations
      json.put("adminToken", adminToken);
    }
    if (secretsDir != null) {
      json.put("secretsDir", secretsDir);
    }
    return json.put("host", host).put("port", port).put("instances", instances)
        .put("allowedOrigins", new JsonArray(new ArrayList<>(allowedOrigins)))
        .put("token", token)
        .put("maxSubscribersPerStream", maxSubscribersPerStream).put("maxWidth", maxWidth)
        .put("maxHeight", maxHeight).put("maxFps", maxFps).put("writeQueueMaxBytes", writeQueueMaxBytes)
        .put("stallTimeoutMs", stallTimeoutMs).put("idleTimeoutSeconds", idleTimeoutSeconds)
        .put("encodedFramesPerGroup", encodedFramesPerGroup).put("prefetchFrames", prefetchFrames)
        .put("maxControlMessageBytes", maxControlMessageBytes).put("memoryBudgetBytes", memoryBudgetBytes)
        .put("reopenDelayMs", reopenDelayMs).put("maxReopenDelayMs", maxReopenDelayMs)
        .put("streams", s);
  }

  /** The JSON with the tokens masked, for logs. */
  @Override
  public String toString() {
    JsonObject json = toJson();
    if (token != null) {
      json.put("token", "***");
    }
    if (adminToken != null) {
      json.put("adminToken", "***");
    }
    return json.encode();
  }
}
