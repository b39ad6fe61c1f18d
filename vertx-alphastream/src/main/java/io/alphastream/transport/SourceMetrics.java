package io.alphastream.transport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * A snapshot of one {@link RangeSource}'s counters. Immutable; take two and {@link #minus} them to get
 * the numbers of an interval.
 *
 * <ul>
 *   <li>{@link #reads()}: ranges callers asked for ({@code read} calls, and each range of a
 *       {@code readAll}), including those served from memory without a request.
 *   <li>{@link #requests()}: requests sent to the medium: HTTP requests (every attempt, retries
 *       included), file reads; for a memory source every read.
 *   <li>{@link #bytes()}: body bytes received from the medium.
 *   <li>{@link #retries()}: requests that repeated a failed one.
 *   <li>{@link #errors()}: requests that failed, whether or not a retry then succeeded.
 *   <li>Latency histogram: one count per finished request (success or failure), in buckets whose
 *       upper bounds are {@link #latencyBucketBoundsMicros()}, plus a last bucket for anything slower.
 * </ul>
 */
public final class SourceMetrics {

  private static final long[] BOUNDS_MICROS = {
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
    1_000_000, 2_500_000, 5_000_000, 10_000_000
  };

  /** Number of histogram buckets: one per bound plus the overflow bucket. */
  public static final int LATENCY_BUCKETS = BOUNDS_MICROS.length + 1;

  /** All-zero metrics. */
  public static final SourceMetrics EMPTY = new SourceMetrics(0, 0, 0, 0, 0, 0, new long[LATENCY_BUCKETS]);

  private final long reads;
  private final long requests;
  private final long bytes;
  private final long retries;
  private final long errors;
  private final long latencyTotalMicros;
  private final long[] latencyCounts;

  /**
   * @param latencyCounts {@link #LATENCY_BUCKETS} counts; copied
   */
  public SourceMetrics(long reads, long requests, long bytes, long retries, long errors,
      long latencyTotalMicros, long[] latencyCounts) {
    if (latencyCounts.length != LATENCY_BUCKETS) {
      throw new IllegalArgumentException(
          "latencyCounts must have " + LATENCY_BUCKETS + " entries: " + latencyCounts.length);
    }
    this.reads = reads;
    this.requests = requests;
    this.bytes = bytes;
    this.retries = retries;
    this.errors = errors;
    this.latencyTotalMicros = latencyTotalMicros;
    this.latencyCounts = latencyCounts.clone();
  }

  /** Upper bounds (inclusive, microseconds) of the histogram buckets except the last, ascending. */
  public static List<Long> latencyBucketBoundsMicros() {
    return Arrays.stream(BOUNDS_MICROS).boxed().toList();
  }

  /** Index of the bucket a latency falls into. */
  public static int bucketOf(long micros) {
    for (int i = 0; i < BOUNDS_MICROS.length; i++) {
      if (micros <= BOUNDS_MICROS[i]) {
        return i;
      }
    }
    return BOUNDS_MICROS.length;
  }

  public long reads() {
    return reads;
  }

  public long requests() {
    return requests;
  }

  public long bytes() {
    return bytes;
  }

  public long retries() {
    return retries;
  }

  public long errors() {
    return errors;
  }

  /** Sum of all recorded request latencies. */
  public long latencyTotalMicros() {
    return latencyTotalMicros;
  }

  /** A copy of the {@link #LATENCY_BUCKETS} bucket counts. */
  public long[] latencyCounts() {
    return latencyCounts.clone();
  }

  /** Requests with a recorded latency. */
  public long latencyCount() {
    long n = 0;
    for (long c : latencyCounts) {
      n += c;
    }
    return n;
  }

  /** Mean request latency in milliseconds, 0 when nothing was recorded. */
  public double meanLatencyMs() {
    long n = latencyCount();
    return n == 0 ? 0 : latencyTotalMicros / 1000.0 / n;
  }

  /**
   * Upper bound (microseconds) of the bucket holding quantile {@code q} (0..1) of the recorded
   * latencies; {@link Long#MAX_VALUE} when it is in the overflow bucket, 0 when nothing was recorded.
   */
  public long latencyQuantileMicros(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
    }
    long n = latencyCount();
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * n));
    long seen = 0;
    for (int i = 0; i < latencyCounts.length; i++) {
      seen += latencyCounts[i];
      if (seen >= rank) {
        return i < BOUNDS_MICROS.length ? BOUNDS_MICROS[i] : Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }

  /** The counts of the interval since {@code earlier} (a snapshot of the same source). */
  public SourceMetrics minus(SourceMetrics earlier) {
    long[] counts = new long[LATENCY_BUCKETS];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = latencyCounts[i] - earlier.latencyCounts[i];
    }
    return new SourceMetrics(reads - earlier.reads, requests - earlier.requests,
        bytes - earlier.bytes, retries - earlier.retries, errors - earlier.errors,
        latencyTotalMicros - earlier.latencyTotalMicros, counts);
  }

  /** Counters and histogram; {@code latencyBoundsMicros} names the buckets. */
  public JsonObject toJson() {
    JsonArray counts = new JsonArray();
    for (long c : latencyCounts) {
      counts.add(c);
    }
    return new JsonObject()
        .put("reads", reads)
        .put("requests", requests)
        .put("bytes", bytes)
        .put("retries", retries)
        .put("errors", errors)
        .put("latencyTotalMicros", latencyTotalMicros)
        .put("latencyBoundsMicros", new JsonArray(latencyBucketBoundsMicros()))
        .put("latencyCounts", counts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceMetrics m && reads == m.reads && requests == m.requests
        && bytes == m.bytes && retries == m.retries && errors == m.errors
        && latencyTotalMicros == m.latencyTotalMicros && Arrays.equals(latencyCounts, m.latencyCounts);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(reads) * 31 + Long.hashCode(requests) * 17 + Arrays.hashCode(latencyCounts);
  }

  @Override
  public String toString() {
    return "SourceMetrics{reads=" + reads + ", requests=" + requests + ", bytes=" + bytes
        + ", retries=" + retries + ", errors=" + errors + ", meanLatencyMs="
        + String.format(java.util.Locale.ROOT, "%.3f", meanLatencyMs()) + "}";
  }
}
