package io.alphastream.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams a gateway serves right now, by id: what the catalog held at its last reconciliation. Read by
 * every event loop (WebSocket accept, /streams, /health, PNGs); written only by the gateway's serialized
 * reconciliation. Lists the configured streams first, in configuration order, then the others by id.
 * Thread-safe.
 */
final class StreamTable {
  private final Map<String, StreamEntry> entries = new ConcurrentHashMap<>();
  private final Map<String, Integer> rank = new HashMap<>(); // configured ids: their position; fixed at start

  StreamTable(List<String> configuredOrder) {
    for (int i = 0; i < configuredOrder.size(); i++) {
      rank.putIfAbsent(configuredOrder.get(i), i);
    }
  }

  StreamEntry get(String id) {
    return entries.get(id);
  }

  void put(StreamEntry e) {
    entries.put(e.id, e);
  }

  /** Removes {@code e} if it is still the entry of its id. */
  boolean remove(StreamEntry e) {
    return entries.remove(e.id, e);
  }

  Collection<StreamEntry> values() {
    return entries.values();
  }

  /** Every stream: the configured ones in configuration order, then the others by id. */
  List<StreamEntry> ordered() {
    List<StreamEntry> list = new ArrayList<>(entries.values());
    list.sort(Comparator.comparingInt((StreamEntry e) -> rank.getOrDefault(e.id, Integer.MAX_VALUE))
        .thenComparing(e -> e.id));
    return list;
  }
}
