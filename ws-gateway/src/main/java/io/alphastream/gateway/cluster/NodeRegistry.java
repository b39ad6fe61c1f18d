package io.alphastream.gateway.cluster;

import io.alphastream.gateway.NodeServices.NodeView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live nodes of the cluster: every node writes a heartbeat entry with a time to live into one
 * cluster-wide map every {@link #HEARTBEAT_MS} ms ({@code {"id","http","startedAt","subscribers","owns",
 * "unresolved"}}) and reads everyone's back. A node that dies stops writing and its entry expires after
 * {@link #TTL_MS} ms; entries of members Hazelcast has already removed are ignored at once. Nothing is a
 * counter that a crash could leave behind.
 */
final class NodeRegistry {
  static final String MAP = "alphastream.nodes";
  static final long HEARTBEAT_MS = 1000;
  /** A dead node's entry (and its subscriber counts) lasts at most this long. */
  static final long TTL_MS = 4000;

  private final Vertx vertx;
  private final AsyncMap<String, String> map;
  private final String nodeId;
  private final Supplier<Set<String>> members;
  private final Supplier<List<String>> owns;
  private volatile NodeView view;
  /** The other live nodes' last entries, by node id. */
  private volatile Map<String, JsonObject> others = Map.of();
  private volatile boolean closed;
  private long timer = -1;

  private NodeRegistry(Vertx vertx, AsyncMap<String, String> map, String nodeId, Supplier<Set<String>> members,
      Supplier<List<String>> owns) {
    this.vertx = vertx;
    this.map = map;
    this.nodeId = nodeId;
    this.members = members;
    this.owns = owns;
  }

  /**
   * {@code members}: the ids of the nodes Hazelcast counts as members now; {@code owns}: the streams this
   * node reads for the others.
   */
  static Future<NodeRegistry> open(Vertx vertx, String nodeId, Supplier<Set<String>> members, Supplier<List<String>> owns) {
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
        .map(m -> new NodeRegistry(vertx, m, nodeId, members, owns));
  }

  /** Starts the heartbeats of the node described by {@code node}. */
  void start(NodeView node) {
    this.view = node;
    beat();
  }

  private void beat() {
    if (closed) {
      return;
    }
    map.put(nodeId, self().encode(), TTL_MS)
        .compose(v -> map.entries())
        .onSuccess(this::remember)
        .onComplete(ar -> { // a failed beat (a member leaving) is simply the next one's job
          synchronized (this) {
            if (!closed) {
              timer = vertx.setTimer(HEARTBEAT_MS, id -> beat());
            }
          }
        });
  }

  private JsonObject self() {
    NodeView v = view;
    JsonObject subs = new JsonObject();
    v.subscribers().forEach(subs::put);
    return new JsonObject().put("id", nodeId).put("http", v.httpUrl()).put("startedAt", v.startedAtMs())
        .put("subscribers", subs).put("owns", new JsonArray(List.copyOf(owns.get())))
        .put("unresolved", new JsonArray(List.copyOf(v.unresolved())));
  }

  private void remember(Map<String, String> entries) {
    Set<String> live = new HashSet<>(members.get());
    Map<String, JsonObject> m = new HashMap<>();
    entries.forEach((id, json) -> {
      if (!id.equals(nodeId) && live.contains(id)) {
        m.put(id, new JsonObject(json));
      }
    });
    others = Map.copyOf(m);
  }

  /** Subscribers of {@code stream} on the other live nodes, as last heard. */
  int subscribersElsewhere(String stream) {
    Set<String> live = members.get();
    int n = 0;
    for (Map.Entry<String, JsonObject> e : others.entrySet()) {
      if (live.contains(e.getKey())) {
        JsonObject subs = e.getValue().getJsonObject("subscribers");
        n += subs == null ? 0 : subs.getInteger(stream, 0);
      }
    }
    return n;
  }

  /** Every live node, this one with its state of now, ordered by id. */
  Future<JsonObject> view() {
    return map.entries().map(entries -> {
      remember(entries); // what /cluster shows is what the limit counts from now on
      Set<String> live = new HashSet<>(members.get());
      long now = System.currentTimeMillis();
      List<JsonObject> nodes = new ArrayList<>();
      entries.forEach((id, json) -> {
        if (!id.equals(nodeId) && live.contains(id)) {
          nodes.add(describe(new JsonObject(json), now));
        }
      });
      if (view != null) {
        nodes.add(describe(self(), now));
      }
      nodes.sort(Comparator.comparing(n -> n.getString("id")));
      return new JsonObject().put("nodes", new JsonArray(new ArrayList<>(nodes)));
    });
  }

  private static JsonObject describe(JsonObject beat, long now) {
    return new JsonObject().put("id", beat.getString("id")).put("http", beat.getString("http"))
        .put("uptimeMs", Math.max(0, now - beat.getLong("startedAt", now)))
        .put("subscribers", beat.getJsonObject("subscribers", new JsonObject()))
        .put("owns", beat.getJsonArray("owns", new JsonArray()))
        .put("unresolved", beat.getJsonArray("unresolved", new JsonArray()));
  }

  /** Stops the heartbeats and removes this node's entry. */
  Future<Void> close() {
    synchronized (this) {
      closed = true;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    }
    return map.remove(nodeId).<Void>mapEmpty().recover(err -> Future.succeededFuture());
  }
}
