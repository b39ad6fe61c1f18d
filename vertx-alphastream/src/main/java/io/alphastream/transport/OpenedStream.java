package io.alphastream.transport;

import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.format.StreamReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A stream opened over a {@link RangeSource} by {@link StreamOpener}: the source, the
 * {@link StreamReader} and the validated {@link FrameIndex}. Each frame costs one range read of its
 * block; decrypting, inflating and parsing run off the event loop ({@code executeBlocking}, unordered).
 *
 * <p>Thread-safe; concurrent frame reads may complete in any order. Failures: a bad frame index gives
 * {@link io.alphastream.InvalidArgumentException}, reading gives {@link io.alphastream.TransportException},
 * a broken frame {@link io.alphastream.FormatException} (V12-V20), and every call after
 * {@link #close()} {@link io.alphastream.StreamClosedException}.
 */
public interface OpenedStream {

  RangeSource source();

  StreamReader reader();

  FrameIndex index();

  default int frameCount() {
    return index().frameCount();
  }

  /** Frame {@code frame}'s block as stored (encrypted for ASVR). */
  Future<Buffer> block(int frame);

  /** Frame {@code frame}'s inflated payload (V12-V14). */
  Future<byte[]> payload(int frame);

  /** Frame {@code frame} decoded (V12-V20). */
  Future<Polygons> frame(int frame);

  /** Closes the source. Idempotent: every call returns the same future. */
  Future<Void> close();
}
