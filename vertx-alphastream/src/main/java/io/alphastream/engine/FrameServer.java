package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.format.Polygons;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.IntFunction;

/**
 * Serves one open stream at an event-bus address to any node of the cluster (and any application on this
 * one): {@link StreamRequest}s are answered with {@link StreamInfo}, {@link ServedFrame} or
 * {@link ServedBlock}, failures with an {@link EngineFailure}; a plain {@code Integer} frame index (the
 * standalone {@link ReaderVerticle}'s protocol) with a {@link DecodedFrame}. Frames and blocks come from the
 * functions it is given, which the facade points at its caches: however many nodes ask for a frame, the
 * origin is read once. Its consumer is a clustered one ({@code eventBus().consumer}) registered on the
 * stream's event loop.
 */
public final class FrameServer {
  private final StreamInfo info;
  private final IntFunction<Future<Polygons>> polygons;
  private final IntFunction<Future<Buffer>> blocks;
  private MessageConsumer<Object> consumer;

  private FrameServer(StreamInfo info, IntFunction<Future<Polygons>> polygons, IntFunction<Future<Buffer>> blocks) {
    this.info = info;
    this.polygons = polygons;
    this.blocks = blocks;
  }

  /**
   * Registers the consumer at {@code address} on {@code context}; completes once the registration has
   * reached the cluster. {@code polygons} and {@code blocks} are called on that context.
   */
  public static Future<FrameServer> start(Vertx vertx, Context context, String address, StreamInfo info,
      IntFunction<Future<Polygons>> polygons, IntFunction<Future<Buffer>> blocks) {
    FrameServer server = new FrameServer(info, polygons, blocks);
    Promise<Void> registered = Promise.promise();
    context.runOnContext(v -> {
      server.consumer = vertx.eventBus().consumer(address, server::handle);
      server.consumer.completion().onComplete(registered);
    });
    return registered.future().map(server);
  }

  /** Unregisters: from now on requests go to another server at the address, or get no answer. */
  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void handle(Message<Object> msg) {
    Object body;
    try {
      body = msg.body(); // a message from another node is decoded here: a malformed one fails typed
    } catch (RuntimeException e) {
      ReplyErrors.fail(msg, e);
      return;
    }
    if (body instanceof Integer frame) {
      serve(msg, frame, polygons, p -> new DecodedFrame(frame, p));
      return;
    }
    if (!(body instanceof StreamRequest r)) {
      ReplyErrors.fail(msg, new InvalidArgumentException(
          "a stream serves StreamRequest or Integer messages, not " + (body == null ? "null" : body.getClass().getSimpleName())));
      return;
    }
    if (r.kind() != StreamRequest.Kind.INFO && r.sourceVersion() != info.sourceVersion()) {
      ReplyErrors.fail(msg, new TransportException(TransportException.Kind.CHANGED, false, info.locator()
          + ": this server serves source version " + Long.toHexString(info.sourceVersion()) + ", not "
          + Long.toHexString(r.sourceVersion()) + "; reopen the stream", null));
      return;
    }
    switch (r.kind()) {
      case INFO -> msg.reply(info);
      case POLYGONS -> serve(msg, r.frame(), polygons, p -> new ServedFrame(r.frame(), info.sourceVersion(), p));
      case BLOCK -> serve(msg, r.frame(), blocks, b -> new ServedBlock(r.frame(), info.sourceVersion(), b));
      default -> ReplyErrors.fail(msg, new InvalidArgumentException("unknown stream request " + r.kind()));
    }
  }

  private <T> void serve(Message<Object> msg, int frame, IntFunction<Future<T>> load,
      java.util.function.Function<T, Object> reply) {
    if (frame < 0 || frame >= info.frameCount()) {
      ReplyErrors.fail(msg, InvalidArgumentException.frame(frame, info.frameCount()));
      return;
    }
    Future<T> f;
    try {
      f = load.apply(frame);
    } catch (AlphaStreamException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(reply.apply(ar.result()));
      } else {
        ReplyErrors.fail(msg, ar.cause());
      }
    });
  }
}
