package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/** Codec of {@link StreamRequest}: {@code u8 kind, i32 frame, i64 sourceVersion}. Stateless, thread-safe. */
final class StreamRequestCodec extends PassThroughCodec<StreamRequest> {
  public static final String NAME = "alphastream.stream-request";
  private static final StreamRequest.Kind[] KINDS = StreamRequest.Kind.values();

  public StreamRequestCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, StreamRequest r) {
    b.appendByte((byte) r.kind().ordinal()).appendInt(r.frame()).appendLong(r.sourceVersion());
  }

  @Override
  public StreamRequest decodeFromWire(int pos, Buffer b) {
    Wire.need(b, pos, 13, "stream request");
    int kind = b.getByte(pos) & 0xFF;
    int frame = b.getInt(pos + 1);
    if (kind >= KINDS.length || frame < 0) {
      throw Wire.malformed("stream request: kind " + kind + ", frame " + frame);
    }
    return new StreamRequest(KINDS[kind], frame, b.getLong(pos + 5));
  }
}
