package io.alphastream.gateway.cluster;

import io.alphastream.AlphaStream;
import io.alphastream.gateway.StreamOptions;
import io.alphastream.gateway.catalog.Catalog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.Lock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code --frames owner}: for each catalog stream one node of the cluster, the holder of a cluster-wide lock,
 * reads the origin and serves engine requests at the stream's event-bus {@link #address}; every node serves
 * its subscribers through a remote stream on that address. Every node contends for every stream it does not
 * own, every {@link #CONTEND_MS} ms: the lock is a Hazelcast map lock, released by Hazelcast when its
 * holder's member leaves the cluster (a crash included), so another node takes over. An owner keeps the
 * lock until the stream is removed or changed (a new version has a new address and a new lock) or the
 * node closes. A node that fails to open the origin (no passphrase here, origin down) lets the lock go and
 * backs off before it tries again, so a node that can read the origin gets the stream.
 *
 * <p>When the origin changes under the same locator, the owner's stream fails for good ({@code CHANGED}); a
 * node whose gateway sees it withdraws the stream and opens it again, and asks the owner to refresh
 * ({@link #REFRESH_ADDRESS}): the owner reopens its origin stream at the same address, so the remote
 * streams meet the new version.
 *
 * <p>State is confined to one Vert.x context, taken when the owners are created.
 */
final class StreamOwners {
  /** Prefix of every stream's serving address: {@code alphastream.gateway.<id>.<hash of its options>}. */
  static final String ADDRESS_PREFIX = "alphastream.gateway.";
  static final String LOCK_PREFIX = "alphastream.owner.";
  /** Published by a node whose gateway opens a stream version again (body: its address); its owner refreshes. */
  static final String REFRESH_ADDRESS = "alphastream.owner.refresh";
  /** How often a non-owner tries the lock of each stream. */
  static final long CONTEND_MS = 500;
  /** How long one try waits for the lock (it holds a worker thread meanwhile). */
  static final long LOCK_WAIT_MS = 10;
  static final long MIN_BACKOFF_MS = 1_000;
  static final long MAX_BACKOFF_MS = 10_000;
  /**
   * An owner's stream younger than this is not reopened by {@link #refresh}: it has just read the origin's
   * header anew. A skipped refresh costs one more gateway retry, which refreshes it.
   */
  static final long REFRESH_AFTER_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final Catalog catalog;
  private final Origin origin;
  private final Map<String, Contender> contenders = new HashMap<>();
  private volatile List<String> owned = List.of();
  private boolean closed;
  private long timer = -1;
  private MessageConsumer<String> refreshes;

  StreamOwners(Vertx vertx, Catalog catalog, Origin origin) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.catalog = catalog;
    this.origin = origin;
  }

  /** The event-bus address at which the owner of this version of {@code stream} serves it. */
  static String address(StreamOptions stream) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(stream.toJson().encode().getBytes(StandardCharsets.UTF_8));
      return ADDRESS_PREFIX + stream.getId() + "." + HexFormat.of().formatHex(sha, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts contending, and answering refresh requests. */
  void start() {
    context.runOnContext(v -> {
      refreshes = vertx.eventBus().<String>consumer(REFRESH_ADDRESS, msg -> {
        Contender c = contenders.get(msg.body());
        if (c != null) {
          c.refresh();
        }
      });
      tick();
    });
  }

  /**
   * Asks the owner of {@code stream}, wherever it is, to reopen its origin stream at the same address
   * when it has served it for a while: a gateway opens a stream version again mostly because the origin
   * changed, which ends the owner's stream for good. Remote streams of an unchanged origin continue.
   */
  static void requestRefresh(Vertx vertx, StreamOptions stream) {
    vertx.eventBus().publish(REFRESH_ADDRESS, address(stream));
  }

  /** The streams this node owns now. */
  List<String> owned() {
    return owned;
  }

  private void tick() {
    if (closed) {
      return;
    }
    catalog.list().onComplete(ar -> {
      if (ar.succeeded()) {
        reconcile(ar.result());
      } // a failed read (a member leaving) is the next tick's job
      if (!closed) {
        timer = vertx.setTimer(CONTEND_MS, id -> tick());
      }
    });
  }

  private void reconcile(List<StreamOptions> streams) {
    Map<String, StreamOptions> wanted = new HashMap<>();
    streams.forEach(s -> wanted.put(address(s), s));
    for (String addr : new ArrayList<>(contenders.keySet())) {
      if (!wanted.containsKey(addr)) {
        contenders.remove(addr).stop();
      }
    }
    wanted.forEach((addr, s) -> contenders.computeIfAbsent(addr, a -> new Contender(s, a)).tick());
    List<String> now = new ArrayList<>();
    contenders.values().forEach(c -> {
      if (c.serving != null) {
        now.add(c.stream.getId());
      }
    });
    now.sort(null);
    owned = List.copyOf(now);
  }

  /** Stops contending, closes the owned streams and lets their locks go. */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> stopAll().onComplete(done));
    return done.future();
  }

  private Future<Void> stopAll() {
    closed = true;
    if (refreshes != null) {
      refreshes.unregister();
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    List<Future<Void>> stops = new ArrayList<>();
    contenders.values().forEach(c -> stops.add(c.stop()));
    contenders.clear();
    owned = List.of();
    return Future.join(stops).mapEmpty();
  }

  /** This node's claim on one version of one stream. */
  private final class Contender {
    final StreamOptions stream;
    final String address;
    Lock lock;
    AlphaStream serving;
    long servingSince;
    boolean busy;
    boolean stopped;
    long notBefore;
    long backoffMs = MIN_BACKOFF_MS;

    Contender(StreamOptions stream, String address) {
      this.stream = stream;
      this.address = address;
    }

    void tick() {
      if (busy || stopped || serving != null || System.currentTimeMillis() < notBefore) {
        return;
      }
      busy = true;
      vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + address, LOCK_WAIT_MS)
          .compose(l -> {
            lock = l;
            return origin.openServing(vertx, stream, address);
          })
          .onComplete(ar -> {
            busy = false;
            if (ar.succeeded()) {
              serving = ar.result();
              servingSince = System.currentTimeMillis();
              backoffMs = MIN_BACKOFF_MS;
              if (stopped) { // removed while opening
                release();
              }
            } else if (lock != null) { // we had the lock but cannot read the origin: let another node try
              release();
              notBefore = System.currentTimeMillis() + backoffMs;
              backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            } // else: somebody else owns it; try again next tick
          });
    }

    /** Reopens the owned origin stream, keeping the lock (see {@link StreamOwners#refresh}). */
    void refresh() {
      if (busy || stopped || serving == null || System.currentTimeMillis() - servingSince < REFRESH_AFTER_MS) {
        return;
      }
      busy = true;
      AlphaStream old = serving;
      serving = null;
      old.closeAsync().recover(err -> Future.succeededFuture())
          .compose(v -> origin.openServing(vertx, stream, address))
          .onComplete(ar -> {
            busy = false;
            if (ar.succeeded()) {
              serving = ar.result();
              servingSince = System.currentTimeMillis();
              if (stopped) {
                release();
              }
            } else { // cannot read it now: let another node try, and back off
              release();
              notBefore = System.currentTimeMillis() + backoffMs;
              backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            }
          });
    }

    Future<Void> stop() {
      stopped = true;
      return busy ? Future.succeededFuture() : release();
    }

    private Future<Void> release() {
      AlphaStream s = serving;
      Lock l = lock;
      serving = null;
      lock = null;
      Future<Void> closed = s == null ? Future.succeededFuture() : s.closeAsync().recover(err -> Future.succeededFuture());
      return closed.andThen(ar -> {
        if (l != null) {
          l.release();
        }
      });
    }
  }
}
