package io.alphastream.engine;

import io.alphastream.raster.Mask;
import io.vertx.core.buffer.Buffer;

/** Codec of {@link RasterRequest}: {@code i32 frame, i32 width, i32 height}, then the polygons. */
final class RasterRequestCodec extends PassThroughCodec<RasterRequest> {
  public static final String NAME = "alphastream.raster-request";

  public RasterRequestCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, RasterRequest r) {
    b.appendInt(r.frame()).appendInt(r.width()).appendInt(r.height());
    PolygonsWire.write(b, r.polygons());
  }

  @Override
  public RasterRequest decodeFromWire(int pos, Buffer b) {
    int frame = Wire.getInt(b, pos, "raster request");
    int w = Wire.getInt(b, pos + 4, "raster request");
    int h = Wire.getInt(b, pos + 8, "raster request");
    // the size is what a worker will allocate: refused here, before the request gets that far
    if (frame < 0 || w < 1 || h < 1 || w > Mask.MAX_SIZE || h > Mask.MAX_SIZE) {
      throw Wire.malformed("raster request: frame " + frame + " at " + w + "x" + h);
    }
    return new RasterRequest(frame, PolygonsWire.read(b, pos + 12), w, h);
  }
}
