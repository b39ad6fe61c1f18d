package io.alphastream.transport;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link RangeSource} reads bytes: timeouts, retries, concurrency, the speculative first read and
 * the HTTP connection settings. Options object in the Vert.x style: every property has a
 * {@code DEFAULT_*} constant, setters validate and return {@code this}, the copy constructor is deep
 * and the {@link JsonObject} constructor goes through the setters. JSON keys equal the property names.
 *
 * <p>Sources copy the options they receive, so changing an instance later never affects an open source.
 * Properties that only matter for HTTP are ignored by file and memory sources.
 */
public class TransportOptions {

  /** Default {@link #getConnectTimeoutMs()}: 5 s. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  /** Default {@link #getRequestTimeoutMs()}: 10 s. */
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  /** Default {@link #getDeadlineMs()}: 30 s. */
  public static final long DEFAULT_DEADLINE_MS = 30_000;
  /** Default {@link #getMaxRetries()}: 3. */
  public static final int DEFAULT_MAX_RETRIES = 3;
  /** Default {@link #getRetryBaseDelayMs()}: 100 ms. */
  public static final long DEFAULT_RETRY_BASE_DELAY_MS = 100;
  /** Default {@link #getRetryMaxDelayMs()}: 2 s. */
  public static final long DEFAULT_RETRY_MAX_DELAY_MS = 2_000;
  /** Default {@link #getMaxConcurrentRequests()}: 4. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 4;
  /** Default {@link #getMaxQueuedRequests()}: 1024. */
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 1024;
  /** Default {@link #getSpeculativeReadBytes()}: 64 KiB. */
  public static final int DEFAULT_SPECULATIVE_READ_BYTES = 64 << 10;
  /** Default {@link #getMaxFullBodyBytes()}: 16 MiB. */
  public static final int DEFAULT_MAX_FULL_BODY_BYTES = 16 << 20;
  /** Default {@link #getMaxCoalescedBytes()}: 1 MiB. */
  public static final int DEFAULT_MAX_COALESCED_BYTES = 1 << 20;
  /** Default {@link #getMaxCoalesceGapBytes()}: 0 (only exactly adjacent ranges are merged). */
  public static final int DEFAULT_MAX_COALESCE_GAP_BYTES = 0;
  /** Default {@link #isKeepAlive()}: true. */
  public static final boolean DEFAULT_KEEP_ALIVE = true;
  /** Default {@link #getKeepAliveTimeoutSeconds()}: 60 s. */
  public static final int DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS = 60;
  /** Default {@link #getMaxPoolSize()}: 4 connections. */
  public static final int DEFAULT_MAX_POOL_SIZE = 4;
  /** Default {@link #getUserAgent()}. */
  public static final String DEFAULT_USER_AGENT = "vertx-alphastream/0.1";
  /** Default {@link #isTrustAll()}: false. */
  public static final boolean DEFAULT_TRUST_ALL = false;

  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  private long deadlineMs = DEFAULT_DEADLINE_MS;
  private int maxRetries = DEFAULT_MAX_RETRIES;
  private long retryBaseDelayMs = DEFAULT_RETRY_BASE_DELAY_MS;
  private long retryMaxDelayMs = DEFAULT_RETRY_MAX_DELAY_MS;
  private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
  private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
  private int speculativeReadBytes = DEFAULT_SPECULATIVE_READ_BYTES;
  private int maxFullBodyBytes = DEFAULT_MAX_FULL_BODY_BYTES;
  private int maxCoalescedBytes = DEFAULT_MAX_COALESCED_BYTES;
  private int maxCoalesceGapBytes = DEFAULT_MAX_COALESCE_GAP_BYTES;
  private boolean keepAlive = DEFAULT_KEEP_ALIVE;
  private int keepAliveTimeoutSeconds = DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS;
  private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
  private String userAgent = DEFAULT_USER_AGENT;
  private boolean trustAll = DEFAULT_TRUST_ALL;
  private Map<String, String> headers = new LinkedHashMap<>();

  /** All properties at their defaults. */
  public TransportOptions() {}

  /** Deep copy. */
  public TransportOptions(TransportOptions other) {
    connectTimeoutMs = other.connectTimeoutMs;
    requestTimeoutMs = other.requestTimeoutMs;
    deadlineMs = other.deadlineMs;
    maxRetries = other.maxRetries;
    retryBaseDelayMs = other.retryBaseDelayMs;
    retryMaxDelayMs = other.retryMaxDelayMs;
    maxConcurrentRequests = other.maxConcurrentRequests;
    maxQueuedRequests = other.maxQueuedRequests;
    speculativeReadBytes = other.speculativeReadBytes;
    maxFullBodyBytes = other.maxFullBodyBytes;
    maxCoalescedBytes = other.maxCoalescedBytes;
    maxCoalesceGapBytes = other.maxCoalesceGapBytes;
    keepAlive = other.keepAlive;
    keepAliveTimeoutSeconds = other.keepAliveTimeoutSeconds;
    maxPoolSize = other.maxPoolSize;
    userAgent = other.userAgent;
    trustAll = other.trustAll;
    headers = new LinkedHashMap<>(other.headers);
  }

