package io.alphastream.engine;

import io.alphastream.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Wire form of an {@link EngineFailure}: code id, frame, retryable, then kind, rule, source, detail and
 * message as length-prefixed UTF-8 ({@code -1} for null). Local delivery passes the immutable instance.
 */
final class EngineFailureCodec implements MessageCodec<EngineFailure, EngineFailure> {
  static final String NAME = "alphastream.engine-failure";

  @Override
  public void encodeToWire(Buffer b, EngineFailure f) {
    b.appendInt(f.code().id()).appendLong(f.frame()).appendByte((byte) (f.retryable() ? 1 : 0));
    for (String s : new String[] {f.kind(), f.rule(), f.source(), f.detail(), f.getMessage()}) {
      if (s == null) {
        b.appendInt(-1);
      } else {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        b.appendInt(utf8.length).appendBytes(utf8);
      }
    }
  }

  @Override
  public EngineFailure decodeFromWire(int pos, Buffer b) {
    ErrorCode code = ErrorCode.fromId(b.getInt(pos));
    long frame = b.getLong(pos + 4);
    boolean retryable = b.getByte(pos + 12) != 0;
    int at = pos + 13;
    String[] s = new String[5];
    for (int i = 0; i < s.length; i++) {
      int len = b.getInt(at);
      at += 4;
      if (len >= 0) {
        s[i] = b.getString(at, at + len, "UTF-8");
        at += len;
      }
    }
    return new EngineFailure(code, s[4], s[1], s[2], frame, s[3], s[0], retryable);
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
