package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Codec of {@link RasterRequest}: {@code i32 frame, i32 width, i32 height}, then the polygons. */
public final class RasterRequestCodec implements MessageCodec<RasterRequest, RasterRequest> {
  public static final String NAME = "alphastream.raster-request";

  @Override
  public void encodeToWire(Buffer b, RasterRequest r) {
    b.appendInt(r.frame()).appendInt(r.width()).appendInt(r.height());
    PolygonsWire.write(b, r.polygons());
  }

  @Override
  public RasterRequest decodeFromWire(int pos, Buffer b) {
    return new RasterRequest(b.getInt(pos), PolygonsWire.read(b, pos + 12), b.getInt(pos + 4), b.getInt(pos + 8));
  }

  @Override
  public RasterRequest transform(RasterRequest r) {
    return r; // immutable
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
