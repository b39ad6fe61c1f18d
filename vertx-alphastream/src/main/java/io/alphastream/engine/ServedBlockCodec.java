package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/** Codec of {@link ServedBlock}: {@code i32 frame, i64 sourceVersion, i32 length, bytes}. */
final class ServedBlockCodec extends PassThroughCodec<ServedBlock> {
  public static final String NAME = "alphastream.served-block";

  public ServedBlockCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, ServedBlock s) {
    b.appendInt(s.frame()).appendLong(s.sourceVersion()).appendInt(s.block().length()).appendBuffer(s.block());
  }

  @Override
  public ServedBlock decodeFromWire(int pos, Buffer b) {
    Wire.need(b, pos, 16, "served block");
    int frame = b.getInt(pos);
    long version = b.getLong(pos + 4);
    int len = b.getInt(pos + 12);
    if (frame < 0 || len < 0 || pos + 16L + len > b.length()) {
      throw Wire.malformed("served block: frame " + frame + ", length " + len + " in " + b.length() + " bytes");
    }
    return new ServedBlock(frame, version, b.getBuffer(pos + 16, pos + 16 + len));
  }
}
