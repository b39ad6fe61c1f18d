package io.alphastream.transport;

import io.alphastream.format.ReaderOptions;
import io.alphastream.transport.impl.OpenedStreamImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Opens a stream over any {@link RangeSource}: builds the {@link io.alphastream.format.StreamReader}
 * (ASVR key derivation is CPU-blocking, so it runs in {@code executeBlocking}), reads the header and the
 * sizes table and validates them (V01-V11). Over HTTP the header and table come from the source's
 * speculative first read, so opening a stream whose table fits in
 * {@link TransportOptions#getSpeculativeReadBytes()} costs exactly one request.
 *
 * <p>The ASVR salt name is {@link ReaderOptions#getName()} when set, else
 * {@code SaltName.of(source.uri())}: the file name of the locator, query string excluded.
 */
public final class StreamOpener {
  private StreamOpener() {}

  /**
   * Opens the source at {@code uri} and the stream in it. On failure the source is closed again.
   *
   * @return the open stream, or a failed future: {@link io.alphastream.TransportException} (reading),
   *     {@link io.alphastream.FormatException} (V01-V11), {@link io.alphastream.KeyException} (ASVR
   *     without passphrase, or wrong key: V02), {@link io.alphastream.InvalidArgumentException}
   */
  public static Future<OpenedStream> open(Vertx vertx, String uri, ReaderOptions readerOptions,
      TransportOptions options) {
    return OpenedStreamImpl.open(vertx, uri, readerOptions, options);
  }

  /**
   * Opens the stream in an already open source and takes ownership of it: closing the stream, or a
   * failed open, closes the source.
   */
  public static Future<OpenedStream> open(Vertx vertx, RangeSource source, ReaderOptions readerOptions) {
    return OpenedStreamImpl.open(vertx, source, readerOptions);
  }
}
