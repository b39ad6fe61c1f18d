package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.alphastream.transport.OpenedStream;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.StreamOpener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The source verticle of one open stream (standard threading model: an event loop). It owns the
 * {@link RangeSource} and the {@link FrameIndex}, issues range reads on its event loop, and hands the raw
 * blocks to its {@link DecodeVerticle} workers over the event bus. Range reads and worker requests are each
 * capped by an in-flight counter on this event loop; extra loads wait in a bounded queue, and beyond it fail
 * fast with {@code NOT_READY}.
 *
 * <p>Two ways to use it:
 * <ul>
 *   <li>as an ordinary verticle: {@code vertx.deployVerticle(new ReaderVerticle(), new
 *       DeploymentOptions().setConfig(alphaStreamOptions.toJson().put("passphrase", hex)))}; send an
 *       {@code Integer} frame index to {@link #address()} (config key {@code "address"}, default
 *       {@code alphastream.stream.<id>}) and get a {@link DecodedFrame} back, or a failure whose code is an
 *       {@code ErrorCode} id;</li>
 *   <li>in process, as the facade's {@link FrameReader}: {@link #load(int)}, {@link #block(int)} and
 *       {@link #rasterize}, callable from any thread.</li>
 * </ul>
 * Start: open the stream with {@link StreamOpener} (key derivation and index parsing run off the event
 * loop), compute the {@link SourceVersion}, deploy the workers, and (deployed on its own only) register the
 * consumer; inside the facade a {@link FrameServer} serves the stream through the caches instead. Stop: fail
 * waiting loads, unregister, undeploy the workers, close the source.
 */
public final class ReaderVerticle extends VerticleBase implements FrameReader {

  /** Prefix of the default load address; the stream id follows. */
  public static final String ADDRESS = "alphastream.stream";

  private AlphaStreamOptions options;
  private RangeSource source;
  private OpenedStream stream;
  private final String streamId = UUID.randomUUID().toString();
  private volatile String address;
  private volatile FrameIndex index;
  private volatile String locator;
  private volatile long sourceVersion;
  /** Deployed on its own (options from config): it serves load requests at its address itself. */
  private boolean standalone;
  private String workersDeployment;
  private MessageConsumer<Object> consumer;
  private InflightLimit reads;
  private InflightLimit work;
  private final DecodeGate gate = new DecodeGate();
  private LoadBackoff backoff;
  private DeliveryOptions delivery;
  private long failures;
  private boolean stopped;
  private volatile ReaderStats stats = new ReaderStats(0, 0, 0, 0, 0, 0, 0);

  /** For JSON deployments: options come from {@code config()} (an {@link AlphaStreamOptions} JSON). */
  public ReaderVerticle() {}

  /**
   * For the facade: the given options (copied) and optionally an already open source, whose ownership
   * passes to this verticle (it is closed on stop). A null source is opened from {@code options.getSource()}.
   */
  public ReaderVerticle(AlphaStreamOptions options, RangeSource source) {
    this.options = new AlphaStreamOptions(options);
    this.source = source;
  }

  @Override
  public Future<?> start() {
    try {
      if (options == null) {
        standalone = true;
        options = new AlphaStreamOptions(config());
      }
      options.validate();
    } catch (IllegalArgumentException | InvalidArgumentException e) {
      return Future.failedFuture(new InvalidArgumentException("bad ReaderVerticle config: " + e.getMessage()));
    }
    address = config().getString("address",
        options.getAddress() != null ? options.getAddress() : ADDRESS + "." + streamId);
    reads = new InflightLimit("range reads", options.getMaxInflightReads(), options.getMaxQueuedLoads());
    work = new InflightLimit("decode workers", options.getMaxInflightDecodes(), options.getMaxQueuedLoads());
    delivery = new DeliveryOptions().setSendTimeout(options.getDecodeTimeoutMs());
    backoff = new LoadBackoff(options.getFailureBackoffMs(), options.getMaxFailureBackoffMs(), System::nanoTime);
    Future<OpenedStream> opening = source != null
        ? StreamOpener.open(vertx, source, options.toReaderOptions())
        : options.getSource() == null
            ? Future.failedFuture(new InvalidArgumentException("no source: set options.source"))
            : StreamOpener.open(vertx, options.getSource(), options.toReaderOptions(), options.getTransport());
    // StreamOpener derives the ASVR key and inflates the sizes table off the event loop, and closes the
    // source itself when opening fails.
    return opening
        .compose(opened -> {
          stream = opened;
          source = opened.source();
          locator = source.uri();
          index = opened.index();
          // hashing the index is linear in the frame count: off the event loop
          return vertx.executeBlocking(() -> SourceVersion.of(opened.index()), false);
        })
        .compose(version -> {
          sourceVersion = version;
          return vertx.deployVerticle(DecodeVerticle.factory(streamId, FrameDecoding.of(stream.reader(), index),
                  gate, options.getCloseTimeoutMs()),
              DecodeVerticle.deploymentOptions(options.getWorkers()));
        })
        .compose(id -> {
          workersDeployment = id;
          if (!standalone) {
            return Future.succeededFuture(); // the facade serves requests through its caches (FrameServer)
          }
          consumer = vertx.eventBus().consumer(address, this::onLoadMessage);
          return consumer.completion();
        })
        .recover(err -> {
          Future<Void> closing = stream == null ? Future.succeededFuture() : stream.close();
          return closing.transform(ar -> Future.failedFuture(err));
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    StreamClosedException closed = new StreamClosedException(locator);
    reads.failWaiters(closed);
    work.failWaiters(closed);
    Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    // Vert.x undeploys child deployments (the workers, whose stop drains the gate) before this stop runs;
    // undeploy explicitly only if they are still there.
    Future<Void> workers = workersDeployment != null && vertx.deploymentIDs().contains(workersDeployment)
        ? vertx.undeploy(workersDeployment).recover(err -> Future.succeededFuture())
        : Future.succeededFuture();
    return Future.join(unregistered, workers).eventually(() -> stream.close());
  }

  /**
   * Begins an orderly close, from any thread, before the verticle is undeployed: no new request goes to
   * the workers, waiting loads fail, and every load still in flight fails with {@code CLOSED} when it
   * settles (even if its worker answers). Undeploying still has to follow; it waits, bounded by
   * {@code closeTimeoutMs}, for the requests already sent, so the workers never unregister with
   * messages queued for them. An undeploy without this call closes the same way, but loads that a worker
   * answers before its stop begins still succeed.
   */
  public void beginClose() {
    gate.shut();
    Runnable failWaiting = () -> {
      stopped = true;
      StreamClosedException closed = new StreamClosedException(locator);
      reads.failWaiters(closed);
      work.failWaiters(closed);
    };
    if (context == null || reads == null) {
      return; // not started: nothing waits
    }
    if (Vertx.currentContext() == context) {
      failWaiting.run();
    } else {
      context.runOnContext(v -> failWaiting.run());
    }
  }

  /** The event-loop context this verticle runs on (the scheduler of the stream shares it). */
  public io.vertx.core.Context context() {
    return context;
  }

  /**
   * The event-bus address of load requests when deployed on its own (config key {@code "address"}, else
   * options.address, else {@code alphastream.stream.<id>}). Within the facade nothing listens here: the
   * facade serves its stream at its own address, through its caches.
   */
  public String address() {
    return address;
  }

  /** The id naming this stream's worker addresses. */
  public String streamId() {
    return streamId;
  }

  @Override
  public int frameCount() {
    return index.frameCount();
  }

  @Override
  public long sourceVersion() {
    return sourceVersion;
  }

  /** The frame index; available once started. */
  public FrameIndex index() {
    return index;
  }

  /** The locator used in messages (redacted by the transport). */
  public String locator() {
    return locator;
  }

  public ReaderStats stats() {
    return stats;
  }

  /**
   * The decoded frame {@code frame}: one range read, then one decode request to a worker. Callable from
   * any thread; the work runs on this verticle's event loop. Fails with our typed exceptions.
   */
  public Future<Polygons> load(int frame) {
    FrameIndex idx = index;
    if (idx == null) {
      return Future.failedFuture(new InvalidArgumentException("stream not started"));
    }
    if (frame < 0 || frame >= idx.frameCount()) {
      return Future.failedFuture(InvalidArgumentException.frame(frame, idx.frameCount()));
    }
    return onContext(() -> doLoad(frame));
  }

  /**
   * The plain block of {@code frame} (FORMAT.md 5.1: declared length, then the zlib stream), decrypted for
   * ASVR and checked by {@link io.alphastream.format.StreamReader#checkedPlainBlock} (V12, V13 length
   * bound, V14 ratio), not inflated. One range read, then the decryption on a worker; both are bounded by
   * the same in-flight limits as {@link #load}. Callable from any thread.
   */
  public Future<byte[]> block(int frame) {
    FrameIndex idx = index;
    if (idx == null) {
      return Future.failedFuture(new InvalidArgumentException("stream not started"));
    }
    if (frame < 0 || frame >= idx.frameCount()) {
      return Future.failedFuture(InvalidArgumentException.frame(frame, idx.frameCount()));
    }
    return onContext(() -> doBlock(frame));
  }

  private Future<byte[]> doBlock(int frame) {
    if (closing()) {
      return Future.failedFuture(new StreamClosedException(locator));
    }
    long offset = index.offset(frame);
    int length;
    try {
      length = stream.reader().checkedBlockLength(index, frame);
    } catch (AlphaStreamException e) {
      return Future.failedFuture(e);
    }
    return reads.acquire()
        .compose(v -> {
          publish();
          return back(source.read(offset, length).timeout(options.getReadTimeoutMs(), TimeUnit.MILLISECONDS))
              .andThen(ar -> releaseRead());
        })
        .compose(read -> work.acquire().compose(v -> {
          publish();
          // decryption is CPU work: a worker thread, unordered so blocks of several frames run in parallel
          return back(vertx.executeBlocking(() -> {
            byte[] bytes = read.getBytes(); // one small copy out of the network buffer
            return stream.reader().checkedPlainBlock(index, frame, bytes, 0, bytes.length);
          }, false)).andThen(ar -> releaseWork());
        }))
        .compose(b -> closing() ? Future.<byte[]>failedFuture(new StreamClosedException(locator))
            : Future.succeededFuture(b))
        .recover(err -> failed(err, frame));
  }

  /** Rasterizes {@code polygons} of {@code frame} at {@code width x height} on a worker. Any thread. */
  public Future<Mask> rasterize(int frame, Polygons polygons, int width, int height) {
    if (index == null) {
      return Future.failedFuture(new InvalidArgumentException("stream not started"));
    }
    return onContext(() -> {
      if (closing()) {
        return Future.<Mask>failedFuture(new StreamClosedException(locator));
      }
      return work.acquire()
          .compose(v -> {
            publish();
            return sendToWorker(() -> vertx.eventBus().<RasterizedFrame>request(
                DecodeVerticle.rasterAddress(streamId), new RasterRequest(frame, polygons, width, height),
                delivery));
          })
          .map(msg -> checked(frame, msg.body().frame(), msg.body().mask(), width, height))
          .recover(err -> failed(err, frame));
    });
  }

  private Future<Polygons> doLoad(int frame) {
    if (closing()) {
      return Future.failedFuture(new StreamClosedException(locator));
    }
    long offset = index.offset(frame);
    int length;
    try {
      length = stream.reader().checkedBlockLength(index, frame); // V13 before a byte is read or allocated
    } catch (AlphaStreamException e) {
      return Future.failedFuture(e);
    }
    AlphaStreamException refused = backoff.peek(frame);
    if (refused != null) {
      return failed(refused, frame); // a failing source or frame is not asked again yet
    }
    LoadBackoff.Admission[] admission = new LoadBackoff.Admission[1];
    // admitted only once it holds a read slot, so at most maxInflightReads reads meet a source that starts failing
    Future<Buffer> read = reads.acquire()
        .compose(v -> {
          admission[0] = backoff.admit(frame);
          if (!admission[0].allowed()) {
            releaseRead();
            return Future.failedFuture(admission[0].refusal());
          }
          publish();
          return back(source.read(offset, length).timeout(options.getReadTimeoutMs(), TimeUnit.MILLISECONDS))
              .andThen(ar -> {
                // recorded before the slot frees, so a waiting load is admitted knowing this outcome
                backoff.readFinished(admission[0], ar.failed() ? ReplyErrors.toException(ar.cause(), locator, frame) : null);
                releaseRead();
              });
        });
    return read.transform(rr -> {
      if (rr.failed()) {
        return failed(rr.cause(), frame);
      }
      return work.acquire()
          .compose(v -> {
            publish();
            return sendToWorker(() -> vertx.eventBus().<DecodedFrame>request(
                DecodeVerticle.decodeAddress(streamId), new DecodeRequest(frame, rr.result()), delivery));
          })
          .map(msg -> checked(frame, msg.body().frame(), msg.body().polygons(), 0, 0))
          .transform(dr -> {
            AlphaStreamException e = dr.failed() ? ReplyErrors.toException(dr.cause(), locator, frame) : null;
            backoff.decodeFinished(frame, e);
            return dr.succeeded() ? Future.succeededFuture(dr.result()) : failed(e, frame);
          });
    });
  }

  /** True once the stream is closing: the workers or this verticle are being undeployed. */
  private boolean closing() {
    return stopped || gate.isClosed();
  }

  /**
   * Sends one request to a worker through the gate (none once the workers are stopping) and holds a work
   * slot until it settles. A reply that arrives while closing still fails with CLOSED: close cancels every
   * load it finds pending.
   */
  private <T> Future<Message<T>> sendToWorker(Supplier<Future<Message<T>>> send) {
    if (!gate.enter()) {
      releaseWork();
      return Future.failedFuture(new StreamClosedException(locator));
    }
    return send.get()
        .andThen(ar -> {
          gate.leave();
          releaseWork();
        })
        .compose(msg -> closing() ? Future.failedFuture(new StreamClosedException(locator))
            : Future.succeededFuture(msg));
  }

  /**
   * {@code value} if a worker's reply is for the requested frame (and, for a mask, size). A reply is
   * point to point, so this never fails unless a codec or worker is broken; it makes sure a wrong frame can
   * never enter a cache under another frame's key.
   */
  private <T> T checked(int frame, int replyFrame, T value, int width, int height) {
    boolean sizeOk = !(value instanceof Mask m) || (m.width() == width && m.height() == height);
    if (replyFrame != frame || !sizeOk) {
      throw new TransportException(TransportException.Kind.IO, locator + ", frame " + frame
          + ": a worker answered for frame " + replyFrame + (sizeOk ? "" : " at another size"), null);
    }
    return value;
  }

  private <T> Future<T> failed(Throwable err, int frame) {
    failures++;
    publish();
    if (closing()) {
      return Future.failedFuture(new StreamClosedException(locator)); // cancelled by close, whatever broke
    }
    return Future.failedFuture(ReplyErrors.toException(err, locator, frame));
  }

  private void releaseRead() {
    reads.release();
    publish();
  }

  private void releaseWork() {
    work.release();
    publish();
  }

  private void publish() {
    stats = new ReaderStats(reads.active(), reads.maxSeen(), reads.total(), work.active(), work.maxSeen(),
        work.total(), failures);
  }

  private void onLoadMessage(Message<Object> msg) {
    if (!(msg.body() instanceof Integer frame)) {
      ReplyErrors.fail(msg, new InvalidArgumentException("load request body must be an Integer frame index"));
      return;
    }
    load(frame).onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(new DecodedFrame(frame, ar.result()));
      } else {
        ReplyErrors.fail(msg, ar.cause());
      }
    });
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

  /** {@code f}, completed on this verticle's context whatever thread completes {@code f}. */
  private <T> Future<T> back(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        p.handle(ar);
      } else {
        context.runOnContext(v -> p.handle(ar));
      }
    });
    return p.future();
  }
}
