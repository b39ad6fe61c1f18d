package io.alphastream.gateway;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.gateway.protocol.ControlMessage;
import io.alphastream.gateway.protocol.ErrorKind;
import io.alphastream.gateway.protocol.Messages;
import io.alphastream.gateway.protocol.StreamInfo;
import io.alphastream.gateway.protocol.SubscribeQuery;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

/**
 * One WebSocket subscription, with its own clock: frame {@code start + n} is due at
 * {@code t0 + n / fps} (measured from the last seek, resume or rate change), so timer jitter never
 * accumulates into drift. At each due time it sends the current frame, or drops it when the socket's
 * write queue is full (latest wins: the next send is whatever is due then). A subscriber whose queue stays
 * full past the stall limit is closed.
 *
 * <p>Event-loop confined: created, driven and closed on its gateway verticle's context.
 */
final class Subscriber {
  private static final double NANOS = 1e9;

  private final Pusher pusher;
  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final StreamEntry stream;
  private final StreamInfo info;
  private final long stallTimeoutNanos;
  private final long writeQueueMaxBytes;
  private final int maxControlBytes;
  private final int prefetch;
  private final MemoryBudget budget;
  private final ControlAssembler control;
  private final Runnable abort; // closes the TCP connection at once; null when Vert.x does not let us

  private EncodeGroup group;
  private double fps;
  private boolean paused;
  private long anchorNanos;
  private int anchorFrame;
  private long lastTick = -1; // ticks since the anchor that have been handled
  private int resumeFrame;
  private long timerId = -1;
  private int generation; // bumped by seek, size and pause: completions of older requests are discarded
  private int inFlightGeneration = -1; // the generation whose frame is being fetched, -1 = none
  private long stalledSince = -1;
  private boolean closed;

  // counters, read through stats()
  private long sent;
  private long sentBytes;
  private long droppedQueueFull;
  private long droppedLate;
  private long pendingWriteBytes;
  private long maxPendingWriteBytes;

  Subscriber(Pusher pusher, Vertx vertx, ServerWebSocket ws, StreamEntry stream, SubscribeQuery query,
      GatewayOptions options, Runnable abort) {
    this.pusher = pusher;
    this.abort = abort;
    this.vertx = vertx;
    this.ws = ws;
    this.stream = stream;
    this.info = stream.info;
    this.fps = query.fps();
    this.anchorFrame = query.start();
    this.stallTimeoutNanos = options.getStallTimeoutMs() * 1_000_000L;
    this.writeQueueMaxBytes = options.getWriteQueueMaxBytes();
    this.maxControlBytes = options.getMaxControlMessageBytes();
    this.prefetch = options.getPrefetchFrames();
    this.budget = pusher.budget();
    this.control = new ControlAssembler(maxControlBytes);
  }

  ServerWebSocket socket() {
    return ws;
  }

  /** The stream entry this subscription was admitted to (a replaced entry keeps its own subscribers). */
  StreamEntry stream() {
    return stream;
  }

  EncodeGroup group() {
    return group;
  }

  void start(EncodeGroup group, SubscribeQuery query) {
    this.group = group;
    ws.writeTextMessage(Messages.hello(info, query, pusher.nodeId()).encode());
    anchor(query.start());
    tick();
  }

  // ---- clock --------------------------------------------------------------------------------------

  private void anchor(int frame) {
    anchorFrame = frame;
    anchorNanos = System.nanoTime();
    lastTick = -1;
  }

  private int frameAt(long tick) {
    return (int) ((anchorFrame + tick) % info.frames());
  }

  private long tickAt(long now) {
    return (long) Math.floor((now - anchorNanos) * fps / NANOS);
  }

