package io.alphastream;

import io.alphastream.cache.CacheStatistics;
import io.alphastream.engine.ReaderStats;
import io.alphastream.scheduler.SchedulerStats;

/**
 * A snapshot of one stream's counters.
 *
 * @param frames the decoded-frame cache
 * @param masks the rasterized-mask cache
 * @param scheduler prefetch and request scheduling
 * @param reader range reads (a remote stream: requests to its serving address) and worker requests
 * @param blocks the plain-block cache ({@link AlphaStream#block})
 */
public record AlphaStreamStats(CacheStatistics frames, CacheStatistics masks, SchedulerStats scheduler,
    ReaderStats reader, CacheStatistics blocks) {}
