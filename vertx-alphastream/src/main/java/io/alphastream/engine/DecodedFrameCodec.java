package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/** Codec of {@link DecodedFrame}: {@code i32 frame}, then the polygons. Stateless, thread-safe. */
final class DecodedFrameCodec extends PassThroughCodec<DecodedFrame> {
  public static final String NAME = "alphastream.decoded-frame";

  public DecodedFrameCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, DecodedFrame f) {
    b.appendInt(f.frame());
    PolygonsWire.write(b, f.polygons());
  }

  @Override
  public DecodedFrame decodeFromWire(int pos, Buffer b) {
    int frame = Wire.getInt(b, pos, "decoded frame");
    if (frame < 0) {
      throw Wire.malformed("decoded frame: frame " + frame);
    }
    return new DecodedFrame(frame, PolygonsWire.read(b, pos + 4));
  }
}
