package io.alphastream.gateway;

import io.alphastream.gateway.encode.Encoding;
import io.alphastream.gateway.encode.FrameEncoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The subscribers of one (stream, width, height, encoding) on one event loop, and the frame messages they
 * share: each frame is fetched and encoded once for all of them (fan-out), then written to each socket.
 * A {@code poly} group only puts its header in front of the stream's shared, cached frame block.
 * Keeps the most recently requested messages, a few per member, bounded in entries and bytes. Every kept
 * message and every encode in flight counts against the gateway's {@link MemoryBudget}; an encode that does
 * not fit fails with {@link OverBudgetException} (a dropped frame, not a stream error).
 *
 * <p>Event-loop confined: every method runs on the owning gateway verticle's context, and every future it
 * returns completes there.
 */
final class EncodeGroup {
  /** Identity of a group. */
  record Key(String stream, int width, int height, Encoding encoding) {}

  private final Key key;
  private final StreamEntry stream;
  private final Context context;
  private final int minEntries;
  private final int entriesPerMember;
  private final long maxBytes;
  private final MemoryBudget budget;
  private final Set<Subscriber> members = new HashSet<>();
  // insertion order: the eldest request is evicted first
  private final LinkedHashMap<Integer, Future<Buffer>> messages = new LinkedHashMap<>();
  private long bytes;

  EncodeGroup(Key key, StreamEntry stream, Context context, int minEntries, int entriesPerMember, long maxBytes,
      MemoryBudget budget) {
    this.key = key;
    this.budget = budget;
    this.stream = stream;
    this.context = context;
    this.minEntries = minEntries;
    this.entriesPerMember = entriesPerMember;
    this.maxBytes = maxBytes;
  }

  Key key() {
    return key;
  }

  /** The stream entry whose frames this group encodes. */
  StreamEntry stream() {
    return stream;
  }

  void join(Subscriber s) {
    members.add(s);
  }

  /** Removes a member; returns true when the group is now empty (its owner drops it). */
  boolean leave(Subscriber s) {
    members.remove(s);
    if (members.isEmpty()) {
      messages.clear();
      account(-bytes);
      return true;
    }
    return false;
  }

  int size() {
    return members.size();
  }

  /** The message of {@code frame}: shared when already encoded or being encoded, else encoded now. */
  Future<Buffer> message(int frame) {
    return message(frame, true);
  }

  private Future<Buffer> message(int frame, boolean needed) {
    Future<Buffer> f = messages.get(frame);
    if (f != null) {
      return f;
    }
    long inFlight = key.encoding().encodeReserveBytes(key.width(), key.height());
    if (!budget.tryReserve(inFlight, needed)) {
      return Future.failedFuture(new OverBudgetException());
    }
    f = encode(frame, inFlight);
    messages.put(frame, f);
    evict();
    return f;
  }

  /** Starts encoding {@code frame} ahead of need; its failure is reported when it is requested. */
  void prefetch(int frame) {
    message(frame, false); // optional: when the budget is full it is skipped without shedding anyone
  }

  private Future<Buffer> encode(int frame, long inFlight) {
    stream.meters.encodes.increment();
    long t0 = System.nanoTime();
    int w = key.width();
    int h = key.height();
    Encoding enc = key.encoding();
    Future<Buffer> encoded = enc == Encoding.POLY ? polyMessage(frame, t0)
        : stream.source.mask(frame, w, h).compose(mask -> {
      long t1 = System.nanoTime();
      stream.meters.maskLatency.record(t1 - t0, TimeUnit.NANOSECONDS);
      return context.executeBlocking(() -> {
        Buffer msg = FrameEncoder.encode(enc, frame, mask.data(), w, h);
        stream.meters.encodeLatency.record(System.nanoTime() - t1, TimeUnit.NANOSECONDS);
        return msg;
      }, false);
    });
    // Back onto this event loop whatever thread completed the source's future.
    Promise<Buffer> onLoop = Promise.promise();
    encoded.onComplete(ar -> context.runOnContext(v -> {
      budget.release(inFlight);
      if (ar.succeeded()) {
        if (messages.get(frame) == onLoop.future()) {
          account(ar.result().length());
          evict();
        }
      } else {
        messages.remove(frame, onLoop.future()); // failures are not kept: the next request retries
      }
      onLoop.handle(ar);
    }));
    return onLoop.future();
  }

  /** The stored block behind a header: one block per frame for the whole stream, whatever the size. */
  private Future<Buffer> polyMessage(int frame, long t0) {
    return stream.source.block(frame).map(block -> {
      stream.meters.maskLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      return FrameEncoder.poly(frame, key.width(), key.height(), block);
    });
  }

  private void evict() {
    int maxEntries = Math.max(minEntries, members.size() * entriesPerMember);
    Iterator<Map.Entry<Integer, Future<Buffer>>> it = messages.entrySet().iterator();
    while (messages.size() > 1 && (messages.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
      Future<Buffer> f = it.next().getValue();
      if (f.succeeded()) {
        account(-f.result().length());
      }
      it.remove(); // an entry still encoding just leaves the map; whoever waits on it still gets it
    }
  }

  /** Changes the bytes this group keeps, and the budget's count with them. */
  private void account(long delta) {
    bytes += delta;
    budget.add(delta);
  }

  /** Bytes of the messages this group keeps now. */
  long bytes() {
    return bytes;
  }

  /** An encode refused because the gateway's memory budget is full. No stack trace: it is expected. */
  static final class OverBudgetException extends RuntimeException {
    OverBudgetException() {
      super("the gateway's memory budget is full", null, false, false);
    }
  }
}
