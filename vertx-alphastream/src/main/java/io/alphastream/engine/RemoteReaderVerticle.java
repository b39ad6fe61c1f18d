package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.AlphaStreamOptions;
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
 * reopen ({@link ServedAddress}). Failures the server reports (bad frame, corrupt block, origin errors) come back as the same
 * typed exceptions a local reader raises.
 *
 * <p><b>Never a wrong frame.</b> Every reply must be for the frame asked (else that request fails) and carry
 * the source version the stream opened with; a server of another version fails the stream for good with
 * kind {@code CHANGED}, so the caller reopens it.
 */
public final class RemoteReaderVerticle extends VerticleBase implements FrameReader {
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
  private ServedAddress served;

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
    served = new ServedAddress(vertx, remote, this::closing, this::locator);
    // a little under openTimeoutMs, so that start(), which waits that long, reports why
    long open = options.getOpenTimeoutMs();
    return served.ask(StreamRequest.info(), StreamInfo.class, Math.max(1, open - Math.min(250, open / 10)), open)
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

  @Override
  public void cancelOpen() {
    gate.shut(); // the INFO attempts stop at the next one: closing() is true
    Context c = context;
    if (c != null) {
      c.runOnContext(v -> {
        stopped = true;
        if (served != null) {
          served.failAll(new StreamClosedException(locator()));
        }
      });
    }
  }

  private void failWaiters() {
    StreamClosedException closed = new StreamClosedException(locator());
    requests.failWaiters(closed);
    work.failWaiters(closed);
    served.failAll(closed); // requests between attempts: their timers may be gone once undeployed
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
      return served.ask(req, type, timeout, timeout).andThen(ar -> {
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
