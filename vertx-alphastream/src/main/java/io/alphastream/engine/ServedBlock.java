package io.alphastream.engine;

import io.vertx.core.buffer.Buffer;

/**
 * A server's answer to {@link StreamRequest.Kind#BLOCK}: the plain block of one frame, as
 * {@code AlphaStream.block} returns it. Immutable by contract: the buffer is the server's cached,
 * read-only one, which local delivery passes on as it is.
 */
public record ServedBlock(int frame, long sourceVersion, Buffer block) {
  public ServedBlock {
    if (frame < 0 || block == null) {
      throw new IllegalArgumentException("bad served block: frame " + frame);
    }
  }
}
