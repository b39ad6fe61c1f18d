package io.alphastream.impl;

import io.alphastream.AlphaStreamOptions;
import io.alphastream.AlphaStreamStats;
import io.alphastream.cache.FrameCache;
import io.alphastream.cache.FrameKey;
import io.alphastream.cache.MaskKey;
import io.alphastream.engine.EngineCodecs;
import io.alphastream.engine.ReaderVerticle;
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

/**
 * The asynchronous core of one open stream: the deployed {@link ReaderVerticle} (with its decode workers),
 * the frame cache loading through it, the scheduler that alone starts frame loads, and the mask cache that
 * rasterizes on the workers. Everything here is non-blocking; waiting lives in {@link SyncFrameSource}.
 */
final class StreamSession {
  private final Vertx vertx;
  private final ReaderVerticle reader;
  private final String deploymentId;
  private final FrameCache<FrameKey, Polygons> frames;
  private final FrameCache<MaskKey, Mask> masks;
  private final FrameCache<FrameKey, Buffer> blocks;
  private final Scheduler scheduler;
  private final int frameCount;

  private StreamSession(Vertx vertx, ReaderVerticle reader, String deploymentId, AlphaStreamOptions options) {
    this.vertx = vertx;
    this.reader = reader;
    this.deploymentId = deploymentId;
    this.frameCount = reader.index().frameCount();
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

  /** Registers the codecs, deploys the reader (which opens the source and deploys its workers). */
  static Future<StreamSession> open(Vertx vertx, AlphaStreamOptions options, RangeSource source) {
    EngineCodecs.register(vertx);
    ReaderVerticle reader = new ReaderVerticle(options, source);
    return vertx.deployVerticle(reader)
        .map(id -> new StreamSession(vertx, reader, id, options))
        .onFailure(err -> EngineCodecs.unregister(vertx));
  }

  int frameCount() {
    return frameCount;
  }

  String address() {
    return reader.address();
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

  /** Fails queued work, undeploys reader and workers (closing the source), frees the caches. */
  Future<Void> close() {
    reader.beginClose(); // loads in flight fail with CLOSED; the undeploy below lets their requests settle
    return scheduler.close()
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
