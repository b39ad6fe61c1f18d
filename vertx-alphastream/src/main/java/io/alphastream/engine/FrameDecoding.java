package io.alphastream.engine;

import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.format.StreamReader;
import io.vertx.core.buffer.Buffer;

/**
 * The CPU work a {@link DecodeVerticle} does for one frame: decrypt (ASVR), inflate and parse a stored
 * block into polygons. Implementations are thread-safe: several worker instances call one concurrently.
 */
@FunctionalInterface
public interface FrameDecoding {

  /** Decodes the stored block of {@code frame}; throws our typed exceptions for bad input. */
  Polygons decode(int frame, Buffer block);

  /** Decoding with a stream's reader and index ({@link StreamReader} is thread-safe after creation). */
  static FrameDecoding of(StreamReader reader, FrameIndex index) {
    return (frame, block) -> {
      byte[] bytes = block.getBytes(); // one small copy (a few KiB) out of the network buffer
      return reader.decodeFrame(index, frame, bytes, 0, bytes.length);
    };
  }
}
