package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/** Codec of {@link StreamInfo}: {@code i32 frameCount, i64 sourceVersion, i32 length, UTF-8 locator}. */
final class StreamInfoCodec extends PassThroughCodec<StreamInfo> {
  public static final String NAME = "alphastream.stream-info";

  public StreamInfoCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer b, StreamInfo i) {
    b.appendInt(i.frameCount()).appendLong(i.sourceVersion());
    Wire.appendString(b, i.locator());
  }

  @Override
  public StreamInfo decodeFromWire(int pos, Buffer b) {
    Wire.need(b, pos, 12, "stream info");
    int frames = b.getInt(pos);
    long version = b.getLong(pos + 4);
    String locator = Wire.getString(b, pos + 12, new int[1], "stream info");
    if (frames < 1 || locator == null) {
      throw Wire.malformed("stream info: " + frames + " frames, locator " + locator);
    }
    return new StreamInfo(frames, version, locator);
  }
}
