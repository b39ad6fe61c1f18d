package io.alphastream.transport.impl;

import io.alphastream.AlphaStreamException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.transport.Locators;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.SourceMetrics;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RangeSource} over a local file: positional {@link AsyncFile#read(Buffer, int, long, int)}
 * reads (64-bit positions, so files past 2 GiB work), never a whole-file load. The file is opened once,
 * read-only, and closed with the source. Its length is taken when it is opened; a file that shrinks
 * later shows up as {@code SHORT_READ}.
 */
public final class FileRangeSource implements RangeSource {

  private final AsyncFile file;
  private final String uri;
  private final long size;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final RequestLimiter limiter;
  private final long waitMs;
  private final Set<Promise<Buffer>> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closed = Promise.promise();

  private FileRangeSource(Vertx vertx, AsyncFile file, String uri, long size, TransportOptions options) {
    this.file = file;
    this.uri = uri;
    this.size = size;
    this.limiter = new RequestLimiter(vertx, options.getMaxConcurrentRequests(),
        options.getMaxQueuedRequests());
    this.waitMs = options.getDeadlineMs();
  }

  /** Opens a {@code file:} URL or plain path; all file system calls are asynchronous. */
  public static Future<RangeSource> open(Vertx vertx, String uri, TransportOptions options) {
    Path path;
    try {
      path = Locators.filePath(uri);
    } catch (InvalidArgumentException e) {
      return Future.failedFuture(e);
    }
    FileSystem fs = vertx.fileSystem();
    String p = path.toString();
    return fs.props(p)
        .compose(props -> props.isDirectory()
            ? Future.<AsyncFile>failedFuture(TransportErrors.of(Kind.IO, false, uri, 0, -1,
                "is a directory, not a file"))
            : fs.open(p, new OpenOptions().setRead(true).setWrite(false).setCreate(false)))
        .compose(file -> file.size()
            .<RangeSource>map(size -> new FileRangeSource(vertx, file, uri, size, options))
            .recover(err -> file.close().transform(x -> Future.failedFuture(err))))
        .recover(err -> Future.failedFuture(TransportErrors.fileSystem(err, uri, 0, -1)));
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public Future<Buffer> read(long offset, int length) {
    metrics.read(1);
    AlphaStreamException invalid = TransportErrors.checkRead(uri, offset, length, closing.get(), size);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    if (length == 0) {
      return Future.succeededFuture(Buffer.buffer());
    }
    return limiter.acquireRead(uri, offset, length, waitMs)
        .compose(slot -> readFile(offset, length).andThen(ar -> limiter.release()));
  }

  private Future<Buffer> readFile(long offset, int length) {
    Promise<Buffer> p = Promise.promise();
    pending.add(p);
    metrics.request();
    long start = System.nanoTime();
    Future<Buffer> read;
    try {
      read = file.read(Buffer.buffer(length), 0, offset, length);
    } catch (RuntimeException e) { // Vert.x refuses the task once it is closing
      read = Future.failedFuture(e);
    }
    read.onComplete(ar -> {
      pending.remove(p);
      if (ar.failed()) {
        metrics.finished(start, true);
        p.tryFail(closing.get() ? TransportErrors.closed(uri, offset, length)
            : TransportErrors.fileSystem(ar.cause(), uri, offset, length));
        return;
      }
      Buffer b = ar.result();
      metrics.bytes(b.length());
      if (b.length() != length) {
        metrics.finished(start, true);
        p.tryFail(TransportErrors.of(Kind.SHORT_READ, false, uri, offset, length,
            "file ended after " + b.length() + " of " + length + " bytes (it shrank since it was opened)"));
        return;
      }
      metrics.finished(start, false);
      p.tryComplete(b);
    });
    return p.future();
  }

  @Override
  public SourceMetrics metrics() {
    return metrics.snapshot();
  }

  @Override
  public Future<Void> close() {
    if (closing.compareAndSet(false, true)) {
      limiter.close(() -> TransportErrors.closed(uri));
      for (Promise<Buffer> p : pending) {
        p.tryFail(TransportErrors.closed(uri));
      }
      // a failing close still releases the descriptor; report it rather than hide it
      Future<Void> f;
      try {
        f = file.close();
      } catch (RuntimeException e) { // the Vert.x instance is closed: it has already closed the file
        f = Future.failedFuture(e);
      }
      // complete our promise only through try*: once Vert.x has closed the file itself, the file's close
      // future can report more than once, and a plain onComplete(closed) then failed with "Promise
      // already completed" on the event loop
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          closed.tryComplete();
        } else {
          closed.tryFail(TransportErrors.fileSystem(ar.cause(), uri, 0, -1));
        }
      });
    }
    return closed.future();
  }

}
