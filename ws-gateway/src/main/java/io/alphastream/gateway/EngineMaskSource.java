package io.alphastream.gateway;

import io.alphastream.AlphaStream;
import io.alphastream.cache.CacheStatistics;
import io.alphastream.format.Timebase;
import io.alphastream.gateway.protocol.StreamInfo;
import io.alphastream.raster.Mask;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A {@link MaskSource} over the streaming engine ({@link AlphaStream}): its shared mask cache means
 * concurrent requests for one (frame, size) share one rasterization, whichever event loop asks.
 */
final class EngineMaskSource implements MaskSource {
  /** Width and height of the coordinate space of every stream (FORMAT.md section 7). */
  static final int NATIVE_WIDTH = 2048;
  static final int NATIVE_HEIGHT = 1024;

  private final AlphaStream stream;
  private final StreamInfo info;

  /** {@code stream} must be open. */
  EngineMaskSource(String id, AlphaStream stream) {
    this.stream = stream;
    this.info = new StreamInfo(id, stream.totalFrames(), Timebase.FPS, NATIVE_WIDTH, NATIVE_HEIGHT);
  }

  @Override
  public StreamInfo info() {
    return info;
  }

  @Override
  public Future<Mask> mask(int frame, int width, int height) {
    return stream.mask(frame, width, height);
  }

  @Override
  public Future<Buffer> block(int frame) {
    return stream.block(frame);
  }

  @Override
  public CacheCounters cacheCounters() {
    CacheStatistics masks = stream.stats().masks();
    return new CacheCounters(masks.hits(), masks.misses());
  }

  @Override
  public long cachedBytes() {
    return stream.stats().masks().retainedBytes();
  }

  @Override
  public Future<Void> close() {
    return stream.closeAsync();
  }
}
