package io.alphastream.transport.impl;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Header;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamReader;
import io.alphastream.transport.OpenedStream;
import io.alphastream.transport.Locators;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link OpenedStream} over a {@link RangeSource}. Kept small on purpose: the engine's worker verticles
 * replace its {@code executeBlocking} decode later.
 */
public final class OpenedStreamImpl implements OpenedStream {
  private final Vertx vertx;
  private final RangeSource source;
  private final StreamReader reader;
  private final FrameIndex index;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closed = Promise.promise();

  private OpenedStreamImpl(Vertx vertx, RangeSource source, StreamReader reader, FrameIndex index) {
    this.vertx = vertx;
    this.source = source;
    this.reader = reader;
    this.index = index;
  }

  /**
   * Opens the source and derives the reader (key) at the same time: both only need the locator, and
   * scrypt then overlaps the first request.
   */
  public static Future<OpenedStream> open(Vertx vertx, String uri, ReaderOptions readerOptions,
      TransportOptions options) {
    if (vertx == null || uri == null || readerOptions == null || options == null) {
      return Future.failedFuture(
          new InvalidArgumentException("vertx, uri, readerOptions and options are required"));
    }
    Future<RangeSource> source = RangeSource.open(vertx, uri, options);
    Future<StreamReader> reader = createReader(vertx, Locators.redact(uri), readerOptions);
    return Future.join(source, reader).transform(ar -> {
      if (source.failed()) {
        return Future.failedFuture(source.cause());
      }
      if (reader.failed()) {
        return source.result().close().transform(x -> Future.failedFuture(reader.cause()));
      }
      return index(vertx, source.result(), reader.result());
    });
  }

  public static Future<OpenedStream> open(Vertx vertx, RangeSource source, ReaderOptions readerOptions) {
    if (vertx == null || source == null || readerOptions == null) {
      return Future.failedFuture(
          new InvalidArgumentException("vertx, source and readerOptions are required"));
    }
    return createReader(vertx, source.uri(), readerOptions)
        .recover(err -> source.close().transform(x -> Future.failedFuture(err)))
        .compose(reader -> index(vertx, source, reader));
  }

  /** scrypt is CPU-blocking: never on the event loop; unordered, so opens do not queue behind each other. */
  private static Future<StreamReader> createReader(Vertx vertx, String name, ReaderOptions options) {
    ReaderOptions copy = new ReaderOptions(options);
    return vertx.executeBlocking(() -> StreamReader.create(name, copy), false);
  }

  /** Header from the first 16 bytes, then the table prefix: both inside an HTTP source's first read. */
  private static Future<OpenedStream> index(Vertx vertx, RangeSource source, StreamReader reader) {
    long size = source.size();
    return source.read(0, (int) Math.min(StreamReader.HEADER_LENGTH, size))
        .compose(head -> {
          Header header = reader.readHeader(head.getBytes(), size); // throws: the future fails
          return source.read(0, (int) header.tableEnd()).compose(prefix ->
              vertx.executeBlocking(() -> reader.readIndex(header, prefix.getBytes(), size), false));
        })
        .<OpenedStream>map(index -> new OpenedStreamImpl(vertx, source, reader, index))
        .recover(err -> source.close().transform(x -> Future.failedFuture(err)));
  }

  @Override
  public RangeSource source() {
    return source;
  }

  @Override
  public StreamReader reader() {
    return reader;
  }

  @Override
  public FrameIndex index() {
    return index;
  }

  @Override
  public Future<Buffer> block(int frame) {
    if (closing.get()) {
      return Future.failedFuture(new StreamClosedException(source.uri()));
    }
    if (frame < 0 || frame >= index.frameCount()) {
      return Future.failedFuture(InvalidArgumentException.frame(frame, index.frameCount()));
    }
    int length;
    try {
      length = reader.checkedBlockLength(index, frame);
    } catch (FormatException e) {
      return Future.failedFuture(e);
    }
    return source.read(index.offset(frame), length);
  }

  @Override
  public Future<byte[]> payload(int frame) {
    return block(frame).compose(b -> vertx.executeBlocking(() -> {
      byte[] bytes = b.getBytes();
      return reader.inflateFrame(index, frame, bytes, 0, bytes.length);
    }, false));
  }

  @Override
  public Future<Polygons> frame(int frame) {
    return block(frame).compose(b -> vertx.executeBlocking(() -> {
      byte[] bytes = b.getBytes();
      return reader.decodeFrame(index, frame, bytes, 0, bytes.length);
    }, false));
  }

  @Override
  public Future<Void> close() {
    if (closing.compareAndSet(false, true)) {
      source.close().onComplete(closed);
    }
    return closed.future();
  }
}
