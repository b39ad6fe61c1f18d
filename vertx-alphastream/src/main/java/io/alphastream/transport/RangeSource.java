package io.alphastream.transport;

import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.transport.impl.FileRangeSource;
import io.alphastream.transport.impl.HttpRangeSource;
import io.alphastream.transport.impl.MemoryRangeSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Random-access bytes of one stream file, read without blocking: over HTTP(S) range requests, from a
 * local file, or from memory. Every implementation has the same error semantics: a read either yields
 * exactly the bytes asked for or fails with a {@link TransportException} whose
 * {@link TransportException#kind() kind} says why (see {@code docs/transport.md}).
 *
 * <p>Thread-safe: any thread may call any method. Concurrent reads may complete in any order. No method
 * blocks, and an async method never throws: bad arguments give a failed future.
 */
public interface RangeSource {

  /**
   * Opens a source by locator: {@code http://} and {@code https://} URLs, {@code file:} URLs, plain
   * file system paths and {@code sample:NAME} (a sample bundled in the jar, read into memory). An HTTP source makes one ranged request here (see
   * {@link TransportOptions#getSpeculativeReadBytes()}) to learn the length; a file source opens the
   * file once and keeps it open until {@link #close()}.
   *
   * @return the open source, or a failed future holding a {@link TransportException} (the resource
   *     cannot be read) or an {@link InvalidArgumentException} (the locator is malformed, or its scheme
   *     is not supported: the message names the scheme and lists the supported ones)
   */
  static Future<RangeSource> open(Vertx vertx, String uri, TransportOptions options) {
    if (vertx == null || uri == null || options == null) {
      return Future.failedFuture(new InvalidArgumentException("vertx, uri and options are required"));
    }
    TransportOptions copy = new TransportOptions(options);
    switch (Locators.kindOf(uri)) {
      case HTTP:
        return HttpRangeSource.open(vertx, uri, copy);
      case FILE:
        return FileRangeSource.open(vertx, uri, copy);
      case SAMPLE:
        // a bundled sample is read from the jar: blocking, so off the event loop
        return vertx.executeBlocking(() -> memory(Buffer.buffer(Locators.sampleBytes(uri)), uri), false);
      default:
        return Future.failedFuture(Locators.unsupported(uri));
    }
  }

  /** A source over bytes already in memory, named {@code "memory"}. The buffer is not copied: do not change it. */
  static RangeSource memory(Buffer bytes) {
    return new MemoryRangeSource(bytes, "memory");
  }

  /**
   * A source over bytes already in memory, with a locator used in messages and to derive an ASVR salt
   * name (for example {@code "small.asvr"}). The buffer is not copied: do not change it.
   */
  static RangeSource memory(Buffer bytes, String uri) {
    return new MemoryRangeSource(bytes, uri);
  }

  /**
   * The locator for messages and for the ASVR salt name. HTTP sources drop the query string (it may
   * carry signatures) and any user info; the salt-name rule drops the query anyway, so
   * {@code SaltName.of(uri())} equals the name derived from the full URL.
   */
  String uri();

  /** Length of the resource in bytes, known since it was opened. */
  long size();

  /**
   * Exactly {@code length} bytes at {@code offset}. A range that does not lie within
   * {@code [0, size())} fails with {@code RANGE_NOT_SATISFIABLE}; fewer bytes than asked for from the
   * medium fail with {@code SHORT_READ}: a short read is always an error. The returned buffer belongs to
   * the caller.
   */
  Future<Buffer> read(long offset, int length);

  /** {@link #read(long, int)} of one range. */
  default Future<Buffer> read(ReadRange range) {
    return read(range.offset(), range.length());
  }

  /**
   * Reads several ranges; the list of results is in the order of {@code ranges}. Sources may merge
   * adjacent ranges into fewer requests (HTTP does, within
   * {@link TransportOptions#getMaxCoalescedBytes()}) and split the result afterwards. Fails as a whole
   * when any range fails.
   */
  default Future<List<Buffer>> readAll(List<ReadRange> ranges) {
    if (ranges == null) {
      return Future.failedFuture(new InvalidArgumentException("ranges must not be null"));
    }
    List<Future<Buffer>> reads = new ArrayList<>(ranges.size());
    for (ReadRange r : ranges) {
      reads.add(read(r));
    }
    return Future.all(reads).map(cf -> {
      List<Buffer> out = new ArrayList<>(reads.size());
      for (Future<Buffer> f : reads) {
        out.add(f.result());
      }
      return out;
    });
  }

  /** A snapshot of this source's counters. */
  SourceMetrics metrics();

  /**
   * Closes the source now: waiting and in-flight reads fail with {@code CLOSED}, connections or the
   * file are released. Idempotent: every call returns the same future. Later reads fail with
   * {@code CLOSED}.
   */
  Future<Void> close();
}