  /** Starts from the defaults and applies every key present through its setter (same validation). */
  public TransportOptions(JsonObject json) {
    setConnectTimeoutMs(json.getInteger("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS));
    setRequestTimeoutMs(json.getLong("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS));
    setDeadlineMs(json.getLong("deadlineMs", DEFAULT_DEADLINE_MS));
    setMaxRetries(json.getInteger("maxRetries", DEFAULT_MAX_RETRIES));
    setRetryBaseDelayMs(json.getLong("retryBaseDelayMs", DEFAULT_RETRY_BASE_DELAY_MS));
    setRetryMaxDelayMs(json.getLong("retryMaxDelayMs", DEFAULT_RETRY_MAX_DELAY_MS));
    setMaxConcurrentRequests(json.getInteger("maxConcurrentRequests", DEFAULT_MAX_CONCURRENT_REQUESTS));
    setMaxQueuedRequests(json.getInteger("maxQueuedRequests", DEFAULT_MAX_QUEUED_REQUESTS));
    setSpeculativeReadBytes(json.getInteger("speculativeReadBytes", DEFAULT_SPECULATIVE_READ_BYTES));
    setMaxFullBodyBytes(json.getInteger("maxFullBodyBytes", DEFAULT_MAX_FULL_BODY_BYTES));
    setMaxCoalescedBytes(json.getInteger("maxCoalescedBytes", DEFAULT_MAX_COALESCED_BYTES));
    setMaxCoalesceGapBytes(json.getInteger("maxCoalesceGapBytes", DEFAULT_MAX_COALESCE_GAP_BYTES));
    setKeepAlive(json.getBoolean("keepAlive", DEFAULT_KEEP_ALIVE));
    setKeepAliveTimeoutSeconds(
        json.getInteger("keepAliveTimeoutSeconds", DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS));
    setMaxPoolSize(json.getInteger("maxPoolSize", DEFAULT_MAX_POOL_SIZE));
    setUserAgent(json.getString("userAgent", DEFAULT_USER_AGENT));
    setTrustAll(json.getBoolean("trustAll", DEFAULT_TRUST_ALL));
    JsonObject h = json.getJsonObject("headers");
    if (h != null) {
      Map<String, String> map = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : h) {
        if (!(e.getValue() instanceof String)) {
          throw new IllegalArgumentException("headers." + e.getKey() + " must be a string");
        }
        map.put(e.getKey(), (String) e.getValue());
      }
      setHeaders(map);
    }
  }

  /** Every property, keys equal to the property names. Header values are included as given. */
  public JsonObject toJson() {
    JsonObject h = new JsonObject();
    headers.forEach(h::put);
    return new JsonObject()
        .put("connectTimeoutMs", connectTimeoutMs)
        .put("requestTimeoutMs", requestTimeoutMs)
        .put("deadlineMs", deadlineMs)
        .put("maxRetries", maxRetries)
        .put("retryBaseDelayMs", retryBaseDelayMs)
        .put("retryMaxDelayMs", retryMaxDelayMs)
        .put("maxConcurrentRequests", maxConcurrentRequests)
        .put("maxQueuedRequests", maxQueuedRequests)
        .put("speculativeReadBytes", speculativeReadBytes)
        .put("maxFullBodyBytes", maxFullBodyBytes)
        .put("maxCoalescedBytes", maxCoalescedBytes)
        .put("maxCoalesceGapBytes", maxCoalesceGapBytes)
        .put("keepAlive", keepAlive)
        .put("keepAliveTimeoutSeconds", keepAliveTimeoutSeconds)
        .put("maxPoolSize", maxPoolSize)
        .put("userAgent", userAgent)
        .put("trustAll", trustAll)
        .put("headers", h);
  }

  /** Time allowed to establish a TCP (and TLS) connection. */
  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public TransportOptions setConnectTimeoutMs(int connectTimeoutMs) {
    if (connectTimeoutMs < 1) {
      throw new IllegalArgumentException("connectTimeoutMs must be >= 1: " + connectTimeoutMs);
    }
    this.connectTimeoutMs = connectTimeoutMs;
    return this;
  }

  /**
   * Time allowed for one request, from sending it to the last body byte. A request that takes longer
   * is cancelled and fails with {@code TIMEOUT} (retryable).
   */
  public long getRequestTimeoutMs() {
    return requestTimeoutMs;
  }

  public TransportOptions setRequestTimeoutMs(long requestTimeoutMs) {
    if (requestTimeoutMs < 1) {
      throw new IllegalArgumentException("requestTimeoutMs must be >= 1: " + requestTimeoutMs);
    }
    this.requestTimeoutMs = requestTimeoutMs;
    return this;
  }

  /**
   * Time allowed for one {@code read} as a whole: waiting for a request slot, every attempt and every
   * backoff delay. No retry starts that could not finish before it.
   */
  public long getDeadlineMs() {
    return deadlineMs;
  }

  public TransportOptions setDeadlineMs(long deadlineMs) {
    if (deadlineMs < 1) {
      throw new IllegalArgumentException("deadlineMs must be >= 1: " + deadlineMs);
    }
    this.deadlineMs = deadlineMs;
    return this;
  }

  /** Retries after the first attempt, for retryable failures only (5xx, 408, 429, timeouts, resets). */
  public int getMaxRetries() {
    return maxRetries;
  }

  public TransportOptions setMaxRetries(int maxRetries) {
    if (maxRetries < 0 || maxRetries > 100) {
      throw new IllegalArgumentException("maxRetries must be in [0, 100]: " + maxRetries);
    }
    this.maxRetries = maxRetries;
    return this;
  }

  /**
   * Backoff base: retry {@code n} (from 0) waits a uniformly random time in
   * {@code [0, min(retryMaxDelayMs, retryBaseDelayMs * 2^n)]} ("full jitter").
   */
  public long getRetryBaseDelayMs() {
    return retryBaseDelayMs;
  }

  public TransportOptions setRetryBaseDelayMs(long retryBaseDelayMs) {
    if (retryBaseDelayMs < 1) {
      throw new IllegalArgumentException("retryBaseDelayMs must be >= 1: " + retryBaseDelayMs);
    }
    this.retryBaseDelayMs = retryBaseDelayMs;
    return this;
  }

  /** Upper bound of one backoff delay (also caps a server's {@code Retry-After}). */
  public long getRetryMaxDelayMs() {
    return retryMaxDelayMs;
  }

  public TransportOptions setRetryMaxDelayMs(long retryMaxDelayMs) {
    if (retryMaxDelayMs < 1) {
      throw new IllegalArgumentException("retryMaxDelayMs must be >= 1: " + retryMaxDelayMs);
    }
    this.retryMaxDelayMs = retryMaxDelayMs;
    return this;
  }

  /** Requests one source keeps in flight at most (HTTP requests, file reads). */
  public int getMaxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  public TransportOptions setMaxConcurrentRequests(int maxConcurrentRequests) {
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > 1024) {
      throw new IllegalArgumentException(
          "maxConcurrentRequests must be in [1, 1024]: " + maxConcurrentRequests);
    }
    this.maxConcurrentRequests = maxConcurrentRequests;
    return this;
  }

  /** Reads that may wait for a request slot; one more fails at once (retryable {@code IO}). */
  public int getMaxQueuedRequests() {
    return maxQueuedRequests;
  }

  public TransportOptions setMaxQueuedRequests(int maxQueuedRequests) {
    if (maxQueuedRequests < 0) {
      throw new IllegalArgumentException("maxQueuedRequests must be >= 0: " + maxQueuedRequests);
    }
    this.maxQueuedRequests = maxQueuedRequests;
    return this;
  }

  /**
   * Size of the first ranged read an HTTP source makes when it opens. It learns the file length from
   * that response and keeps the bytes, so the header and the sizes table usually cost no second request.
   */
  public int getSpeculativeReadBytes() {
    return speculativeReadBytes;
  }

  public TransportOptions setSpeculativeReadBytes(int speculativeReadBytes) {
    if (speculativeReadBytes < 16 || speculativeReadBytes > (16 << 20)) {
      throw new IllegalArgumentException(
          "speculativeReadBytes must be in [16, 16777216]: " + speculativeReadBytes);
    }
    this.speculativeReadBytes = speculativeReadBytes;
    return this;
  }

  /**
   * Largest full body (HTTP 200 to a ranged request: the server ignores {@code Range}) a source accepts
   * and keeps in memory for all later reads. A larger one is refused before its body is read and the
   * read fails with {@code BAD_RESPONSE}. 0 refuses every full body.
   */
  public int getMaxFullBodyBytes() {
    return maxFullBodyBytes;
  }

  public TransportOptions setMaxFullBodyBytes(int maxFullBodyBytes) {
    if (maxFullBodyBytes < 0) {
      throw new IllegalArgumentException("maxFullBodyBytes must be >= 0: " + maxFullBodyBytes);
    }
    this.maxFullBodyBytes = maxFullBodyBytes;
    return this;
  }

  /** Largest single request {@code readAll} builds when it merges adjacent ranges. */
  public int getMaxCoalescedBytes() {
    return maxCoalescedBytes;
  }

  public TransportOptions setMaxCoalescedBytes(int maxCoalescedBytes) {
    if (maxCoalescedBytes < 1) {
      throw new IllegalArgumentException("maxCoalescedBytes must be >= 1: " + maxCoalescedBytes);
    }
    this.maxCoalescedBytes = maxCoalescedBytes;
    return this;
  }

  /** Largest hole between two ranges {@code readAll} still merges into one request (read and dropped). */
  public int getMaxCoalesceGapBytes() {
    return maxCoalesceGapBytes;
  }

  public TransportOptions setMaxCoalesceGapBytes(int maxCoalesceGapBytes) {
    if (maxCoalesceGapBytes < 0) {
      throw new IllegalArgumentException("maxCoalesceGapBytes must be >= 0: " + maxCoalesceGapBytes);
    }
    this.maxCoalesceGapBytes = maxCoalesceGapBytes;
    return this;
  }

  /** HTTP/1.1 persistent connections. */
  public boolean isKeepAlive() {
    return keepAlive;
  }

  public TransportOptions setKeepAlive(boolean keepAlive) {
    this.keepAlive = keepAlive;
    return this;
  }

  /** How long an idle pooled connection is kept. */
  public int getKeepAliveTimeoutSeconds() {
    return keepAliveTimeoutSeconds;
  }

  public TransportOptions setKeepAliveTimeoutSeconds(int keepAliveTimeoutSeconds) {
    if (keepAliveTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "keepAliveTimeoutSeconds must be >= 1: " + keepAliveTimeoutSeconds);
    }
    this.keepAliveTimeoutSeconds = keepAliveTimeoutSeconds;
    return this;
  }

  /** HTTP/1.1 connections one source pools at most. */
  public int getMaxPoolSize() {
    return maxPoolSize;
  }

  public TransportOptions setMaxPoolSize(int maxPoolSize) {
    if (maxPoolSize < 1 || maxPoolSize > 1024) {
      throw new IllegalArgumentException("maxPoolSize must be in [1, 1024]: " + maxPoolSize);
    }
    this.maxPoolSize = maxPoolSize;
    return this;
  }

  /** {@code User-Agent} header of every request. */
  public String getUserAgent() {
    return userAgent;
  }

  public TransportOptions setUserAgent(String userAgent) {
    if (userAgent == null || userAgent.isBlank() || hasControlChar(userAgent)) {
      throw new IllegalArgumentException("userAgent must be non-blank printable text: " + userAgent);
    }
    this.userAgent = userAgent;
    return this;
  }

  /** HTTPS without certificate or host name checks. For tests and private deployments only. */
  public boolean isTrustAll() {
    return trustAll;
  }

  public TransportOptions setTrustAll(boolean trustAll) {
    this.trustAll = trustAll;
    return this;
  }

  /**
   * Extra request headers (for example {@code Authorization}); a copy. Never written to messages or
   * logs. {@code Range}, {@code If-Match} and {@code Accept-Encoding} are set by the source and may not
   * be given here.
   */
  public Map<String, String> getHeaders() {
    return new LinkedHashMap<>(headers);
  }

  public TransportOptions setHeaders(Map<String, String> headers) {
    Objects.requireNonNull(headers, "headers");
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      checkHeader(k, v);
      copy.put(k, v);
    });
    this.headers = copy;
    return this;
  }

  /** Adds or replaces one extra request header. */
  public TransportOptions putHeader(String name, String value) {
    checkHeader(name, value);
    headers.put(name, value);
    return this;
  }

  private static void checkHeader(String name, String value) {
    if (name == null || name.isBlank() || hasControlChar(name) || name.contains(":")) {
      throw new IllegalArgumentException("headers: bad header name: " + name);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("range") || lower.equals("if-match") || lower.equals("accept-encoding")
        || lower.equals("host") || lower.equals("content-length")) {
      throw new IllegalArgumentException("headers: " + name + " is set by the transport");
    }
    if (value == null || hasControlChar(value)) {
      // the value is not echoed: it may be a credential
      throw new IllegalArgumentException("headers: bad value for " + name);
    }
  }

  private static boolean hasControlChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    JsonObject json = toJson();
    JsonObject h = new JsonObject();
    headers.keySet().forEach(k -> h.put(k, "***")); // values may be credentials
    return "TransportOptions" + json.put("headers", h).encode();
  }
}
