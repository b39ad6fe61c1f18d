package io.alphastream;

import io.alphastream.cache.CacheOptions;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamFormat;
import io.alphastream.scheduler.SchedulerOptions;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;

/**
 * Everything one {@link AlphaStream} (and its {@code ReaderVerticle}) needs: the source, the ASVR key
 * material, the engine's bounds and timeouts, and the nested cache, scheduler and transport options.
 *
 * <p>Follows the Vert.x options pattern: {@code DEFAULT_*} constants, validating fluent setters that throw
 * {@link IllegalArgumentException} naming the property, a deep copy constructor, and a {@link JsonObject}
 * constructor that goes through the setters. {@link #toJson()} writes every property except the
 * passphrase, which is never serialized, printed or logged (the JSON constructor accepts it as hex under
 * {@code "passphrase"} so verticle configs can carry it).
 */
public class AlphaStreamOptions {

  /** Decode worker instances: the number of cores. */
  public static final int DEFAULT_WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** Range reads in flight per stream. */
  public static final int DEFAULT_MAX_INFLIGHT_READS = 4;
  /** Decode requests awaiting a worker per stream. */
  public static final int DEFAULT_MAX_INFLIGHT_DECODES = 4;
  /** Loads allowed to wait for a read or decode slot; beyond that they fail fast with NOT_READY. */
  public static final int DEFAULT_MAX_QUEUED_LOADS = 64;
  /** How long {@code getFrame} waits for a frame that is not ready: 12 ms (0 = never wait). */
  public static final long DEFAULT_FRAME_WAIT_MS = 12;
  /** How long {@code start()} waits for the stream to open. */
  public static final long DEFAULT_OPEN_TIMEOUT_MS = 30_000;
  /** Deadline of one range read, on top of the transport's own timeouts. */
  public static final long DEFAULT_READ_TIMEOUT_MS = 30_000;
  /** Deadline of one decode or rasterize request to a worker. */
  public static final long DEFAULT_DECODE_TIMEOUT_MS = 10_000;
  /** How long {@code close()} waits for resources to be released. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
  /**
   * First delay before a failing source (or a frame that failed to decode) is tried again; it doubles with
   * each consecutive failure up to {@link #DEFAULT_MAX_FAILURE_BACKOFF_MS}. Loads in between fail at once.
   */
  public static final long DEFAULT_FAILURE_BACKOFF_MS = 250;
  /** Longest delay between attempts at a failing source or frame. */
  public static final long DEFAULT_MAX_FAILURE_BACKOFF_MS = 10_000;
  /** ASVR salt version. */
  public static final String DEFAULT_VERSION = ReaderOptions.DEFAULT_VERSION;
  /** ASVR scene id. */
  public static final long DEFAULT_SCENE_ID = ReaderOptions.DEFAULT_SCENE_ID;
  /** Cap of a frame's declared payload (rule V12). */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = ReaderOptions.DEFAULT_MAX_PAYLOAD_BYTES;
  /** The serving address: {@code null}, a unique address per stream ({@code alphastream.stream.<uuid>}). */
  public static final String DEFAULT_ADDRESS = null;
  /** The address of a remote stream to read from: {@code null}, the stream reads its own source. */
  public static final String DEFAULT_REMOTE_ADDRESS = null;
  /**
   * How long a remote stream keeps asking for one frame (or block) while nobody answers at its remote
   * address, before the request fails: 5 s, long enough for another node to take over a dead server.
   */
  public static final long DEFAULT_REMOTE_REQUEST_TIMEOUT_MS = 5_000;

  private String source;
  private String address = DEFAULT_ADDRESS;
  private String remoteAddress = DEFAULT_REMOTE_ADDRESS;
  private long remoteRequestTimeoutMs = DEFAULT_REMOTE_REQUEST_TIMEOUT_MS;
  // format, name, sceneId, version, passphrase and maxPayloadBytes live (and are validated) here
  private final ReaderOptions reader;
  private int workers = DEFAULT_WORKERS;
  private int maxInflightReads = DEFAULT_MAX_INFLIGHT_READS;
  private int maxInflightDecodes = DEFAULT_MAX_INFLIGHT_DECODES;
  private int maxQueuedLoads = DEFAULT_MAX_QUEUED_LOADS;
  private long frameWaitMs = DEFAULT_FRAME_WAIT_MS;
  private long openTimeoutMs = DEFAULT_OPEN_TIMEOUT_MS;
  private long readTimeoutMs = DEFAULT_READ_TIMEOUT_MS;
  private long decodeTimeoutMs = DEFAULT_DECODE_TIMEOUT_MS;
  private long closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS;
  private long failureBackoffMs = DEFAULT_FAILURE_BACKOFF_MS;
  private long maxFailureBackoffMs = DEFAULT_MAX_FAILURE_BACKOFF_MS;
  private CacheOptions cache = new CacheOptions();
  private SchedulerOptions scheduler = new SchedulerOptions();
  private TransportOptions transport = new TransportOptions();

