package io.alphastream.impl;

import io.alphastream.AlphaStreamOptions;
import io.alphastream.AlphaStreamStats;
import io.alphastream.cache.FrameCache;
import io.alphastream.cache.FrameKey;
import io.alphastream.cache.MaskKey;
import io.alphastream.engine.EngineCodecs;
import io.alphastream.engine.FrameReader;
import io.alphastream.engine.FrameServer;
import io.alphastream.engine.ReaderVerticle;
import io.alphastream.engine.StreamInfo;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.alphastream.scheduler.Priority;
import io.alphastream.scheduler.Scheduler;
import io.alphastream.transport.RangeSource;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.UUID;

/**
 * The asynchronous core of one open stream: the deployed {@link FrameReader} (a {@link ReaderVerticle}
 * reading the source, or a remote reader asking another node; either with its decode workers), the frame
 * cache loading through it, the scheduler that alone starts frame loads, the mask cache that rasterizes on
 * the workers, and the {@link FrameServer} that serves this stream, through these caches, at its
 * event-bus address. Everything here is non-blocking; waiting lives in {@link SyncFrameSource}.
 */
final class StreamSession {
  private final Vertx vertx;
  private final FrameReader reader;
  private final String deploymentId;
  private final String address;
  private FrameServer server;
  private final FrameCache<FrameKey, Polygons> frames;
  private final FrameCache<MaskKey, Mask> masks;
  private final FrameCache<FrameKey, Buffer> blocks;
  private final Scheduler scheduler;
  private final int frameCount;

  private StreamSession(Vertx vertx, FrameReader reader, String deploymentId, AlphaStreamOptions options) {
    this.vertx = vertx;
    this.reader = reader;
    this.deploymentId = deploymentId;
    this.address = options.getAddress() != null ? options.getAddress()
        : ReaderVerticle.ADDRESS + "." + UUID.randomUUID();
    this.frameCount = reader.frameCount();
    // Caffeine's maintenance is cheap; run it on the thread that touches the cache.
    this.frames = FrameCache.frames(options.getCache(), key -> reader.load(key.frame()), Runnable::run);
    this.scheduler = Scheduler.create(reader.context(), reader.locator(), frames, frameCount,
        options.getScheduler(), System::nanoTime);
    this.masks = FrameCache.create(options.getCache().getMaskMaxEntries(), options.getCache().getMaskMaxBytes(),
        m -> 64L + m.data().length,
        key -> scheduler.request(key.frame(), Priority.FOREGROUND)
            .compose(p -> reader.rasterize(key.frame(), p, key.width(), key.height())),
        Runnable::run);
    // Plain blocks (about 1 KB a frame) under the frame cache's bounds; loaded on demand, never prefetched
    // by the scheduler: their callers (the gateway's poly encoding) fetch ahead themselves.
    this.blocks = FrameCache.create(options.getCache().getMaxFrames(), options.getCache().getMaxBytes(),
        b -> 64L + b.length(), key -> reader.block(key.frame()).map(StreamSession::readOnly), Runnable::run);
  }

  /** {@code bytes} as a buffer no holder can change: the cache hands the same one to every caller. */
  private static Buffer readOnly(byte[] bytes) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
  }

  /**
   * Registers the codecs, deploys the reader (which opens the source, or asks the remote address, and
   * deploys its workers), then starts serving at the stream's address: only an open stream answers there.
   */
  static Future<StreamSession> open(Vertx vertx, AlphaStreamOptions options, RangeSource source,
      java.util.function.Consumer<Runnable> cancel) {
    EngineCodecs.register(vertx);
    FrameReader reader = FrameReader.create(options, source);
    cancel.accept(reader::cancelOpen);
    return vertx.deployVerticle(reader)
        .recover(err -> {
          EngineCodecs.unregister(vertx);
          return Future.failedFuture(err);
        })
        .map(id -> new StreamSession(vertx, reader, id, options))
        // a stream that cannot serve is closed again (which unregisters the codecs) and fails to open
        .compose(s -> s.serve().transform(ar -> ar.succeeded() ? Future.succeededFuture(s)
            : s.close().transform(c -> Future.failedFuture(ar.cause()))));
  }

  /**
   * Serves this stream at its address through the caches: remote polygons requests go through the
   * scheduler (foreground, without moving the play position) into the frame cache, blocks into the block
   * cache, so each frame is read from the origin once however many nodes ask.
   */
  private Future<Void> serve() {
    StreamInfo info = new StreamInfo(frameCount, reader.sourceVersion(), reader.locator());
    return FrameServer.start(vertx, reader.context(), address, info, this::servedPolygons, this::block)
        .map(s -> {
          server = s;
          return null;
        });
  }

  private Future<Polygons> servedPolygons(int frame) {
    return scheduler.request(frame, Priority.FOREGROUND);
  }

  int frameCount() {
    return frameCount;
  }

  String address() {
    return address;
  }

  String locator() {
    return reader.locator();
  }

  Future<Polygons> polygons(int frame) {
    return scheduler.request(frame, Priority.FOREGROUND);
  }

  Future<Mask> mask(int frame, int width, int height) {
    return masks.get(new MaskKey(frame, width, height));
  }

  Future<Buffer> block(int frame) {
    return blocks.get(new FrameKey(frame));
  }

  void seek(int frame) {
    scheduler.seek(frame);
  }

  int position() {
    return scheduler.position();
  }

  void setRate(double fps) {
    scheduler.setRate(fps);
  }

  AlphaStreamStats stats() {
    return new AlphaStreamStats(frames.stats(), masks.stats(), scheduler.stats(), reader.stats(),
        blocks.stats());
  }

  /**
   * Stops serving (other nodes' requests go to the next server at the address), fails queued work,
   * undeploys reader and workers (closing the source), frees the caches.
   */
  Future<Void> close() {
    Future<Void> unserved = server == null ? Future.succeededFuture() : server.stop().recover(err -> Future.succeededFuture());
    reader.beginClose(); // loads in flight fail with CLOSED; the undeploy below lets their requests settle
    return unserved.compose(v -> scheduler.close())
        .compose(v -> vertx.undeploy(deploymentId))
        .eventually(() -> {
          frames.invalidateAll();
          masks.invalidateAll();
          blocks.invalidateAll();
          EngineCodecs.unregister(vertx);
          return Future.succeededFuture();
        });
  }
}
