package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Codec of {@link DecodeRequest}: {@code i32 frame, i32 length, bytes}. Stateless, thread-safe. */
public final class DecodeRequestCodec implements MessageCodec<DecodeRequest, DecodeRequest> {
  public static final String NAME = "alphastream.decode-request";

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

  @Override
  public DecodeRequest transform(DecodeRequest r) {
    return r; // immutable by contract: the sender never touches r.block() again
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
