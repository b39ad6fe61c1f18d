package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.ErrorCode;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The reader of a <em>remote</em> stream: it opens no source, but asks the stream served at an event-bus
 * address ({@link FrameServer}, usually on another node) for its {@link StreamInfo}, then for decoded
 * polygons and plain blocks, and rasterizes on its own {@link DecodeVerticle} workers. The facade caches
 * what it returns exactly as it caches a local reader's frames.
 *
 * <p><b>Failover.</b> A request nobody answers (no consumer at the address, a server that is closing, or
 * no reply within an attempt) is sent again, with a short growing pause, until
 * {@code remoteRequestTimeoutMs} has passed (for the info at open: {@code openTimeoutMs}); then it fails
 * with a {@link TransportException}: kind {@code CONNECTION} ("no stream answers at event-bus address
 * ...") if nobody took it, {@code TIMEOUT} if a server took it but did not answer. Whoever registers at
 * the address in the meantime answers: a new server after a node died continues the same stream, no
 * reopen. Failures the server reports (bad frame, corrupt block, origin errors) come back as the same
 * typed exceptions a local reader raises.
 *
 * <p><b>Never a wrong frame.</b> Every reply must be for the frame asked (else that request fails) and carry
 * the source version the stream opened with; a server of another version fails the stream for good with
 * kind {@code CHANGED}, so the caller reopens it.
 */
public final class RemoteReaderVerticle extends VerticleBase implements FrameReader {
  /** First pause before asking again; it doubles up to {@link #MAX_RETRY_MS}. */
  static final long FIRST_RETRY_MS = 20;
  static final long MAX_RETRY_MS = 250;
  /** Shortest deadline of one attempt: below it a busy server's reply would be taken for silence. */
  static final long MIN_ATTEMPT_MS = 250;

  private final AlphaStreamOptions options;
  private final String remote;
  private final String streamId = UUID.randomUUID().toString();
  private final DecodeGate gate = new DecodeGate();
  private InflightLimit requests;
  private InflightLimit work;
  private DeliveryOptions delivery;
  private String workersDeployment;
  private volatile StreamInfo info;
  private volatile AlphaStreamException changed;
  private boolean stopped;
  private long failures;
  private volatile ReaderStats stats = new ReaderStats(0, 0, 0, 0, 0, 0, 0);

  /** A reader of the stream at {@code options.getRemoteAddress()}; options are copied. */
  public RemoteReaderVerticle(AlphaStreamOptions options) {
    this.options = new AlphaStreamOptions(options);
    this.remote = options.getRemoteAddress();
    if (remote == null) {
      throw new IllegalArgumentException("a remote reader needs options.remoteAddress");
    }
  }

  @Override
  public Future<?> start() {
    requests = new InflightLimit("remote requests", options.getMaxInflightReads(), options.getMaxQueuedLoads());
    work = new InflightLimit("decode workers", options.getMaxInflightDecodes(), options.getMaxQueuedLoads());
    delivery = new DeliveryOptions().setSendTimeout(options.getDecodeTimeoutMs());
    // a little under openTimeoutMs, so that start(), which waits that long, reports why
    long open = options.getOpenTimeoutMs();
    return ask(StreamRequest.info(), StreamInfo.class, Math.max(1, open - Math.min(250, open / 10)), open)
        .recover(err -> Future.failedFuture(ReplyErrors.toException(err, locator(), 0)))
        .compose(i -> {
          info = i;
          return vertx.deployVerticle(DecodeVerticle.factory(streamId, null, gate, options.getCloseTimeoutMs()),
              DecodeVerticle.deploymentOptions(options.getWorkers()));
        })
        .map(id -> {
          workersDeployment = id;
          return null;
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    failWaiters();
    return workersDeployment != null && vertx.deploymentIDs().contains(workersDeployment)
        ? vertx.undeploy(workersDeployment).recover(err -> Future.succeededFuture())
        : Future.succeededFuture();
  }

  @Override
  public void beginClose() {
    gate.shut();
    if (context == null || requests == null) {
      return;
    }
    if (Vertx.currentContext() == context) {
      stopped = true;
      failWaiters();
    } else {
      context.runOnContext(v -> {
        stopped = true;
        failWaiters();
      });
    }
  }

  private void failWaiters() {
    StreamClosedException closed = new StreamClosedException(locator());
    requests.failWaiters(closed);
    work.failWaiters(closed);
  }

  @Override
  public Context context() {
    return context;
  }

  /** The served stream's locator (as the server reports it), or the remote address before open. */
  @Override
  public String locator() {
    StreamInfo i = info;
    return i == null ? "event-bus address " + remote : i.locator();
  }

  @Override
  public int frameCount() {
    return info.frameCount();
  }

  @Override
  public long sourceVersion() {
    return info.sourceVersion();
  }

  /** The event-bus address this reader asks. */
  public String remoteAddress() {
    return remote;
  }

  @Override
  public ReaderStats stats() {
    return stats;
  }

  @Override
  public Future<Polygons> load(int frame) {
    return checkFrame(frame).compose(v -> onContext(() -> fetch(StreamRequest.polygons(frame, info.sourceVersion()), ServedFrame.class)
        .map(f -> checked(frame, f.frame(), f.sourceVersion(), f.polygons()))
        .recover(err -> failed(err, frame))));
  }

  @Override
  public Future<byte[]> block(int frame) {
    return checkFrame(frame).compose(v -> onContext(() -> fetch(StreamRequest.block(frame, info.sourceVersion()), ServedBlock.class)
        .map(b -> checked(frame, b.frame(), b.sourceVersion(), b.block()).getBytes())
        .recover(err -> failed(err, frame))));
  }

  @Override
  public Future<Mask> rasterize(int frame, Polygons polygons, int width, int height) {
    if (info == null) {
      return Future.failedFuture(new InvalidArgumentException("stream not started"));
    }
    return onContext(() -> {
      if (closing()) {
        return Future.<Mask>failedFuture(new StreamClosedException(locator()));
      }
      return work.acquire()
          .compose(v -> {
            publish();
            if (!gate.enter()) {
              work.release();
              return Future.<Message<RasterizedFrame>>failedFuture(new StreamClosedException(locator()));
            }
            return vertx.eventBus().<RasterizedFrame>request(DecodeVerticle.rasterAddress(streamId),
                    new RasterRequest(frame, polygons, width, height), delivery)
                .andThen(ar -> {
                  gate.leave();
                  work.release();
                  publish();
                });
          })
          .map(msg -> {
            Mask m = msg.body().mask();
            if (msg.body().frame() != frame || m.width() != width || m.height() != height) {
              throw new TransportException(TransportException.Kind.IO, locator() + ", frame " + frame
                  + ": a worker answered for frame " + msg.body().frame() + " at " + m.width() + "x" + m.height(), null);
            }
            return m;
          })
          .recover(err -> failed(err, frame));
    });
  }

  private Future<Void> checkFrame(int frame) {
    StreamInfo i = info;
    if (i == null) {
      return Future.failedFuture(new InvalidArgumentException("stream not started"));
    }
    if (frame < 0 || frame >= i.frameCount()) {
      return Future.failedFuture(InvalidArgumentException.frame(frame, i.frameCount()));
    }
    return Future.succeededFuture();
  }

  /** One request through the in-flight bound, retried while nobody answers. On this context. */
  private <T> Future<T> fetch(StreamRequest req, Class<T> type) {
    if (closing()) {
      return Future.failedFuture(new StreamClosedException(locator()));
    }
    if (changed != null) {
      return Future.failedFuture(changed); // the index no longer describes what the server serves
    }
    return requests.acquire().compose(v -> {
      publish();
      long timeout = options.getRemoteRequestTimeoutMs();
      return ask(req, type, timeout, timeout).andThen(ar -> {
        requests.release();
        publish();
      });
    });
  }

  /**
   * {@code value} if a reply is for {@code frame} of the version opened. A reply for another frame fails
   * this request (the frame is dropped, never shown as another); another version fails the stream.
   */
  private <T> T checked(int frame, int replyFrame, long version, T value) {
    if (version != info.sourceVersion()) {
      if (changed == null) {
        changed = new TransportException(TransportException.Kind.CHANGED, false, locator()
            + ": the stream at event-bus address " + remote + " now serves another version (source version "
            + Long.toHexString(version) + ", opened " + Long.toHexString(info.sourceVersion()) + "); reopen it", null);
      }
      throw changed;
    }
    if (replyFrame != frame) {
      throw new TransportException(TransportException.Kind.BAD_RESPONSE, false, locator() + ", frame " + frame
          + ": the stream at event-bus address " + remote + " answered for frame " + replyFrame, null);
    }
    return value;
  }

  private <T> Future<T> failed(Throwable err, int frame) {
    failures++;
    publish();
    if (closing()) {
      return Future.failedFuture(new StreamClosedException(locator()));
    }
    AlphaStreamException e = ReplyErrors.toException(err, locator(), frame);
    if (changed == null && e instanceof TransportException t && t.kind() == TransportException.Kind.CHANGED) {
      changed = t; // the server's source changed, or another version answers: final, as for a local reader
    }
    return Future.failedFuture(e);
  }

  /**
   * Asks {@code req} until a server answers or {@code timeoutMs} have passed. Each attempt waits at most a
   * quarter of the time (at least {@link #MIN_ATTEMPT_MS}): a request sent to a node that just died is never
   * answered, and the next attempt reaches whoever serves the address now.
   */
  private <T> Future<T> ask(StreamRequest req, Class<T> type, long timeoutMs, long reportedMs) {
    Promise<T> p = Promise.promise();
    new Attempts<>(req, type, timeoutMs, reportedMs, p).next();
    return p.future();
  }

  /** The attempts of one request, until an answer or the deadline. On this context. */
  private final class Attempts<T> {
    private final StreamRequest req;
    private final Class<T> type;
    private final long deadline;
    private final long attemptMs;
    private final long reportedMs;
    private final Promise<T> result;
    private long pauseMs = FIRST_RETRY_MS;
    private TransportException.Kind silence;

    Attempts(StreamRequest req, Class<T> type, long timeoutMs, long reportedMs, Promise<T> result) {
      this.req = req;
      this.type = type;
      this.deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      this.attemptMs = Math.max(MIN_ATTEMPT_MS, timeoutMs / 4);
      this.reportedMs = reportedMs;
      this.result = result;
    }

    void next() {
      if (closing()) {
        result.tryFail(new StreamClosedException(locator()));
        return;
      }
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
      long thisMs = Math.min(leftMs, attemptMs);
      vertx.eventBus().request(remote, req, new DeliveryOptions().setSendTimeout(thisMs))
          .onComplete(ar -> settled(ar.succeeded() ? ar.result() : null, ar.cause(), thisMs < attemptMs));
    }

    private void settled(Message<Object> reply, Throwable err, boolean cutShort) {
      if (err == null) {
        answered(reply);
        return;
      }
      TransportException.Kind kind = silence(err);
      if (kind == null) {
        result.tryFail(err); // the server's own answer: mapped to our typed exception by the caller
        return;
      }
      // an attempt cut short by the deadline says nothing about whether anyone listens
      if (!(cutShort && kind == TransportException.Kind.TIMEOUT && silence != null)) {
        silence = kind;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        result.tryFail(unanswered(silence, req, reportedMs));
        return;
      }
      long pause = Math.max(1, Math.min(pauseMs, left / 1_000_000L));
      pauseMs = Math.min(MAX_RETRY_MS, pauseMs * 2);
      vertx.setTimer(pause, t -> next());
    }

    private void answered(Message<Object> reply) {
      Object body;
      try {
        body = reply.body();
      } catch (RuntimeException e) {
        result.tryFail(e);
        return;
      }
      if (type.isInstance(body)) {
        result.tryComplete(type.cast(body));
      } else {
        result.tryFail(new TransportException(TransportException.Kind.BAD_RESPONSE, false, "the stream at event-bus address "
            + remote + " answered a " + req.kind() + " request with "
            + (body == null ? "null" : body.getClass().getSimpleName()), null));
      }
    }
  }

  /**
   * Whether {@code err} means "nobody served this request" (ask again) and how: {@code CONNECTION} when
   * nobody took it (no consumer; a server closing its stream; a send that failed on its way),
   * {@code TIMEOUT} when no reply came. Null for a server's real answer.
   */
  private static TransportException.Kind silence(Throwable err) {
    if (err instanceof EngineFailure f) {
      return f.code() == ErrorCode.CLOSED ? TransportException.Kind.CONNECTION : null;
    }
    if (err instanceof ReplyException re) {
      return switch (re.failureType()) {
        case TIMEOUT -> TransportException.Kind.TIMEOUT;
        case RECIPIENT_FAILURE -> null; // a consumer answered with a failure
        default -> TransportException.Kind.CONNECTION; // NO_HANDLERS; ERROR: the send failed on its way
      };
    }
    // ours is an answer; anything else failed on the way (a connection to a node that just died)
    return err instanceof AlphaStreamException ? null : TransportException.Kind.CONNECTION;
  }

  private TransportException unanswered(TransportException.Kind kind, StreamRequest req, long timeoutMs) {
    String what = req.kind() == StreamRequest.Kind.INFO ? "" : " for frame " + req.frame();
    String message = kind == TransportException.Kind.CONNECTION
        ? "no stream answers at event-bus address " + remote + " within " + timeoutMs + " ms" + what
        : "the stream at event-bus address " + remote + " did not answer" + what + " within " + timeoutMs + " ms";
    return new TransportException(kind, true, message, null);
  }

  private boolean closing() {
    return stopped || gate.isClosed();
  }

  private void publish() {
    stats = new ReaderStats(requests.active(), requests.maxSeen(), requests.total(), work.active(), work.maxSeen(),
        work.total(), failures);
  }

  /** Runs {@code task} on this verticle's context and returns its result there. */
  private <T> Future<T> onContext(Supplier<Future<T>> task) {
    if (Vertx.currentContext() == context) {
      return task.get();
    }
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> task.get().onComplete(p));
    return p.future();
  }
}
