package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/** Codec of {@link DecodeRequest}: {@code i32 frame, i32 length, bytes}. Stateless, thread-safe. */
final class DecodeRequestCodec extends PassThroughCodec<DecodeRequest> {
  public static final String NAME = "alphastream.decode-request";

  public DecodeRequestCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, DecodeRequest r) {
    b.appendInt(r.frame()).appendInt(r.block().length()).appendBuffer(r.block());
  }

  @Override
  public DecodeRequest decodeFromWire(int pos, Buffer b) {
    int frame = Wire.getInt(b, pos, "decode request");
    int len = Wire.getInt(b, pos + 4, "decode request");
    if (frame < 0 || len < 0 || pos + 8L + len > b.length()) {
      throw Wire.malformed("decode request: frame " + frame + ", block length " + len);
    }
    return new DecodeRequest(frame, b.getBuffer(pos + 8, pos + 8 + len));
  }
}
