package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Codec of {@link DecodedFrame}: {@code i32 frame}, then the polygons. Stateless, thread-safe. */
public final class DecodedFrameCodec implements MessageCodec<DecodedFrame, DecodedFrame> {
  public static final String NAME = "alphastream.decoded-frame";

  @Override
  public void encodeToWire(Buffer b, DecodedFrame f) {
    b.appendInt(f.frame());
    PolygonsWire.write(b, f.polygons());
  }

  @Override
  public DecodedFrame decodeFromWire(int pos, Buffer b) {
    return new DecodedFrame(b.getInt(pos), PolygonsWire.read(b, pos + 4));
  }

  @Override
  public DecodedFrame transform(DecodedFrame f) {
    return f; // Polygons is immutable
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
