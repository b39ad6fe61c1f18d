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
    int len = b.getInt(pos + 4);
    if (len < 0 || pos + 8L + len > b.length()) {
      throw new IllegalArgumentException("malformed decode request: block length " + len);
    }
    return new DecodeRequest(b.getInt(pos), b.getBuffer(pos + 8, pos + 8 + len));
  }
}
