package io.alphastream.gateway.catalog;

import io.alphastream.gateway.StreamOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The catalog of a gateway on its own: a map in this JVM. Changes are told to the handlers on the thread
 * that made them, after the map holds them. Thread-safe.
 */
public final class LocalCatalog implements Catalog {
  private final ConcurrentSkipListMap<String, StreamOptions> streams = new ConcurrentSkipListMap<>();
  private final List<Handler<Void>> handlers = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  @Override
  public Future<List<StreamOptions>> list() {
    List<StreamOptions> copy = new ArrayList<>();
    streams.values().forEach(s -> copy.add(new StreamOptions(s)));
    return Future.succeededFuture(copy);
  }

  @Override
  public Future<Void> put(StreamOptions stream) {
    streams.put(stream.getId(), new StreamOptions(stream));
    changed();
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> putIfAbsent(StreamOptions stream) {
    boolean added = streams.putIfAbsent(stream.getId(), new StreamOptions(stream)) == null;
    if (added) {
      changed();
    }
    return Future.succeededFuture(added);
  }

  @Override
  public Future<Boolean> remove(String id) {
    boolean removed = streams.remove(id) != null;
    if (removed) {
      changed();
    }
    return Future.succeededFuture(removed);
  }

  @Override
  public void onChange(Handler<Void> handler) {
    handlers.add(handler);
  }

  private void changed() {
    if (!closed) {
      handlers.forEach(h -> h.handle(null));
    }
  }

  @Override
  public Future<Void> close() {
    closed = true;
    handlers.clear();
    return Future.succeededFuture();
  }
}
