package io.alphastream.scheduler;

/**
 * A snapshot of a scheduler's state and counters.
 *
 * @param position play position (frame) at the time of the snapshot
 * @param rate playback rate, frames per second
 * @param inflight loads in flight now
 * @param maxInflightSeen highest number of loads ever in flight at once (never above the bound)
 * @param queuedForeground foreground requests waiting for a slot
 * @param queuedPrefetch explicit prefetch requests waiting for a slot
 * @param foregroundLoads loads started for foreground requests
 * @param prefetchLoads loads started for prefetch (window and explicit)
 * @param cancelled queued prefetches dropped because a seek left them outside the window
 * @param rejected requests refused because their queue was full
 */
public record SchedulerStats(int position, double rate, int inflight, int maxInflightSeen, int queuedForeground,
    int queuedPrefetch, long foregroundLoads, long prefetchLoads, long cancelled, long rejected) {}
