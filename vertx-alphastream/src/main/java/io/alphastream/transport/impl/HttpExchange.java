package io.alphastream.transport.impl;

import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP range request (one attempt): sends {@code Range: bytes=a-b}, checks the response against
 * what was asked for, and yields the body or a typed {@link TransportException}. It never retries;
 * {@link HttpRangeSource} decides that from {@link TransportException#retryable()}.
 *
 * <p>Success is a 206 whose {@code Content-Range} is exactly the requested range (when opening, the end
 * may be cut at the resource length) and whose body has exactly that many bytes, or a 200 full body
 * within {@code maxFullBodyBytes} (the server ignores {@code Range}). Everything else fails, and the
 * connection is reset, so a refused body is never downloaded. A timer covers the whole attempt:
 * connect, headers and body.
 */
final class HttpExchange {

  /** What a successful exchange produced. */
  record Result(boolean fullBody, long start, long total, Buffer body, String etag,
      String lastModified) {}

  /** The validators of the resource as first seen; a response that disagrees fails with CHANGED. */
  record Validators(String etag, String lastModified) {
    static final Validators NONE = new Validators(null, null);

    /** The {@code If-Match} value for a strong ETag, else null (weak tags never match If-Match). */
    String ifMatch() {
      return etag != null && !etag.startsWith("W/") ? etag : null;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final String requestUrl;
  private final String uri;
  private final long offset;
  private final int length;
  private final boolean opening;
  private final long knownSize;
  private final Validators validators;
  private final int maxFullBodyBytes;
  private final long timeoutMs;
  private final boolean deadlineBound;
  private final MultiMap headers;
  private final MetricsRecorder metrics;

  private final Promise<Result> promise = Promise.promise();
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile HttpClientRequest request;
  private long startNanos;
  private long timerId;
  private volatile long retryAfterMs = -1;

  /**
   * @param opening the first request of a source: the length is not known yet and the server may cut
   *     the range at the end of the resource
   * @param knownSize resource length, -1 while opening
   * @param deadlineBound true when {@code timeoutMs} was cut short by the read's total deadline
   */
  HttpExchange(Vertx vertx, HttpClient client, String requestUrl, String uri, long offset, int length,
      boolean opening, long knownSize, Validators validators, int maxFullBodyBytes, long timeoutMs,
      boolean deadlineBound, MultiMap headers, MetricsRecorder metrics) {
    this.vertx = vertx;
    this.client = client;
    this.requestUrl = requestUrl;
    this.uri = uri;
    this.offset = offset;
    this.length = length;
    this.opening = opening;
    this.knownSize = knownSize;
    this.validators = validators;
    this.maxFullBodyBytes = maxFullBodyBytes;
    this.timeoutMs = timeoutMs;
    this.deadlineBound = deadlineBound;
    this.headers = headers;
    this.metrics = metrics;
  }

  /** The server's {@code Retry-After} in milliseconds (for a 429/503), or -1. */
  long retryAfterMs() {
    return retryAfterMs;
  }

  Future<Result> run() {
    RequestOptions ro = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(requestUrl)
        .setFollowRedirects(true)
        .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers))
        .putHeader("Range", "bytes=" + offset + "-" + (offset + length - 1))
        .putHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
    String ifMatch = validators.ifMatch();
    if (ifMatch != null) {
      ro.putHeader(HttpHeaders.IF_MATCH, ifMatch);
    }
    metrics.request();
    startNanos = System.nanoTime();
    timerId = vertx.setTimer(timeoutMs, t -> fail(error(Kind.TIMEOUT, true, deadlineBound
        ? "read deadline reached after " + timeoutMs + " ms in this request"
        : "no complete response within " + timeoutMs + " ms")));
    client.request(ro).onComplete(ar -> {
      if (ar.failed()) {
        fail(TransportErrors.connection(ar.cause(), uri, offset, length));
        return;
      }
      HttpClientRequest req = ar.result();
      request = req;
      // a reset we caused reports here too; once the outcome is decided it is ignored
      req.exceptionHandler(err -> fail(TransportErrors.connection(err, uri, offset, length)));
      if (done.get()) { // timed out or closed while connecting
        req.reset();
        return;
      }
      req.send().onComplete(sent -> {
        if (sent.failed()) {
          fail(TransportErrors.connection(sent.cause(), uri, offset, length));
        } else {
          onResponse(sent.result());
        }
      });
    });
    return promise.future();
  }

  /** Fails the exchange now (source closing) and resets its connection. */
  void cancel(TransportException reason) {
    fail(reason);
  }

  private void onResponse(HttpClientResponse resp) {
    resp.exceptionHandler(err -> fail(TransportErrors.connection(err, uri, offset, length)));
    int status = resp.statusCode();
    String etag = resp.getHeader(HttpHeaders.ETAG);
    String lastModified = resp.getHeader(HttpHeaders.LAST_MODIFIED);
    if (status == 206 || status == 200) {
      String encoding = resp.getHeader(HttpHeaders.CONTENT_ENCODING);
      if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
        fail(error(Kind.BAD_RESPONSE, false, "server applied Content-Encoding " + encoding
            + " although identity was requested"));
        return;
      }
      String type = resp.getHeader(HttpHeaders.CONTENT_TYPE);
      if (opening && isPage(type)) {
        // an error or login page under the stream's URL: say so now, not "wrong key" at decryption
        fail(error(Kind.BAD_RESPONSE, false, "not an AlphaStream file (content-type " + type
            + "): the server answered with a page"));
        return;
      }
      String changed = changedValidator(etag, lastModified);
      if (changed != null) {
        fail(error(Kind.CHANGED, false, "the resource changed since it was opened (" + changed + ")"));
        return;
      }
    }
    switch (status) {
      case 206 -> partial(resp, etag, lastModified);
      case 200 -> fullBody(resp, etag, lastModified);
      case 416 -> notSatisfiable(resp, etag, lastModified);
      default -> fail(statusError(resp));
    }
  }

  /** A content type no stream file is ever served as: HTML or XHTML pages. */
  private static boolean isPage(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(java.util.Locale.ROOT).strip();
    return t.startsWith("text/html") || t.startsWith("application/xhtml+xml");
  }

  private String changedValidator(String etag, String lastModified) {
    if (validators.etag() != null && etag != null && !sameEtag(validators.etag(), etag)) {
      return "ETag " + validators.etag() + " became " + etag;
    }
    if (validators.lastModified() != null && lastModified != null
        && !validators.lastModified().equals(lastModified)) {
      return "Last-Modified " + validators.lastModified() + " became " + lastModified;
    }
    return null;
  }

  /** Weak comparison (RFC 9110 8.8.3.2): a CDN may weaken a tag, which does not mean a new body. */
  private static boolean sameEtag(String a, String b) {
    return stripWeak(a).equals(stripWeak(b));
  }

  private static String stripWeak(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  private void partial(HttpClientResponse resp, String etag, String lastModified) {
    String header = resp.getHeader(HttpHeaders.CONTENT_RANGE);
    ContentRange cr = ContentRange.parse(header);
    if (cr == null || cr.unsatisfied()) {
      fail(error(Kind.BAD_RESPONSE, false, "206 without a valid Content-Range: " + header));
      return;
    }
    if (cr.total() < 0) {
      fail(error(Kind.BAD_RESPONSE, false, "206 whose Content-Range has no total length: " + header));
      return;
    }
    if (knownSize >= 0 && cr.total() != knownSize) {
      fail(error(Kind.CHANGED, false, "the resource length changed from " + knownSize + " to "
          + cr.total() + " bytes"));
      return;
    }
    long wantedEnd = opening ? Math.min(offset + length, cr.total()) : offset + length;
    if (cr.start() != offset || cr.end() != wantedEnd) {
      if (cr.start() == offset && cr.end() < wantedEnd) {
        fail(error(Kind.SHORT_READ, false, "server returned only bytes " + header
            + " of the requested range"));
      } else {
        fail(error(Kind.BAD_RESPONSE, false, "Content-Range " + header
            + " does not match the requested range"));
      }
      return;
    }
    long expected = cr.end() - cr.start();
    if (!checkContentLength(resp, expected)) {
      return;
    }
    readBody(resp, expected, true, body ->
        new Result(false, cr.start(), cr.total(), body, etag, lastModified));
  }

  private void fullBody(HttpClientResponse resp, String etag, String lastModified) {
    long declared = parseLength(resp.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared > maxFullBodyBytes || maxFullBodyBytes == 0) {
      fail(error(Kind.BAD_RESPONSE, false, "server ignored Range and answered 200 with the full body"
          + (declared >= 0 ? " (" + declared + " bytes)" : "") + ", larger than maxFullBodyBytes "
          + maxFullBodyBytes));
      return;
    }
    if (knownSize >= 0 && declared >= 0 && declared != knownSize) {
      fail(error(Kind.CHANGED, false, "the resource length changed from " + knownSize + " to "
          + declared + " bytes"));
      return;
    }
    if (declared < 0) {
      // chunked: read up to the cap, fail the moment it is exceeded
      readBody(resp, maxFullBodyBytes, false, body -> checkFull(body, etag, lastModified));
    } else {
      readBody(resp, declared, true, body -> checkFull(body, etag, lastModified));
    }
  }

  private Result checkFull(Buffer body, String etag, String lastModified) {
    if (knownSize >= 0 && body.length() != knownSize) {
      throw error(Kind.CHANGED, false, "the resource length changed from " + knownSize + " to "
          + body.length() + " bytes");
    }
    return new Result(true, 0, body.length(), body, etag, lastModified);
  }

  private void notSatisfiable(HttpClientResponse resp, String etag, String lastModified) {
    ContentRange cr = ContentRange.parse(resp.getHeader(HttpHeaders.CONTENT_RANGE));
    if (opening && cr != null && cr.unsatisfied() && cr.total() >= 0 && offset >= cr.total()) {
      // the first request asks for [0, N): 416 means the resource is empty (bytes */0)
      complete(new Result(false, 0, cr.total(), Buffer.buffer(), etag, lastModified));
      HttpClientRequest req = request;
      if (req != null) {
        req.reset(); // the error page, if any, is not worth reading
      }
      return;
    }
    fail(error(Kind.RANGE_NOT_SATISFIABLE, false, "server answered 416 Range Not Satisfiable"
        + (cr != null && cr.total() >= 0 ? " (resource is " + cr.total() + " bytes)" : "")));
  }

  private TransportException statusError(HttpClientResponse resp) {
    int status = resp.statusCode();
    String what = "server answered " + status
        + (resp.statusMessage() == null ? "" : " " + resp.statusMessage());
    if (status == 429 || status == 503) {
      retryAfterMs = parseRetryAfterMs(resp.getHeader(HttpHeaders.RETRY_AFTER));
    }
    return switch (status) {
      case 404, 410 -> error(Kind.NOT_FOUND, false, what);
      case 401, 403 -> error(Kind.FORBIDDEN, false, what);
      case 412 -> error(Kind.CHANGED, false, what + ": the resource changed since it was opened");
      case 408 -> error(Kind.TIMEOUT, true, what);
      case 429, 500, 502, 503, 504 -> error(Kind.SERVER_ERROR, true, what);
      // the client follows redirects up to its limit and hands over the last one: a loop, or a chain
      case 301, 302, 303, 307, 308 -> error(Kind.BAD_RESPONSE, false, "too many redirects (more than "
          + HttpClientOptions.DEFAULT_MAX_REDIRECTS + "; a redirect loop?): the last answer was " + status
          + " to " + redactedLocation(resp.getHeader(HttpHeaders.LOCATION)));
      default -> status >= 500
          ? error(Kind.SERVER_ERROR, false, what)
          : error(Kind.BAD_RESPONSE, false, what + " to a range request");
    };
  }

  private boolean checkContentLength(HttpClientResponse resp, long expected) {
    long declared = parseLength(resp.getHeader(HttpHeaders.CONTENT_LENGTH));
    if (declared >= 0 && declared != expected) {
      fail(declared < expected
          ? error(Kind.SHORT_READ, false, "Content-Length " + declared + " is shorter than the "
              + expected + " bytes of its Content-Range")
          : error(Kind.BAD_RESPONSE, false, "Content-Length " + declared + " is longer than the "
              + expected + " bytes of its Content-Range"));
      return false;
    }
    return true;
  }

  private interface BodyMapper {
    Result map(Buffer body);
  }

  /** Collects the body; more than {@code limit} bytes fails at once, fewer (when exact) at the end. */
  private void readBody(HttpClientResponse resp, long limit, boolean exact, BodyMapper mapper) {
    Buffer body = Buffer.buffer((int) Math.min(limit, 1 << 20));
    resp.handler(chunk -> {
      if (done.get()) {
        return;
      }
      if (body.length() + (long) chunk.length() > limit) {
        fail(error(Kind.BAD_RESPONSE, false, "body is longer than " + limit + " bytes"));
        return;
      }
      body.appendBuffer(chunk);
      metrics.bytes(chunk.length());
    });
    resp.exceptionHandler(err -> fail(TransportErrors.of(Kind.CONNECTION, true, uri, offset, length,
        "connection lost after " + body.length() + " of " + limit + " body bytes", err)));
    resp.endHandler(v -> {
      if (exact && body.length() != limit) {
        fail(error(Kind.SHORT_READ, false, "body ended after " + body.length() + " of " + limit
            + " bytes"));
        return;
      }
      Result result;
      try {
        result = mapper.map(body);
      } catch (TransportException e) {
        fail(e);
        return;
      }
      // Vert.x returns the connection to the pool after this handler: completing on the next tick
      // lets a read issued by the caller's continuation reuse it instead of opening another one
      vertx.getOrCreateContext().runOnContext(tick -> complete(result));
    });
  }

  private void complete(Result r) {
    if (done.compareAndSet(false, true)) {
      vertx.cancelTimer(timerId);
      metrics.finished(startNanos, false); // before completing: callers may read the metrics at once
      promise.complete(r);
    }
  }

  /** Fails the exchange (first outcome wins) and resets the connection. */
  private void fail(TransportException e) {
    if (done.compareAndSet(false, true)) {
      vertx.cancelTimer(timerId);
      metrics.finished(startNanos, true);
      HttpClientRequest req = request;
      if (req != null) {
        // closes an HTTP/1.1 connection: the unread rest of the body is never downloaded;
        // its own failure (already reset, connection gone) is moot because the outcome is decided
        req.reset(0, e);
      }
      promise.fail(e);
    }
  }

  /** A redirect target as messages may show it: no query string, no user info. */
  private static String redactedLocation(String location) {
    return location == null ? "(no Location)" : io.alphastream.transport.Locators.redact(location);
  }

  private TransportException error(Kind kind, boolean retryable, String what) {
    return TransportErrors.of(kind, retryable, uri, offset, length, what);
  }

  private static long parseLength(String value) {
    if (value == null) {
      return -1;
    }
    try {
      long v = Long.parseLong(value.trim());
      return v < 0 ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long parseRetryAfterMs(String value) {
    if (value == null) {
      return -1;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? -1 : Math.min(seconds, 86_400) * 1000;
    } catch (NumberFormatException e) {
      return -1; // an HTTP date: ignored, the backoff applies
    }
  }
}
