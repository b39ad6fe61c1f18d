package io.alphastream.gateway;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.format.StreamFile;
import io.alphastream.format.Timebase;
import io.alphastream.gateway.protocol.StreamInfo;
import io.alphastream.raster.Mask;
import io.alphastream.raster.Rasterizer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MaskSource} over a synchronously read {@link StreamFile}: reads, decodes and rasterizes on
 * Vert.x worker threads, with a bounded Caffeine cache of masks per (frame, width, height) in front.
 */
final class StreamFileMaskSource implements MaskSource {
  private static final int NATIVE_WIDTH = 2048;
  private static final int NATIVE_HEIGHT = 1024;

  private final Vertx vertx;
  private final StreamFile file;
  private final StreamInfo info;
  private final AsyncCache<MaskKey, Mask> masks;
  private final ThreadLocal<Rasterizer> rasterizers = ThreadLocal.withInitial(Rasterizer::new);
  private final AtomicBoolean closed = new AtomicBoolean();

  private record MaskKey(int frame, int width, int height) {}

  StreamFileMaskSource(Vertx vertx, String id, StreamFile file, long maxCacheBytes) {
    this.vertx = vertx;
    this.file = file;
    this.info = new StreamInfo(id, file.frameCount(), Timebase.FPS, NATIVE_WIDTH, NATIVE_HEIGHT);
    this.masks = Caffeine.newBuilder()
        .maximumWeight(maxCacheBytes)
        .weigher((MaskKey k, Mask m) -> m.data().length)
        .recordStats()
        .buildAsync();
  }

  @Override
  public StreamInfo info() {
    return info;
  }

  @Override
  public Future<Mask> mask(int frame, int width, int height) {
    if (closed.get()) {
      return Future.failedFuture(new StreamClosedException(file.source()));
    }
    if (frame < 0 || frame >= info.frames()) {
      return Future.failedFuture(InvalidArgumentException.frame(frame, info.frames()));
    }
    CompletableFuture<Mask> cf = masks.get(new MaskKey(frame, width, height), (key, executor) -> {
      Promise<Mask> p = Promise.promise();
      vertx.<Mask>executeBlocking(() -> rasterizers.get().rasterize(file.frame(key.frame()), key.width(), key.height()),
          false).onComplete(p);
      return p.future().toCompletionStage().toCompletableFuture();
    });
    return Future.fromCompletionStage(cf);
  }

  @Override
  public CacheCounters cacheCounters() {
    var s = masks.synchronous().stats();
    return new CacheCounters(s.hitCount(), s.missCount());
  }

  @Override
  public Future<Void> close() {
    if (closed.compareAndSet(false, true)) {
      masks.synchronous().invalidateAll();
      file.close();
    }
    return Future.succeededFuture();
  }
}
