package io.alphastream.transport.impl;

import io.alphastream.AlphaStreamException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.vertx.core.VertxException;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Builds the {@link TransportException}s of all sources, so every source words and classifies its
 * failures the same way: {@code "<uri>: offset <o> length <n>: <what happened>"}.
 */
public final class TransportErrors {
  private TransportErrors() {}

  /** Range text for messages; a negative length means "while opening". */
  static String where(long offset, long length) {
    return length < 0 ? "open" : "offset " + offset + " length " + length;
  }

  public static TransportException of(Kind kind, boolean retryable, String uri, long offset,
      long length, String what, Throwable cause) {
    return new TransportException(kind, retryable, uri + ": " + where(offset, length) + ": " + what,
        cause);
  }

  public static TransportException of(Kind kind, boolean retryable, String uri, long offset,
      long length, String what) {
    return of(kind, retryable, uri, offset, length, what, null);
  }

  public static TransportException closed(String uri, long offset, long length) {
    return of(Kind.CLOSED, false, uri, offset, length, "source is closed");
  }

  /** A read that was pending when the source was closed. */
  public static TransportException closed(String uri) {
    return new TransportException(Kind.CLOSED, false, uri + ": source was closed before the read completed",
        null);
  }

  /** A read that found the wait queue for request slots full: retryable, the queue drains. */
  static TransportException queueFull(String uri, long offset, long length, int maxQueued) {
    return of(Kind.IO, true, uri, offset, length,
        "too many queued reads (" + maxQueued + " already wait for a request slot)");
  }

  /** A read whose deadline passed while it waited for a request slot. */
  static TransportException slotTimeout(String uri, long offset, long length, long waitMs) {
    return of(Kind.TIMEOUT, false, uri, offset, length,
        "read deadline of " + waitMs + " ms passed while waiting for a request slot");
  }

  public static TransportException outOfRange(String uri, long offset, long length, long size) {
    return of(Kind.RANGE_NOT_SATISFIABLE, false, uri, offset, length,
        "range lies outside the " + size + "-byte resource");
  }

  /**
   * The checks every source makes before a read, in the same order so every source fails the same way:
   * bad arguments, closed, outside the resource. Returns the error, or null when the read may go ahead.
   */
  static AlphaStreamException checkRead(String uri, long offset, int length, boolean closed, long size) {
    if (offset < 0 || length < 0) {
      return new InvalidArgumentException(uri + ": bad range: offset " + offset + " length " + length);
    }
    if (closed) {
      return closed(uri, offset, length);
    }
    if (offset > size || length > size - offset) {
      return outOfRange(uri, offset, length, size);
    }
    return null;
  }

  /** The same error with "after N attempts" added, for the failure a retry loop finally reports. */
  static TransportException afterAttempts(TransportException e, int attempts) {
    if (attempts <= 1) {
      return e;
    }
    return new TransportException(e.kind(), e.retryable(),
        e.getMessage() + " (gave up after " + attempts + " attempts)", e.getCause());
  }

  /** Maps a failure below HTTP (connect, TLS, reset, timeout) to a typed error. */
  static TransportException connection(Throwable err, String uri, long offset, long length) {
    if (err instanceof TransportException te) {
      return te;
    }
    if (err instanceof TimeoutException) {
      return of(Kind.TIMEOUT, true, uri, offset, length, "timed out: " + err.getMessage(), err);
    }
    if (err instanceof SSLException) {
      return of(Kind.CONNECTION, false, uri, offset, length, "TLS failure: " + err.getMessage(), err);
    }
    if (err instanceof UnknownHostException) {
      return of(Kind.CONNECTION, true, uri, offset, length, "unknown host: " + err.getMessage(), err);
    }
    if (err instanceof ConnectException) {
      return of(Kind.CONNECTION, true, uri, offset, length, "cannot connect: " + err.getMessage(), err);
    }
    if (err instanceof HttpClosedException || err instanceof ClosedChannelException) {
      return of(Kind.CONNECTION, true, uri, offset, length, "connection closed by the server", err);
    }
    if (err instanceof java.io.IOException || err instanceof VertxException) {
      return of(Kind.CONNECTION, true, uri, offset, length, "connection failed: " + err, err);
    }
    return of(Kind.IO, false, uri, offset, length, "request failed: " + err, err);
  }

  /** Maps a file system failure to a typed error. */
  static TransportException fileSystem(Throwable err, String uri, long offset, long length) {
    if (err instanceof TransportException te) {
      return te;
    }
    Throwable root = err instanceof FileSystemException && err.getCause() != null ? err.getCause() : err;
    if (root instanceof NoSuchFileException) {
      return of(Kind.NOT_FOUND, false, uri, offset, length, "no such file", err);
    }
    if (root instanceof AccessDeniedException) {
      return of(Kind.FORBIDDEN, false, uri, offset, length, "access denied", err);
    }
    return of(Kind.IO, false, uri, offset, length, "file read failed: " + root, err);
  }
}
