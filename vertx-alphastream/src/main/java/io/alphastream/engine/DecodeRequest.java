package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/**
 * Event-bus request to a {@link DecodeVerticle}: the raw stored block of one frame (still encrypted for
 * ASVR). Immutable by contract: the sender hands the buffer over and never touches it again, so the local
 * codec passes the same instance without copying.
 */
public record DecodeRequest(int frame, Buffer block) {
  public DecodeRequest {
    if (frame < 0 || block == null) {
      throw new IllegalArgumentException("bad decode request: frame " + frame + ", block " + block);
    }
  }
}
