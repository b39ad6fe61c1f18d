package io.alphastream.gateway.cluster;

import io.alphastream.gateway.StreamOptions;
import io.alphastream.gateway.catalog.Catalog;
import io.alphastream.source.PassphraseRef;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The catalog as one cluster-wide {@link AsyncMap}: stream id to the {@link StreamOptions} JSON (which holds
 * passphrase references, never a passphrase). A change is published on the event bus to every node, and
 * every node also re-reads the map every {@link #REREAD_MS} ms, so a lost notification only delays a
 * change.
 */
final class ClusterCatalog implements Catalog {
  /** The cluster-wide map of streams. */
  static final String MAP = "alphastream.catalog";
  /** Published (no body needed) after every change, on every node. */
  static final String CHANGED_ADDRESS = "alphastream.catalog.changed";
  /** How often every node re-reads the map. */
  static final long REREAD_MS = 500;

  private final Vertx vertx;
  private final AsyncMap<String, String> map;
  private final List<Handler<Void>> handlers = new CopyOnWriteArrayList<>();
  private final MessageConsumer<Object> consumer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long timer;
  /** The map's content at the last periodic read (touched on the timer's context only). */
  private Map<String, String> lastSeen;

  private ClusterCatalog(Vertx vertx, AsyncMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
    this.consumer = vertx.eventBus().consumer(CHANGED_ADDRESS, msg -> fire());
    this.timer = vertx.setPeriodic(REREAD_MS, id -> reread());
  }

  static Future<ClusterCatalog> open(Vertx vertx) {
    return vertx.sharedData().<String, String>getAsyncMap(MAP).map(m -> new ClusterCatalog(vertx, m));
  }

  @Override
  public Future<List<StreamOptions>> list() {
    return map.entries().map(entries -> {
      List<StreamOptions> list = new ArrayList<>();
      entries.values().forEach(v -> list.add(new StreamOptions(new JsonObject(v))));
      list.sort(Comparator.comparing(StreamOptions::getId));
      return list;
    });
  }

  @Override
  public Future<Void> put(StreamOptions stream) {
    IllegalArgumentException secret = secretIn(stream);
    if (secret != null) {
      return Future.failedFuture(secret);
    }
    return map.put(stream.getId(), stream.toJson().encode()).andThen(ar -> announce());
  }

  /** One atomic step on the cluster-wide map: of two nodes seeding the same id at once, one wins. */
  @Override
  public Future<Boolean> putIfAbsent(StreamOptions stream) {
    IllegalArgumentException secret = secretIn(stream);
    if (secret != null) {
      return Future.failedFuture(secret);
    }
    return map.putIfAbsent(stream.getId(), stream.toJson().encode()).map(old -> old == null)
        .andThen(ar -> {
          if (ar.succeeded() && ar.result()) {
            announce();
          }
        });
  }

  /** Passphrase bytes given in process never enter the cluster: only references do. */
  private static IllegalArgumentException secretIn(StreamOptions stream) {
    if (stream.getKey().getPassphrase().kind() == PassphraseRef.Kind.BYTES) {
      return new IllegalArgumentException("stream " + stream.getId() + ": a passphrase never enters the cluster"
          + " catalog; give a passphrase reference (passphraseEnv or passphraseFile)");
    }
    return null;
  }

  @Override
  public Future<Boolean> remove(String id) {
    return map.remove(id).map(old -> old != null).andThen(ar -> announce());
  }

  @Override
  public void onChange(Handler<Void> handler) {
    handlers.add(handler);
  }

  @Override
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    handlers.clear();
    return consumer.unregister();
  }

  private void announce() {
    if (!closed.get()) {
      vertx.eventBus().publish(CHANGED_ADDRESS, null);
    }
  }

  private void fire() {
    handlers.forEach(h -> h.handle(null));
  }

  /** Tells the handlers when the map differs from the last read (a change whose notification was lost). */
  private void reread() {
    if (closed.get()) {
      return;
    }
    map.entries().onSuccess(entries -> {
      Map<String, String> now = new TreeMap<>(entries);
      boolean changed = lastSeen != null && !lastSeen.equals(now);
      lastSeen = now;
      if (changed) {
        fire();
      }
    }); // a failed read (a member leaving) is retried at the next tick
  }
}
