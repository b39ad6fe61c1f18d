package io.alphastream.cache;

import io.alphastream.cache.impl.CaffeineFrameCache;
import io.alphastream.format.Polygons;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;

/**
 * A bounded, asynchronously loading cache of one stream's frames. Backed by Caffeine: its eviction policy
 * is W-TinyLFU (a frequency-aware LRU, not strict LRU), so which entry leaves first is not specified;
 * the bounds are. Concurrent {@link #get} calls for the same key share one load ("single flight"), failed
 * loads are dropped so the next get retries, and statistics are always recorded.
 *
 * <p>Thread-safe. Futures returned by {@link #get} complete on the thread that completes the load (an
 * event loop in the engine); callers on a Vert.x context get them back on that context.
 *
 * @param <K> key type ({@link FrameKey} or {@link MaskKey})
 * @param <V> value type (immutable by contract: never modify a cached value)
 */
public interface FrameCache<K, V> {

  /**
   * The decoded-frame cache: at most {@link CacheOptions#getMaxFrames()} frames and
   * {@link CacheOptions#getMaxBytes()} retained bytes.
   *
   * @param executor runs Caffeine's maintenance and listener tasks ({@code Runnable::run} in tests)
   */
  static FrameCache<FrameKey, Polygons> frames(CacheOptions options, CacheLoader<FrameKey, Polygons> loader,
      Executor executor) {
    return new CaffeineFrameCache<>(options.getMaxFrames(), options.getMaxBytes(), Polygons::retainedBytes,
        loader, executor);
  }

  /**
   * A generic cache of {@code maxEntries} entries and {@code maxBytes} retained bytes, weighed by
   * {@code retainedBytes} once when an entry is inserted. Used for the mask cache.
   */
  static <K, V> FrameCache<K, V> create(int maxEntries, long maxBytes, ToLongFunction<? super V> retainedBytes,
      CacheLoader<K, V> loader, Executor executor) {
    return new CaffeineFrameCache<>(maxEntries, maxBytes, retainedBytes, loader, executor);
  }

  /** The value of {@code key}, loading it if absent (counts a hit or a miss). */
  Future<V> get(K key);

  /** The loaded value of {@code key}, if present; counts a hit or a miss. Never starts a load. */
  Optional<V> getIfPresent(K key);

  /** The loaded value of {@code key}, if present, without touching the statistics or the policy. */
  Optional<V> peek(K key);

  /** True when {@code key} is loaded or being loaded; no statistics. */
  boolean containsOrLoading(K key);

  /** Current counters. */
  CacheStatistics stats();

  /** Runs pending maintenance (evictions) now; tests call it before asserting bounds. */
  void cleanUp();

  /** Removes every entry (loads in progress complete but their values are discarded). */
  void invalidateAll();
}
