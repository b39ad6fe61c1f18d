package io.alphastream.gateway;

import io.alphastream.AlphaStreamException;
import io.alphastream.gateway.encode.Encoding;
import io.alphastream.gateway.protocol.ErrorKind;
import io.alphastream.gateway.protocol.Messages;
import io.alphastream.gateway.protocol.ProtocolLimits;
import io.alphastream.gateway.protocol.SubscribeQuery;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The push side of one gateway verticle: its subscribers and their encode groups. Admits a WebSocket
 * (stream, query, subscriber limit), then lets the {@link Subscriber}'s clock drive it.
 *
 * <p>Event-loop confined to the verticle's context; other threads read it through
 * {@link GatewayVerticle#subscriberStats()}.
 */
final class Pusher {
  /** Bytes of encoded messages one group keeps for its members to share. */
  static final long GROUP_MAX_BYTES = 64L << 20;
  /** How often the memory budget is checked for subscribers to shed. */
  static final long BUDGET_CHECK_MS = 100;

  private final Vertx vertx;
  private final Context context;
  private final StreamTable streams;
  private final NodeServices node;
  private final GatewayOptions options;
  private final ProtocolLimits limits;
  private final Map<EncodeGroup.Key, EncodeGroup> groups = new HashMap<>();
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  private final long pingTimer;
  private final long budgetTimer;
  private final MemoryBudget budget;
  private final GatewayMetrics.BudgetMeters budgetMeters;
  private boolean closed;

  Pusher(Vertx vertx, Context context, StreamTable streams, NodeServices node, GatewayOptions options,
      MemoryBudget budget, GatewayMetrics.BudgetMeters budgetMeters) {
    this.node = node;
    this.vertx = vertx;
    this.budget = budget;
    this.budgetMeters = budgetMeters;
    this.context = context;
    this.streams = streams;
    this.options = options;
    this.limits = options.limits();
    // Pings make live clients answer (pong), so only dead or stalled peers hit the read-idle timeout.
    long pingMs = Math.max(1000, options.getIdleTimeoutSeconds() * 1000L / 3);
    this.pingTimer = vertx.setPeriodic(pingMs, id -> ping());
    this.budgetTimer = vertx.setPeriodic(BUDGET_CHECK_MS, id -> shed());
  }

  ProtocolLimits limits() {
    return limits;
  }

  /** The id of this gateway node (in every hello). */
  String nodeId() {
    return node.nodeId();
  }

  MemoryBudget budget() {
    return budget;
  }

  /**
   * Takes over an upgraded WebSocket of {@code /ws/streams/{streamId}}; {@code abort} closes its TCP
   * connection at once (see {@link ConnectionAbort}), or is null.
   */
  void accept(ServerWebSocket ws, String streamId, MultiMap params, Runnable abort) {
    if (closed) {
      fatal(ws, ErrorKind.GOING_AWAY, "the gateway is shutting down", (short) 1001);
      return;
    }
    StreamEntry stream = streams.get(streamId);
    if (stream == null) {
      fatal(ws, ErrorKind.UNKNOWN_STREAM, "no stream \"" + streamId + "\"", (short) 1008);
      return;
    }
    if (stream.unresolved()) { // this node lacks the secret; another node (or a later try) may have it
      fatal(ws, ErrorKind.STREAM_UNRESOLVED, stream.toJson().getString("error"), (short) 1013);
      return;
    }
    if (!stream.serving()) { // not open (opening, retrying or failed): the client tries again later (1013)
      JsonObject st = stream.toJson();
      fatal(ws, ErrorKind.STREAM_UNAVAILABLE, "stream \"" + streamId + "\" is " + st.getString("state")
          + (st.containsKey("error") ? ": " + st.getString("error") : ""), (short) 1013);
      return;
    }
    SubscribeQuery query;
    try {
      query = SubscribeQuery.parse(params::getAll, stream.info, limits);
    } catch (AlphaStreamException e) {
      fatal(ws, ErrorKind.BAD_QUERY, e.getMessage(), (short) 1008);
      return;
    }
    // room for at least the first message of its size; the encodes then reserve their own bytes
    long firstMessage = query.encoding().messageBytes(query.width(), query.height());
    if (!budget.admits(firstMessage)) {
      // no shedding for a newcomer: else each refused connection would evict a stalled one, and a client
      // reconnecting in a loop would keep the gateway encoding and discarding frames at full speed
      budgetMeters.refused.increment();
      fatal(ws, ErrorKind.OVERLOADED, "the gateway is at its memory budget; try again later", (short) 1008);
      return;
    }
    // the limit counts this node's subscribers and, in a cluster, those of the other nodes as last heard
    int elsewhere = Math.max(0, node.subscribersElsewhere(streamId));
    if (!stream.reserve(options.getMaxSubscribersPerStream() - elsewhere)) {
      fatal(ws, ErrorKind.LIMIT, "stream \"" + streamId + "\" has its maximum of "
          + options.getMaxSubscribersPerStream() + " subscribers" + (elsewhere > 0 ? " (" + elsewhere
          + " of them on other nodes)" : ""), (short) 1008);
      return;
    }
    ws.setWriteQueueMaxSize(options.getWriteQueueMaxBytes());
    Subscriber s = new Subscriber(this, vertx, ws, stream, query, options, abort);
    subscribers.add(s);
    ws.frameHandler(s::onFrame);
    ws.exceptionHandler(err -> { /* I/O failures also close the socket, and the close handler detaches */ });
    ws.closeHandler(v -> s.detach());
    s.start(join(s, stream, query.width(), query.height(), query.encoding()), query);
  }

  private EncodeGroup join(Subscriber s, StreamEntry stream, int w, int h, Encoding encoding) {
    EncodeGroup.Key key = new EncodeGroup.Key(stream.info.id(), w, h, encoding);
    EncodeGroup g = groups.get(key);
    if (g == null || g.stream() != stream) { // none yet, or the group of a replaced entry, whose members are leaving
      g = new EncodeGroup(key, stream, context, options.getEncodedFramesPerGroup(), options.getPrefetchFrames() + 2,
          GROUP_MAX_BYTES, budget);
      groups.put(key, g);
    }
    g.join(s);
    return g;
  }

  private void leave(Subscriber s, EncodeGroup g) {
    if (g != null && g.leave(s)) {
      groups.remove(g.key(), g);
    }
  }

  /** Moves {@code s} to the group of a new size; returns the new group. */
  EncodeGroup regroup(Subscriber s, int width, int height) {
    EncodeGroup old = s.group();
    EncodeGroup.Key k = old.key();
    if (k.width() == width && k.height() == height) {
      return old;
    }
    EncodeGroup g = join(s, s.stream(), width, height, k.encoding());
    leave(s, old);
    return g;
  }

  /** Called once by a subscriber that stopped. */
  void remove(Subscriber s) {
    if (subscribers.remove(s)) {
      s.stream().release();
      leave(s, s.group());
    }
  }

  /**
   * Closes this loop's subscribers of {@code stream} with a fatal error: {@code stream_changed} (1012) when its
   * origin or catalog entry changed (they reconnect to the new version), {@code stream_removed} (1008) when it
   * left the catalog.
   */
  void closeSubscribers(StreamEntry stream, ErrorKind kind, String message, short code) {
    for (Subscriber s : new ArrayList<>(subscribers)) {
      if (s.stream() == stream) {
        s.socket().writeTextMessage(Messages.error(kind, message, true).encode());
        s.close(code, kind.wireName());
      }
    }
  }

  private static void fatal(ServerWebSocket ws, ErrorKind kind, String message, short code) {
    ws.writeTextMessage(Messages.error(kind, message, true).encode());
    ws.close(code, kind.wireName());
  }

  /**
   * Over the budget (or after a due frame's encode did not fit), closes this loop's slowest subscribers
   * with
   * {@code overloaded} until what they free brings the count back under the limit: those whose queue has
   * been full the longest first, then those with the most bytes waiting. Subscribers that keep up (nothing
   * waiting for the OS) are never shed: without slow ones, encodes that do not fit are dropped frames.
   */
  private void shed() {
    budget.refreshCaches();
    long pressure = budget.takePressure();
    long excess = budget.used() + pressure - budget.limit(); // room to make: back under, and the refused encode
    if (excess <= 0) {
      return;
    }
    List<Subscriber> slow = new ArrayList<>();
    for (Subscriber s : subscribers) {
      if (s.pendingWriteBytes() > 0) {
        slow.add(s);
      }
    }
    slow.sort(Comparator.comparingLong((Subscriber s) -> s.stalledSince() < 0 ? Long.MAX_VALUE : s.stalledSince())
        .thenComparing(Comparator.comparingLong(Subscriber::pendingWriteBytes).reversed()));
    long freed = 0;
    for (Subscriber s : slow) {
      if (freed >= excess) {
        break;
      }
      freed += s.pendingWriteBytes() + (s.group().size() == 1 ? s.group().bytes() : 0);
      budgetMeters.dropped.increment();
      s.fail(ErrorKind.OVERLOADED, "the gateway is at its memory budget and this client reads too slowly", (short) 1008);
    }
  }

  private void ping() {
    for (Subscriber s : subscribers) {
      if (!s.socket().isClosed()) {
        s.socket().writePing(Buffer.buffer()).onFailure(err -> { /* closing anyway: the close handler detaches */ });
      }
    }
  }

  List<SubscriberStats> stats() {
    List<SubscriberStats> out = new ArrayList<>();
    subscribers.forEach(s -> out.add(s.stats()));
    return out;
  }

  /** Closes every subscriber with 1001 (going away). */
  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(budgetTimer);
    for (Subscriber s : new ArrayList<>(subscribers)) {
      s.fail(ErrorKind.GOING_AWAY, "the gateway is shutting down", (short) 1001);
    }
    return Future.succeededFuture();
  }
}