  private void schedule(long tick) {
    long due = anchorNanos + (long) Math.ceil(tick * NANOS / fps);
    long delayMs = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
    timerId = vertx.setTimer(delayMs, id -> {
      timerId = -1;
      tick();
    });
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  private void tick() {
    if (closed || paused || ws.isClosed()) { // a closing socket: its close handler detaches us
      return;
    }
    long now = System.nanoTime();
    long k = tickAt(now);
    if (k <= lastTick) { // the timer fired a little early: wait for the due time
      schedule(lastTick + 1);
      return;
    }
    if (lastTick >= 0 && k > lastTick + 1) {
      dropLate(k - lastTick - 1); // this loop was too busy to run the ticks in between
    }
    lastTick = k;
    int frame = frameAt(k);
    if (inFlightGeneration == generation) {
      dropLate(1); // the previous frame is still being fetched: skip this one rather than queue it
    } else if (queueFull()) {
      dropQueueFull(1);
      if (stalledSince < 0) {
        stalledSince = now;
      } else if (now - stalledSince > stallTimeoutNanos) {
        closeStalled();
        return;
      }
      schedule(k + 1); // no prefetch: a client that does not read would only make the group encode for nothing
      return;
    } else {
      stalledSince = -1;
      send(frame);
    }
    for (int i = 1; i <= prefetch; i++) {
      group.prefetch(frameAt(k + i));
    }
    schedule(k + 1);
  }

  private void send(int frame) {
    int gen = generation;
    inFlightGeneration = gen;
    group.message(frame).onComplete(ar -> {
      if (inFlightGeneration == gen) {
        inFlightGeneration = -1;
      }
      if (closed || gen != generation) {
        return;
      }
      if (ar.failed()) {
        if (ar.cause() instanceof AlphaStreamException a && a.code() == ErrorCode.NOT_READY) {
          dropLate(1); // the engine is saturated right now: a late frame, not a stream error
        } else if (ar.cause() instanceof EncodeGroup.OverBudgetException) {
          stream.meters.droppedOverBudget.increment(); // no room in the memory budget: a dropped frame
        } else {
          sendError(ar.cause(), frame);
        }
      } else {
        write(ar.result());
      }
    });
  }

  private void write(Buffer message) {
    if (ws.isClosed()) {
      return;
    }
    if (queueFull()) {
      dropQueueFull(1);
      return;
    }
    int len = message.length();
    pendingWriteBytes += len;
    maxPendingWriteBytes = Math.max(maxPendingWriteBytes, pendingWriteBytes);
    sent++;
    sentBytes += len;
    stream.meters.pushed.increment();
    stream.meters.pushedBytes.increment(len);
    budget.add(len);
    // One final binary frame whatever its size (writeBinaryMessage would fragment at maxFrameSize). The write
    // completes when the OS took the bytes, and fails when the connection closes first: either way they are gone.
    ws.write(message).onComplete(ar -> {
      pendingWriteBytes -= len;
      budget.release(len);
    });
  }

  /**
   * Whether this socket's queue is at its byte bound. Counted here, from write to write completion (the
   * bytes reached the OS), because Vert.x reports {@code writeQueueFull()} only once its own message queue
   * in front of the channel also holds many messages, which for large masks is many megabytes.
   */
  private boolean queueFull() {
    return pendingWriteBytes >= writeQueueMaxBytes || ws.writeQueueFull();
  }

  private void dropLate(long n) {
    droppedLate += n;
    stream.meters.droppedLate.increment(n);
  }

  private void dropQueueFull(long n) {
    droppedQueueFull += n;
    stream.meters.droppedQueueFull.increment(n);
  }

  // ---- control messages ---------------------------------------------------------------------------

  /** A WebSocket frame from the client; complete messages go on to {@link #onText} / {@link #onBinary}. */
  void onFrame(WebSocketFrame frame) {
    if (closed) {
      return;
    }
    ControlAssembler.Message m = control.add(frame);
    if (m == null) {
      return;
    }
    if (m.tooLarge()) {
      sendText(Messages.error(ErrorKind.BAD_CONTROL, "control message larger than " + maxControlBytes + " bytes", false));
    } else if (m.binary()) {
      onBinary();
    } else {
      onText(m.text());
    }
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    ControlMessage msg;
    try {
      msg = ControlMessage.parse(text, info, pusher.limits());
    } catch (AlphaStreamException e) {
      sendText(Messages.error(ErrorKind.BAD_CONTROL, e.getMessage(), false));
      return;
    }
    if (msg instanceof ControlMessage.Seek s) {
      seek(s.frame());
    } else if (msg instanceof ControlMessage.Rate r) {
      rate(r.fps());
    } else if (msg instanceof ControlMessage.Pause) {
      pause();
    } else if (msg instanceof ControlMessage.Resume) {
      resume();
    } else if (msg instanceof ControlMessage.Size z) {
      resize(z.width(), z.height());
    }
  }

  private void onBinary() {
    if (!closed) {
      sendText(Messages.error(ErrorKind.BAD_CONTROL, "binary messages are not accepted; send JSON text", false));
    }
  }

  /** The frame the clock would send next. */
  private int nextFrame() {
    return paused ? resumeFrame : frameAt(lastTick + 1);
  }

  private void seek(int frame) {
    generation++;
    cancelTimer();
    if (paused) {
      resumeFrame = (frame + 1) % info.frames();
      sendState(frame);
      if (!ws.isClosed() && !queueFull()) {
        send(frame); // a still of the new position, as a paused player shows after a seek
      }
      return;
    }
    anchor(frame);
    sendState(frame);
    tick();
  }

  private void rate(double newFps) {
    cancelTimer();
    int next = nextFrame();
    fps = newFps;
    sendState(next);
    if (!paused) {
      anchor(next);
      tick();
    }
  }

  private void pause() {
    if (paused) {
      sendState(resumeFrame);
      return;
    }
    generation++;
    resumeFrame = nextFrame();
    paused = true;
    cancelTimer();
    sendState(resumeFrame);
  }

  private void resume() {
    if (!paused) {
      sendState(nextFrame());
      return;
    }
    paused = false;
    anchor(resumeFrame);
    sendState(resumeFrame);
    tick();
  }

  private void resize(int width, int height) {
    generation++;
    group = pusher.regroup(this, width, height);
    sendState(nextFrame());
  }

  private void sendState(int frame) {
    sendText(Messages.state(frame, fps, paused, group.key().width(), group.key().height()));
  }

  private void sendText(JsonObject msg) {
    ws.writeTextMessage(msg.encode());
  }

  private void sendError(Throwable err, int frame) {
    String message = err instanceof AlphaStreamException a ? a.getMessage() : "frame " + frame + ": " + err;
    sendText(Messages.error(ErrorKind.STREAM_ERROR, message, false).put("frame", frame));
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  private void closeStalled() {
    stream.meters.stalledCloses.increment();
    fail(ErrorKind.STALLED, "the client did not read its frames for more than " + stallTimeoutNanos / 1_000_000 + " ms",
        (short) 1008);
  }

  /** Sends a fatal error and closes, as {@link #close}. */
  void fail(ErrorKind kind, String message, short code) {
    if (!closed) {
      sendText(Messages.error(kind, message, true));
      close(code, kind.wireName());
    }
  }

  /**
   * Closes the socket with {@code code} and detaches; idempotent. A client whose queue is full cannot take a
   * close frame either (it would wait behind the unread frames, holding them): its connection is closed at
   * once instead, which frees the queued messages now. Closing it this way rather than with a close frame
   * also keeps Vert.x from completing the close twice (its closing timeout would otherwise fire after the
   * connection is gone and log "promise already done").
   */
  void close(short code, String reason) {
    if (closed) {
      return;
    }
    boolean abort = queueFull() && this.abort != null;
    detach();
    if (abort) {
      this.abort.run();
    } else {
      ws.close(code, reason).onFailure(err -> { /* already closed by the peer: nothing left to release */ });
    }
  }

  /** Bytes written to this socket that the OS has not taken yet. */
  long pendingWriteBytes() {
    return pendingWriteBytes;
  }

  /** When its queue became full ({@link System#nanoTime()}), or -1 while it is not full. */
  long stalledSince() {
    return stalledSince;
  }

  /** The socket closed (either side): stop the clock and leave the group. Idempotent. */
  void detach() {
    if (closed) {
      return;
    }
    closed = true;
    cancelTimer();
    stream.meters.writeQueuePeak.record(maxPendingWriteBytes);
    pusher.remove(this);
  }

  /** Snapshot of this subscriber's counters. */
  SubscriberStats stats() {
    return new SubscriberStats(info.id(), group.key().width(), group.key().height(), group.key().encoding().wireName(),
        fps, paused, sent, sentBytes, droppedQueueFull, droppedLate, pendingWriteBytes, maxPendingWriteBytes);
  }
}
