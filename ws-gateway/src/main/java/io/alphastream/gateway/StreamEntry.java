package io.alphastream.gateway;

import io.alphastream.gateway.protocol.StreamInfo;

/**
 * One served stream, shared by every gateway event loop: its source (thread-safe), its meters, and the
 * subscriber count that enforces {@link GatewayOptions#getMaxSubscribersPerStream()} across them.
 */
final class StreamEntry {
  final StreamInfo info;
  final MaskSource source;
  final GatewayMetrics.StreamMeters meters;

  StreamEntry(MaskSource source, GatewayMetrics metrics) {
    this.info = source.info();
    this.source = source;
    this.meters = metrics.stream(info.id(), source);
  }

  /** Takes a subscriber slot, or returns false when all {@code max} are taken. */
  boolean reserve(int max) {
    while (true) {
      int n = meters.subscribers.get();
      if (n >= max) {
        return false;
      }
      if (meters.subscribers.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    meters.subscribers.decrementAndGet();
  }
}
