package io.alphastream.engine;

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
    return new RasterRequest(b.getInt(pos), PolygonsWire.read(b, pos + 12), b.getInt(pos + 4), b.getInt(pos + 8));
  }
}
