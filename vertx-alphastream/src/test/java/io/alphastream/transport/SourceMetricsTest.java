package io.alphastream.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics snapshot: bucket arithmetic, quantiles, intervals. */
class SourceMetricsTest {

  static long[] counts(int... atBucket) {
    long[] c = new long[SourceMetrics.LATENCY_BUCKETS];
    for (int b : atBucket) {
      c[b]++;
    }
    return c;
  }

  @Test
  void bucketsHaveInclusiveUpperBoundsAndAnOverflowBucket() {
    List<Long> bounds = SourceMetrics.latencyBucketBoundsMicros();
    assertThat(bounds).isSorted().hasSize(SourceMetrics.LATENCY_BUCKETS - 1);
    assertThat(SourceMetrics.bucketOf(0)).isZero();
    assertThat(SourceMetrics.bucketOf(bounds.get(0))).isZero();
    assertThat(SourceMetrics.bucketOf(bounds.get(0) + 1)).isEqualTo(1);
    assertThat(SourceMetrics.bucketOf(Long.MAX_VALUE)).isEqualTo(SourceMetrics.LATENCY_BUCKETS - 1);
  }

  @Test
  void quantilesReportTheBucketBound() {
    int b1ms = SourceMetrics.bucketOf(1_000);
    int b50ms = SourceMetrics.bucketOf(50_000);
    SourceMetrics m = new SourceMetrics(4, 4, 100, 0, 0, 3 * 900 + 45_000,
        counts(b1ms, b1ms, b1ms, b50ms));
    assertThat(m.latencyCount()).isEqualTo(4);
    assertThat(m.latencyQuantileMicros(0.5)).isEqualTo(1_000);
    assertThat(m.latencyQuantileMicros(0.75)).isEqualTo(1_000);
    assertThat(m.latencyQuantileMicros(0.99)).isEqualTo(50_000);
    assertThat(m.meanLatencyMs()).isEqualTo((3 * 900 + 45_000) / 1000.0 / 4);
    assertThat(SourceMetrics.EMPTY.latencyQuantileMicros(0.5)).isZero();
  }

  @Test
  void minusGivesTheInterval() {
    SourceMetrics before = new SourceMetrics(1, 2, 30, 1, 1, 500, counts(0, 3));
    SourceMetrics after = new SourceMetrics(5, 7, 130, 2, 1, 900, counts(0, 3, 3, 5));
    SourceMetrics interval = after.minus(before);
    assertThat(interval).isEqualTo(new SourceMetrics(4, 5, 100, 1, 0, 400, counts(3, 5)));
    assertThat(after.minus(after)).isEqualTo(SourceMetrics.EMPTY);
    assertThat(interval.toJson().getLong("requests")).isEqualTo(5);
    assertThat(interval.toJson().getJsonArray("latencyCounts")).hasSize(SourceMetrics.LATENCY_BUCKETS);
  }
}
