package io.alphastream.gateway;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway-wide bound on the bytes its clients can make it hold (docs/protocol.md 3.6): frame messages
 * waiting in sockets for the OS, encoded messages kept by the encode groups, encodes in flight, and the
 * streams' mask caches. Whoever holds bytes counts them (a message shared by a group and a socket counts
 * twice), so {@link #used()} is an upper bound of what these hold. New allocations ask first
 * ({@link #tryReserve}); bytes that already exist are only recorded ({@link #add}).
 *
 * <p>Thread-safe: shared by every gateway event loop.
 */
final class MemoryBudget {
  private final long limit;
  private final LongSupplier cacheBytes;
  private final AtomicLong held = new AtomicLong();
  private volatile long cached;
  private final AtomicLong refused = new AtomicLong(); // largest request refused since takePressure(), 0 = none

  /** {@code cacheBytes}: bytes held by the streams' mask caches, read on {@link #refreshCaches()}. */
  MemoryBudget(long limit, LongSupplier cacheBytes) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1: " + limit);
    }
    this.limit = limit;
    this.cacheBytes = cacheBytes;
  }

  long limit() {
    return limit;
  }

  /** Bytes counted now: held by the gateway plus the mask caches as last refreshed. */
  long used() {
    return held.get() + cached;
  }

  /** Bytes held by the gateway itself (sockets, groups, encodes), without the mask caches. */
  long held() {
    return held.get();
  }

  /** Re-reads the mask caches' bytes (they change on the engine's threads, not through this budget). */
  void refreshCaches() {
    cached = Math.max(0, cacheBytes.getAsLong());
  }

  /** Whether {@code bytes} more would still fit. */
  boolean admits(long bytes) {
    return used() + bytes <= limit;
  }

  /** Records that {@code bytes} were needed and did not fit (see {@link #takePressure()}). */
  void pressure(long bytes) {
    refused.accumulateAndGet(bytes, Math::max);
  }

  /** Counts {@code bytes} if they fit; otherwise records the pressure and returns false. */
  boolean tryReserve(long bytes) {
    return tryReserve(bytes, true);
  }

  /**
   * Counts {@code bytes} if they fit, else returns false; records the pressure only when the bytes were
   * {@code needed} (an optional allocation, such as a prefetch, should not get anyone dropped).
   */
  boolean tryReserve(long bytes, boolean needed) {
    while (true) {
      long h = held.get();
      if (h + cached + bytes > limit) {
        if (needed) {
          pressure(bytes);
        }
        return false;
      }
      if (held.compareAndSet(h, h + bytes)) {
        return true;
      }
    }
  }

  /** Counts bytes that exist already (a message written to a socket), fitting or not. */
  void add(long bytes) {
    held.addAndGet(bytes);
  }

  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /**
   * The largest reservation refused since the last call (0 = none), and forgets it: the room a shedding
   * pass should make besides getting back under the limit.
   */
  long takePressure() {
    return refused.getAndSet(0);
  }
}
