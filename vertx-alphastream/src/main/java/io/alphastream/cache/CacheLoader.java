package io.alphastream.cache;

import io.vertx.core.Future;

/**
 * Produces the value of a missing key. Called at most once at a time per key: concurrent gets of the
 * same key share the returned future. A failed future is not cached, so the next get tries again.
 * Must not block and must not write to the cache.
 */
@FunctionalInterface
public interface CacheLoader<K, V> {
  Future<V> load(K key);
}
