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
import io.vertx.core.Future;
import io.vertx.core.Vertx;

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

  String locator() {
    return reader.locator();
  }

  Future<Polygons> polygons(int frame) {
    return scheduler.request(frame, Priority.FOREGROUND);
  }

  Future<Mask> mask(int frame, int width, int height) {
    return masks.get(new MaskKey(frame, width, height));
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
    return new AlphaStreamStats(frames.stats(), masks.stats(), scheduler.stats(), reader.stats());
  }

  /** Fails queued work, undeploys reader and workers (closing the source), frees the caches. */
  Future<Void> close() {
    reader.beginClose(); // loads in flight fail with CLOSED; the undeploy below lets their requests settle
    return scheduler.close()
        .compose(v -> vertx.undeploy(deploymentId))
        .eventually(() -> {
          frames.invalidateAll();
          masks.invalidateAll();
          EngineCodecs.unregister(vertx);
          return Future.succeededFuture();
        });
  }
}
