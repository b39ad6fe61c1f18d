package io.alphastream.transport.impl;

import io.alphastream.transport.SourceMetrics;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind {@link SourceMetrics} snapshots. One per source. */
public final class MetricsRecorder {
  private final LongAdder reads = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder latencyTotalMicros = new LongAdder();
  private final AtomicLongArray latency = new AtomicLongArray(SourceMetrics.LATENCY_BUCKETS);

  public void read(int ranges) {
    reads.add(ranges);
  }

  public void request() {
    requests.increment();
  }

  public void bytes(long n) {
    bytes.add(n);
  }

  public void retry() {
    retries.increment();
  }

  /** A request finished; {@code startNanos} from {@link System#nanoTime()} when it was sent. */
  public void finished(long startNanos, boolean failed) {
    long micros = Math.max(0, (System.nanoTime() - startNanos) / 1_000);
    latency.incrementAndGet(SourceMetrics.bucketOf(micros));
    latencyTotalMicros.add(micros);
    if (failed) {
      errors.increment();
    }
  }

  public SourceMetrics snapshot() {
    long[] counts = new long[SourceMetrics.LATENCY_BUCKETS];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = latency.get(i);
    }
    return new SourceMetrics(reads.sum(), requests.sum(), bytes.sum(), retries.sum(), errors.sum(),
        latencyTotalMicros.sum(), counts);
  }
}
