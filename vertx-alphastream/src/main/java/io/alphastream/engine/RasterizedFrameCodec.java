package io.alphastream.engine;

import io.alphastream.raster.Mask;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Codec of {@link RasterizedFrame}: {@code i32 frame, i32 width, i32 height, width x height bytes}. */
public final class RasterizedFrameCodec implements MessageCodec<RasterizedFrame, RasterizedFrame> {
  public static final String NAME = "alphastream.rasterized-frame";

  @Override
  public void encodeToWire(Buffer b, RasterizedFrame f) {
    Mask m = f.mask();
    b.appendInt(f.frame()).appendInt(m.width()).appendInt(m.height()).appendBytes(m.data());
  }

  @Override
  public RasterizedFrame decodeFromWire(int pos, Buffer b) {
    int w = b.getInt(pos + 4);
    int h = b.getInt(pos + 8);
    long len = (long) w * h;
    if (w < 1 || h < 1 || pos + 12L + len > b.length()) {
      throw new IllegalArgumentException("malformed rasterized frame: " + w + "x" + h);
    }
    return new RasterizedFrame(b.getInt(pos), new Mask(w, h, b.getBytes(pos + 12, pos + 12 + (int) len)));
  }

  @Override
  public RasterizedFrame transform(RasterizedFrame f) {
    return f; // ownership of the fresh mask passes to the receiver; the worker keeps no reference
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
