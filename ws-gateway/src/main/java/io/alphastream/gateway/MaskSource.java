package io.alphastream.gateway;

import io.alphastream.gateway.protocol.StreamInfo;
import io.alphastream.raster.Mask;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Where the gateway gets the masks of one stream. Thread-safe: every gateway event loop shares one
 * source per stream. Returned masks are shared (cached): never modify one.
 */
public interface MaskSource {

  /** Frame count, rate and native size. */
  StreamInfo info();

  /**
   * The mask of {@code frame} rasterized at {@code width x height}. Fails with an
   * {@link io.alphastream.AlphaStreamException} (corrupt frame, bad key, I/O, closed), never throws.
   * The future may complete on any thread.
   */
  Future<Mask> mask(int frame, int width, int height);

  /**
   * The plain frame block of {@code frame} (FORMAT.md 5.1, decrypted for ASVR, its lengths checked but not
   * inflated) for the {@code poly} encoding; shared and read-only. Fails like {@link #mask}.
   */
  Future<Buffer> block(int frame);

  /** Mask-cache counters for /metrics. */
  CacheCounters cacheCounters();

  /** Bytes the source's mask cache holds now (counted against the gateway's memory budget). */
  long cachedBytes();

  /** Releases files, connections and caches. Idempotent. */
  Future<Void> close();

  /** Hits and misses of the source's mask cache. */
  record CacheCounters(long hits, long misses) {
    public static final CacheCounters NONE = new CacheCounters(0, 0);

    /** hits / (hits + misses), or NaN before the first request. */
    public double hitRatio() {
      long total = hits + misses;
      return total == 0 ? Double.NaN : (double) hits / total;
    }
  }
}
