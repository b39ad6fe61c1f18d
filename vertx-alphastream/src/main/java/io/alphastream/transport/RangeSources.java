package io.alphastream.transport;

import io.alphastream.format.ByteRanges;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamFile;
import io.alphastream.transport.impl.BlockingByteRanges;
import io.alphastream.transport.impl.Locators;
import io.vertx.core.Vertx;

/**
 * Blocking adapters for callers that are not on a Vert.x thread (the CLI, tests, benchmarks): they open
 * a {@link RangeSource} and wait for it, so the synchronous {@link StreamFile} works over HTTP, files and
 * memory alike. Every method throws {@link IllegalStateException} when called on a Vert.x thread.
 */
public final class RangeSources {
  private RangeSources() {}

  /**
   * Opens {@code uri} ({@code http(s)://}, {@code file:} or a path) and returns it as
   * {@link ByteRanges}; reads wait for the source. Failures of {@code read} are thrown as the source's
   * {@link io.alphastream.TransportException} (unchecked, kind kept), except a range past the end, which
   * is an {@link java.io.EOFException} as {@code ByteRanges} specifies.
   *
   * @throws io.alphastream.TransportException when the source cannot be opened
   * @throws io.alphastream.InvalidArgumentException for a malformed locator
   */
  public static ByteRanges openBlocking(Vertx vertx, String uri, TransportOptions options) {
    return BlockingByteRanges.open(vertx, uri, options);
  }

  /** An open source as {@link ByteRanges}; closing them closes the source. */
  public static ByteRanges asByteRanges(RangeSource source, TransportOptions options) {
    return BlockingByteRanges.wrap(source, options);
  }

  /**
   * Opens the stream at {@code uri} synchronously: {@link #openBlocking} then
   * {@link StreamFile#open(ByteRanges, String, ReaderOptions)} with {@link #displayUri(String)} as the
   * source, so messages carry no query string and the ASVR salt name excludes it.
   */
  public static StreamFile openStreamBlocking(Vertx vertx, String uri, ReaderOptions readerOptions,
      TransportOptions options) {
    ByteRanges ranges = openBlocking(vertx, uri, options);
    return StreamFile.open(ranges, displayUri(uri), readerOptions); // closes ranges when it fails
  }

  /**
   * {@code uri} as sources show it ({@link RangeSource#uri()}): URLs without query string and user
   * info, paths unchanged. Safe to print.
   */
  public static String displayUri(String uri) {
    return Locators.redact(uri);
  }
}
