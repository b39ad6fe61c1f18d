package io.alphastream.engine;

import io.alphastream.AlphaStreamOptions;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.alphastream.transport.RangeSource;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;

/**
 * Where the frames of one open stream come from, as the facade's session sees it: a verticle that, once
 * deployed, loads decoded polygons and plain blocks and rasterizes on its own decode workers. Two kinds:
 * <ul>
 *   <li>{@link ReaderVerticle}: reads its own source (range reads, decrypt, inflate, parse);</li>
 *   <li>{@link RemoteReaderVerticle}: asks the stream served at an event-bus address, usually on another
 *       node ({@link AlphaStreamOptions#setRemoteAddress}), and rasterizes locally.</li>
 * </ul>
 * Both fail with the same typed exceptions. Every method may be called from any thread once deployed;
 * results complete on {@link #context()}.
 */
public interface FrameReader extends Deployable {

  /** The reader for {@code options}: remote if a remote address is set, else reading {@code source} (or options.source). */
  static FrameReader create(AlphaStreamOptions options, RangeSource source) {
    return options.getRemoteAddress() != null ? new RemoteReaderVerticle(options) : new ReaderVerticle(options, source);
  }

  /** The event-loop context this reader runs on (the stream's scheduler shares it). */
  Context context();

  /** The locator used in messages (redacted by the transport); known once deployed. */
  String locator();

  /** The number of frames; known once deployed. */
  int frameCount();

  /** The identity of the bytes read ({@link SourceVersion}); known once deployed. */
  long sourceVersion();

  /** The decoded polygons of {@code frame}. */
  Future<Polygons> load(int frame);

  /** The checked plain block of {@code frame} (what {@code AlphaStream.block} returns), as a new array. */
  Future<byte[]> block(int frame);

  /** {@code polygons} of {@code frame} rasterized at {@code width x height} on a decode worker. */
  Future<Mask> rasterize(int frame, Polygons polygons, int width, int height);

  ReaderStats stats();

  /** Begins an orderly close before the undeploy: nothing new starts, waiting loads fail with CLOSED. */
  void beginClose();

  /**
   * The stream is closed while this reader is still being deployed, from any thread: a reader whose
   * open may wait long (a remote one asking its address for up to {@code openTimeoutMs}) gives up and fails
   * its deployment with CLOSED; the default lets the open finish, and the caller closes what it made.
   */
  default void cancelOpen() {}
}
