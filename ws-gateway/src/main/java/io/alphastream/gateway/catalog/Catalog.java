package io.alphastream.gateway.catalog;

import io.alphastream.gateway.StreamOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.List;

/**
 * The set of streams a gateway serves. On one node it lives in memory; in a cluster it is one cluster-wide
 * map, so every node serves the same streams. Entries hold passphrase <em>references</em> (an environment
 * variable name, or a file name in the node's secrets directory), never a passphrase: each node resolves
 * them itself.
 *
 * <p>Admin requests ({@code PUT/DELETE /admin/streams/{id}}) and {@code --stream} flags write it; every
 * node's gateway reads it and opens or closes its streams to match.
 */
public interface Catalog {

  /** Every stream, ordered by id. */
  Future<List<StreamOptions>> list();

  /** Adds stream {@code stream.getId()}, or replaces it (its subscribers then reconnect to the new one). */
  Future<Void> put(StreamOptions stream);

  /**
   * Adds stream {@code stream.getId()} unless the catalog has that id already (then it is left as it is):
   * how {@code --stream} flags seed the catalog, so a node joining a cluster never overwrites what an
   * admin changed. True if added. The default reads then writes; implementations that can do it in one
   * atomic step (a cluster-wide map's putIfAbsent) should.
   */
  default Future<Boolean> putIfAbsent(StreamOptions stream) {
    return list().compose(all -> all.stream().anyMatch(s -> s.getId().equals(stream.getId()))
        ? Future.succeededFuture(false) : put(stream).map(true));
  }

  /** Removes stream {@code id}; true if it was there. Its subscribers on every node are closed. */
  Future<Boolean> remove(String id);

  /**
   * Calls {@code handler} (on any thread) whenever the catalog may have changed, here or on another node;
   * the gateway then reads {@link #list()} again. Spurious calls are allowed, missed changes are not (a
   * clustered catalog also re-reads periodically, so a lost notification only delays a change).
   */
  void onChange(Handler<Void> handler);

  /** Stops notifications. */
  Future<Void> close();
}