  public AlphaStreamOptions() {
    reader = new ReaderOptions();
  }

  /** A deep copy: nested options and the passphrase are copied. */
  public AlphaStreamOptions(AlphaStreamOptions o) {
    source = o.source;
    address = o.address;
    remoteAddress = o.remoteAddress;
    remoteRequestTimeoutMs = o.remoteRequestTimeoutMs;
    reader = new ReaderOptions(o.reader);
    workers = o.workers;
    maxInflightReads = o.maxInflightReads;
    maxInflightDecodes = o.maxInflightDecodes;
    maxQueuedLoads = o.maxQueuedLoads;
    frameWaitMs = o.frameWaitMs;
    openTimeoutMs = o.openTimeoutMs;
    readTimeoutMs = o.readTimeoutMs;
    decodeTimeoutMs = o.decodeTimeoutMs;
    closeTimeoutMs = o.closeTimeoutMs;
    failureBackoffMs = o.failureBackoffMs;
    maxFailureBackoffMs = o.maxFailureBackoffMs;
    cache = new CacheOptions(o.cache);
    scheduler = new SchedulerOptions(o.scheduler);
    transport = new TransportOptions(o.transport);
  }

  /** Starts from the defaults and applies every key present through the setters (same validation). */
  public AlphaStreamOptions(JsonObject json) {
    this();
    setSource(json.getString("source"));
    setAddress(json.getString("address"));
    setRemoteAddress(json.getString("remoteAddress"));
    setRemoteRequestTimeoutMs(json.getLong("remoteRequestTimeoutMs", DEFAULT_REMOTE_REQUEST_TIMEOUT_MS));
    String f = json.getString("format");
    setFormat(f == null ? null : parseFormat(f));
    setName(json.getString("name"));
    setSceneId(json.getLong("sceneId", DEFAULT_SCENE_ID));
    setVersion(json.getString("version", DEFAULT_VERSION));
    String hex = json.getString("passphrase");
    if (hex != null) {
      try {
        setPassphrase(HexFormat.of().parseHex(hex.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("passphrase must be hex digits", null); // never echo the value
      }
    }
    setMaxPayloadBytes(json.getInteger("maxPayloadBytes", DEFAULT_MAX_PAYLOAD_BYTES));
    setWorkers(json.getInteger("workers", DEFAULT_WORKERS));
    setMaxInflightReads(json.getInteger("maxInflightReads", DEFAULT_MAX_INFLIGHT_READS));
    setMaxInflightDecodes(json.getInteger("maxInflightDecodes", DEFAULT_MAX_INFLIGHT_DECODES));
    setMaxQueuedLoads(json.getInteger("maxQueuedLoads", DEFAULT_MAX_QUEUED_LOADS));
    setFrameWaitMs(json.getLong("frameWaitMs", DEFAULT_FRAME_WAIT_MS));
    setOpenTimeoutMs(json.getLong("openTimeoutMs", DEFAULT_OPEN_TIMEOUT_MS));
    setReadTimeoutMs(json.getLong("readTimeoutMs", DEFAULT_READ_TIMEOUT_MS));
    setDecodeTimeoutMs(json.getLong("decodeTimeoutMs", DEFAULT_DECODE_TIMEOUT_MS));
    setCloseTimeoutMs(json.getLong("closeTimeoutMs", DEFAULT_CLOSE_TIMEOUT_MS));
    setFailureBackoffMs(json.getLong("failureBackoffMs", DEFAULT_FAILURE_BACKOFF_MS));
    setMaxFailureBackoffMs(json.getLong("maxFailureBackoffMs", DEFAULT_MAX_FAILURE_BACKOFF_MS));
    if (json.containsKey("cache")) {
      setCache(new CacheOptions(json.getJsonObject("cache")));
    }
    if (json.containsKey("scheduler")) {
      setScheduler(new SchedulerOptions(json.getJsonObject("scheduler")));
    }
    if (json.containsKey("transport")) {
      setTransport(new TransportOptions(json.getJsonObject("transport")));
    }
  }

  private static StreamFormat parseFormat(String f) {
    try {
      return StreamFormat.valueOf(f.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("format must be ASVP, ASVR or absent: " + f);
    }
  }

  /** Every property except the passphrase; keys equal the property names. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("source", source)
        .put("address", address)
        .put("remoteAddress", remoteAddress)
        .put("remoteRequestTimeoutMs", remoteRequestTimeoutMs)
        .put("format", reader.getFormat() == null ? null : reader.getFormat().name())
        .put("name", reader.getName())
        .put("sceneId", reader.getSceneId())
        .put("version", reader.getVersion())
        .put("maxPayloadBytes", reader.getMaxPayloadBytes())
        .put("workers", workers)
        .put("maxInflightReads", maxInflightReads)
        .put("maxInflightDecodes", maxInflightDecodes)
        .put("maxQueuedLoads", maxQueuedLoads)
        .put("frameWaitMs", frameWaitMs)
        .put("openTimeoutMs", openTimeoutMs)
        .put("readTimeoutMs", readTimeoutMs)
        .put("decodeTimeoutMs", decodeTimeoutMs)
        .put("closeTimeoutMs", closeTimeoutMs)
        .put("failureBackoffMs", failureBackoffMs)
        .put("maxFailureBackoffMs", maxFailureBackoffMs)
        .put("cache", cache.toJson())
        .put("scheduler", scheduler.toJson())
        .put("transport", transport.toJson());
  }

  /** The reader options for the format layer: a deep copy (the passphrase too). */
  public ReaderOptions toReaderOptions() {
    return new ReaderOptions(reader);
  }

  /**
   * Runs one ReaderOptions setter, which does the validation, and rethrows its typed error as the
   * {@link IllegalArgumentException} every options setter throws (STYLE 3.2). Messages name the
   * property and never contain a passphrase.
   */
  private AlphaStreamOptions delegate(Runnable set) {
    try {
      set.run();
    } catch (InvalidArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return this;
  }

  /**
   * Checks the options as a whole: the prefetch window must fit in the frame cache, or prefetching would
   * evict the frames it just loaded.
   *
   * @throws IllegalArgumentException naming the conflicting properties
   */
  public AlphaStreamOptions validate() {
    if (scheduler.getPrefetchFrames() >= cache.getMaxFrames()) {
      throw new IllegalArgumentException("scheduler.prefetchFrames (" + scheduler.getPrefetchFrames()
          + ") must be below cache.maxFrames (" + cache.getMaxFrames() + ")");
    }
    if (remoteAddress != null && source != null) {
      throw new IllegalArgumentException("source and remoteAddress exclude each other: a remote stream opens no source");
    }
    if (maxFailureBackoffMs < failureBackoffMs) {
      throw new IllegalArgumentException("maxFailureBackoffMs (" + maxFailureBackoffMs
          + ") must be at least failureBackoffMs (" + failureBackoffMs + ")");
    }
    return this;
  }

  public String getSource() {
    return source;
  }

  /** The stream locator: {@code http(s)://} URL, {@code file:} URL or path; also the default salt name. */
  public AlphaStreamOptions setSource(String source) {
    if (source != null && source.isEmpty()) {
      throw new IllegalArgumentException("source must not be empty");
    }
    this.source = source;
    return this;
  }

  public String getAddress() {
    return address;
  }

  /**
   * The event-bus address at which this stream, once open, answers engine requests (stream info, decoded
   * polygons, plain blocks) from any node of a clustered Vert.x, or from any application on this one;
   * remote streams ({@link #setRemoteAddress}) read from it. Requests are served through this stream's
   * frame and block caches, so many readers of one frame cause one read of the origin. {@code null}
   * (default) gives each stream a unique address ({@code alphastream.stream.<uuid>}). The consumer is
   * registered once the stream is open and unregistered on close.
   */
  public AlphaStreamOptions setAddress(String address) {
    if (address != null && address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    this.address = address;
    return this;
  }

  public String getRemoteAddress() {
    return remoteAddress;
  }

  /**
   * Makes this a <em>remote</em> stream: it opens no source, but reads the stream served at this event-bus
   * address (another stream's {@link #setAddress address}, usually on another node of the cluster). It
   * asks the address for the stream's info when it opens (retried until {@code openTimeoutMs}), then loads
   * polygons and blocks by request/reply into its own caches and rasterizes on its own workers: same API,
   * same errors. A request nobody answers is retried for {@code remoteRequestTimeoutMs}, so a new server
   * registering at the same address takes over without a reopen; a server of another version of the
   * stream fails the stream with {@code TransportException} kind {@code CHANGED}. {@code null} (default):
   * the stream reads its own source. Excludes {@link #setSource source}.
   */
  public AlphaStreamOptions setRemoteAddress(String remoteAddress) {
    if (remoteAddress != null && remoteAddress.isBlank()) {
      throw new IllegalArgumentException("remoteAddress must not be blank");
    }
    this.remoteAddress = remoteAddress;
    return this;
  }

  public long getRemoteRequestTimeoutMs() {
    return remoteRequestTimeoutMs;
  }

  /**
   * How long a remote stream keeps trying one request while nobody answers at its remote address (no
   * consumer, a server that died or closed) before it fails with a {@code TransportException}
   * ({@code CONNECTION}: nobody answers; {@code TIMEOUT}: a server took the request but did not answer).
   * At least 1; default {@link #DEFAULT_REMOTE_REQUEST_TIMEOUT_MS}.
   */
  public AlphaStreamOptions setRemoteRequestTimeoutMs(long remoteRequestTimeoutMs) {
    checkPositive("remoteRequestTimeoutMs", remoteRequestTimeoutMs);
    this.remoteRequestTimeoutMs = remoteRequestTimeoutMs;
    return this;
  }

  public StreamFormat getFormat() {
    return reader.getFormat();
  }

  /** Forces ASVP or ASVR; {@code null} (default) detects it. */
  public AlphaStreamOptions setFormat(StreamFormat format) {
    return delegate(() -> reader.setFormat(format));
  }

  public String getName() {
    return reader.getName();
  }

  /** ASVR salt name; {@code null} (default) derives it from the source. */
  public AlphaStreamOptions setName(String name) {
    return delegate(() -> reader.setName(name));
  }

  public long getSceneId() {
    return reader.getSceneId();
  }

  /** ASVR scene id, {@code 0 .. 2^32-1}. */
  public AlphaStreamOptions setSceneId(long sceneId) {
    return delegate(() -> reader.setSceneId(sceneId));
  }

  public String getVersion() {
    return reader.getVersion();
  }

  /** ASVR salt version string. */
  public AlphaStreamOptions setVersion(String version) {
    return delegate(() -> reader.setVersion(version));
  }

  /** A copy of the passphrase, or {@code null}. */
  public byte[] getPassphrase() {
    return reader.getPassphrase();
  }

  /** The ASVR passphrase (copied; {@code null} clears it; never empty). */
  public AlphaStreamOptions setPassphrase(byte[] passphrase) {
    return delegate(() -> reader.setPassphrase(passphrase));
  }

  public int getMaxPayloadBytes() {
    return reader.getMaxPayloadBytes();
  }

  /** Cap of rule V12 on a frame's declared payload length. */
  public AlphaStreamOptions setMaxPayloadBytes(int maxPayloadBytes) {
    return delegate(() -> reader.setMaxPayloadBytes(maxPayloadBytes));
  }

  public int getWorkers() {
    return workers;
  }

  /** Decode worker verticle instances (frames decoded in parallel), 1 .. 256. */
  public AlphaStreamOptions setWorkers(int workers) {
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("workers must be in [1, 256]: " + workers);
    }
    this.workers = workers;
    return this;
  }

  public int getMaxInflightReads() {
    return maxInflightReads;
  }

  /** Range reads in flight at once per stream; at least 1. */
  public AlphaStreamOptions setMaxInflightReads(int maxInflightReads) {
    if (maxInflightReads < 1) {
      throw new IllegalArgumentException("maxInflightReads must be >= 1: " + maxInflightReads);
    }
    this.maxInflightReads = maxInflightReads;
    return this;
  }

  public int getMaxInflightDecodes() {
    return maxInflightDecodes;
  }

  /** Decode requests awaiting a worker at once per stream; at least 1. */
  public AlphaStreamOptions setMaxInflightDecodes(int maxInflightDecodes) {
    if (maxInflightDecodes < 1) {
      throw new IllegalArgumentException("maxInflightDecodes must be >= 1: " + maxInflightDecodes);
    }
    this.maxInflightDecodes = maxInflightDecodes;
    return this;
  }

  public int getMaxQueuedLoads() {
    return maxQueuedLoads;
  }

  /** Loads allowed to wait for a read or decode slot; at least 1. */
  public AlphaStreamOptions setMaxQueuedLoads(int maxQueuedLoads) {
    if (maxQueuedLoads < 1) {
      throw new IllegalArgumentException("maxQueuedLoads must be >= 1: " + maxQueuedLoads);
    }
    this.maxQueuedLoads = maxQueuedLoads;
    return this;
  }

  public long getFrameWaitMs() {
    return frameWaitMs;
  }

  /** How long {@code getFrame} waits for a frame not ready yet; {@code 0} only schedules it. */
  public AlphaStreamOptions setFrameWaitMs(long frameWaitMs) {
    checkNonNegative("frameWaitMs", frameWaitMs);
    this.frameWaitMs = frameWaitMs;
    return this;
  }

  public long getOpenTimeoutMs() {
    return openTimeoutMs;
  }

  /** How long {@code start()} waits for the stream to open; at least 1. */
  public AlphaStreamOptions setOpenTimeoutMs(long openTimeoutMs) {
    checkPositive("openTimeoutMs", openTimeoutMs);
    this.openTimeoutMs = openTimeoutMs;
    return this;
  }

  public long getReadTimeoutMs() {
    return readTimeoutMs;
  }

  /** Deadline of one range read; at least 1. */
  public AlphaStreamOptions setReadTimeoutMs(long readTimeoutMs) {
    checkPositive("readTimeoutMs", readTimeoutMs);
    this.readTimeoutMs = readTimeoutMs;
    return this;
  }

  public long getDecodeTimeoutMs() {
    return decodeTimeoutMs;
  }

  /** Deadline of one decode or rasterize request; at least 1. */
  public AlphaStreamOptions setDecodeTimeoutMs(long decodeTimeoutMs) {
    checkPositive("decodeTimeoutMs", decodeTimeoutMs);
    this.decodeTimeoutMs = decodeTimeoutMs;
    return this;
  }

  public long getCloseTimeoutMs() {
    return closeTimeoutMs;
  }

  /** How long the blocking {@code close()} waits for resources to be released; at least 1. */
  public AlphaStreamOptions setCloseTimeoutMs(long closeTimeoutMs) {
    checkPositive("closeTimeoutMs", closeTimeoutMs);
    this.closeTimeoutMs = closeTimeoutMs;
    return this;
  }

  public long getFailureBackoffMs() {
    return failureBackoffMs;
  }

  /**
   * First delay before a failing source or frame is tried again (doubling per consecutive failure up to
   * {@code maxFailureBackoffMs}); loads in between fail at once with the last error. At least 1.
   */
  public AlphaStreamOptions setFailureBackoffMs(long failureBackoffMs) {
    checkPositive("failureBackoffMs", failureBackoffMs);
    this.failureBackoffMs = failureBackoffMs;
    return this;
  }

  public long getMaxFailureBackoffMs() {
    return maxFailureBackoffMs;
  }

  /** Longest delay between attempts at a failing source or frame; at least {@code failureBackoffMs}. */
  public AlphaStreamOptions setMaxFailureBackoffMs(long maxFailureBackoffMs) {
    checkPositive("maxFailureBackoffMs", maxFailureBackoffMs);
    this.maxFailureBackoffMs = maxFailureBackoffMs;
    return this;
  }

  public CacheOptions getCache() {
    return cache;
  }

  public AlphaStreamOptions setCache(CacheOptions cache) {
    if (cache == null) {
      throw new IllegalArgumentException("cache must not be null");
    }
    this.cache = cache;
    return this;
  }

  public SchedulerOptions getScheduler() {
    return scheduler;
  }

  public AlphaStreamOptions setScheduler(SchedulerOptions scheduler) {
    if (scheduler == null) {
      throw new IllegalArgumentException("scheduler must not be null");
    }
    this.scheduler = scheduler;
    return this;
  }

  public TransportOptions getTransport() {
    return transport;
  }

  public AlphaStreamOptions setTransport(TransportOptions transport) {
    if (transport == null) {
      throw new IllegalArgumentException("transport must not be null");
    }
    this.transport = transport;
    return this;
  }

  private static void checkNonNegative(String property, long v) {
    if (v < 0) {
      throw new IllegalArgumentException(property + " must be >= 0: " + v);
    }
  }

  private static void checkPositive(String property, long v) {
    if (v < 1) {
      throw new IllegalArgumentException(property + " must be >= 1: " + v);
    }
  }

  @Override
  public String toString() {
    return toJson().put("passphrase", reader.hasPassphrase() ? "(set)" : "none").encode();
  }
}
