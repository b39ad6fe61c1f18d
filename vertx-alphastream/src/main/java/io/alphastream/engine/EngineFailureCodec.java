package io.alphastream.engine;

import io.alphastream.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.alphastream.TransportException;

/**
 * Wire form of an {@link EngineFailure}: code id, frame, retryable, then kind, rule, source, detail and
 * message as length-prefixed UTF-8 ({@code -1} for null, at most 64 KiB each, checked before reading).
 * Local delivery passes the immutable instance.
 */
final class EngineFailureCodec implements MessageCodec<EngineFailure, EngineFailure> {
  static final String NAME = "alphastream.engine-failure";

  @Override
  public void encodeToWire(Buffer b, EngineFailure f) {
    b.appendInt(f.code().id()).appendLong(f.frame()).appendByte((byte) (f.retryable() ? 1 : 0));
    for (String s : new String[] {f.kind(), f.rule(), f.source(), f.detail(), f.getMessage()}) {
      Wire.appendString(b, s);
    }
  }

  @Override
  public EngineFailure decodeFromWire(int pos, Buffer b) {
    Wire.need(b, pos, 13, "engine failure");
    ErrorCode code = ErrorCode.fromId(b.getInt(pos)); // an unknown code is IO, as for any requester
    long frame = b.getLong(pos + 4);
    boolean retryable = b.getByte(pos + 12) != 0;
    int[] at = {pos + 13};
    String[] s = new String[5];
    for (int i = 0; i < s.length; i++) {
      s[i] = Wire.getString(b, at[0], at, "engine failure");
    }
    String kind = s[0];
    if (kind != null) {
      try {
        TransportException.Kind.valueOf(kind);
      } catch (IllegalArgumentException e) {
        throw Wire.malformed("engine failure: transport kind " + kind);
      }
    }
    return new EngineFailure(code, s[4] == null ? "" : s[4], s[1], s[2], frame, s[3], kind, retryable);
  }

  @Override
  public EngineFailure transform(EngineFailure f) {
    return f; // immutable
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
