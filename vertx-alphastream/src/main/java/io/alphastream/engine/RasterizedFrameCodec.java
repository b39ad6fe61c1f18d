package io.alphastream.engine;

import io.alphastream.raster.Mask;
import io.vertx.core.buffer.Buffer;

/** Codec of {@link RasterizedFrame}: {@code i32 frame, i32 width, i32 height, width x height bytes}. */
final class RasterizedFrameCodec extends PassThroughCodec<RasterizedFrame> {
  public static final String NAME = "alphastream.rasterized-frame";

  public RasterizedFrameCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, RasterizedFrame f) {
    Mask m = f.mask();
    b.appendInt(f.frame()).appendInt(m.width()).appendInt(m.height()).appendBytes(m.data());
  }

  @Override
  public RasterizedFrame decodeFromWire(int pos, Buffer b) {
    int frame = Wire.getInt(b, pos, "rasterized frame");
    int w = Wire.getInt(b, pos + 4, "rasterized frame");
    int h = Wire.getInt(b, pos + 8, "rasterized frame");
    long len = (long) w * h;
    if (frame < 0 || w < 1 || h < 1 || pos + 12L + len > b.length()) {
      throw Wire.malformed("rasterized frame: frame " + frame + " at " + w + "x" + h + " in " + b.length() + " bytes");
    }
    return new RasterizedFrame(frame, new Mask(w, h, b.getBytes(pos + 12, pos + 12 + (int) len)));
  }
}
