package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/** Codec of {@link ServedFrame}: {@code i32 frame, i64 sourceVersion}, then the polygons. */
final class ServedFrameCodec extends PassThroughCodec<ServedFrame> {
  public static final String NAME = "alphastream.served-frame";

  public ServedFrameCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, ServedFrame f) {
    b.appendInt(f.frame()).appendLong(f.sourceVersion());
    PolygonsWire.write(b, f.polygons());
  }

  @Override
  public ServedFrame decodeFromWire(int pos, Buffer b) {
    Wire.need(b, pos, 12, "served frame");
    int frame = b.getInt(pos);
    if (frame < 0) {
      throw Wire.malformed("served frame: frame " + frame);
    }
    return new ServedFrame(frame, b.getLong(pos + 4), PolygonsWire.read(b, pos + 12));
  }
}
