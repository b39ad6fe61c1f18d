package io.alphastream.cache;

/**
 * A snapshot of one cache's counters. Counters are cumulative since the cache was created; use
 * {@link #minus(CacheStatistics)} for an interval.
 *
 * @param hits lookups answered from the cache (including lookups that joined a load in progress)
 * @param misses lookups that started a load
 * @param loadSuccesses loads that produced a value
 * @param loadFailures loads that failed (not cached; the next lookup retries)
 * @param evictions entries removed to respect the bounds
 * @param entries entries currently held (approximate while loads run)
 * @param retainedBytes estimated heap bytes held by the cached values
 */
public record CacheStatistics(long hits, long misses, long loadSuccesses, long loadFailures,
    long evictions, long entries, long retainedBytes) {

  public long requests() {
    return hits + misses;
  }

  /** Counters of the interval since {@code earlier}; gauges ({@code entries}, bytes) stay as now. */
  public CacheStatistics minus(CacheStatistics earlier) {
    return new CacheStatistics(hits - earlier.hits, misses - earlier.misses,
        loadSuccesses - earlier.loadSuccesses, loadFailures - earlier.loadFailures,
        evictions - earlier.evictions, entries, retainedBytes);
  }
}
