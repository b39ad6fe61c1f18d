package io.alphastream.transport.impl;

import io.alphastream.AlphaStreamException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.transport.Locators;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.ReadRange;
import io.alphastream.transport.SourceMetrics;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RangeSource} over HTTP(S) range requests, with its own pooled, keep-alive
 * {@link HttpClientAgent}. Opening makes one speculative ranged GET of
 * {@link TransportOptions#getSpeculativeReadBytes()} bytes: its {@code Content-Range} gives the length
 * and its body is kept, so reads inside that prefix (header and sizes table) cost no request.
 *
 * <p>Each read takes a request slot ({@link RequestLimiter}), then runs {@link HttpExchange} attempts:
 * retryable failures are retried after an exponential backoff with full jitter, within
 * {@code maxRetries} and the read's {@code deadlineMs}. A server that ignores {@code Range} is detected
 * (200 instead of 206); its full body is accepted once if it is at most {@code maxFullBodyBytes} and
 * serves every later read from memory, else the read fails with {@code BAD_RESPONSE}.
 */
public final class HttpRangeSource implements RangeSource {

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final TransportOptions options;
  private final String uri;
  private final String requestUrl;
  private final MultiMap headers;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final RequestLimiter limiter;
  private final Set<HttpExchange> active = ConcurrentHashMap.newKeySet();
  private final Set<Promise<?>> pending = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> closed = Promise.promise();

  // set once by start(), before the source is handed out
  private volatile long size = -1;
  private volatile HttpExchange.Validators validators = HttpExchange.Validators.NONE;
  private volatile Buffer prefix = Buffer.buffer();
  // set when the server answers a ranged request with its whole body
  private volatile Buffer fullBody;

  private HttpRangeSource(Vertx vertx, HttpClientAgent client, String uri, String requestUrl,
      TransportOptions options) {
    this.vertx = vertx;
    this.client = client;
    this.options = options;
    this.uri = Locators.redact(uri);
    this.requestUrl = requestUrl;
    this.limiter = new RequestLimiter(vertx, options.getMaxConcurrentRequests(),
        options.getMaxQueuedRequests());
    MultiMap h = MultiMap.caseInsensitiveMultiMap();
    options.getHeaders().forEach(h::add);
    h.set(HttpHeaders.USER_AGENT, options.getUserAgent());
    this.headers = h;
  }

  /** Opens {@code uri} with options the caller no longer changes (RangeSource.open copies them). */
  public static Future<RangeSource> open(Vertx vertx, String uri, TransportOptions options) {
    String requestUrl;
    try {
      requestUrl = Locators.requestUrl(uri);
    } catch (InvalidArgumentException e) {
      return Future.failedFuture(e);
    }
    Future<Void> tlsReady = requestUrl.regionMatches(true, 0, "https:", 0, 6)
        ? warmUpTls(vertx) : Future.succeededFuture();
    return tlsReady.compose(v -> create(vertx, uri, requestUrl, options));
  }

  /** See {@link TlsWarmUp}: TLS class and provider initialisation on a worker, not in the first connect. */
  private static Future<Void> warmUpTls(Vertx vertx) {
    return vertx.<Void>executeBlocking(() -> {
      TlsWarmUp.run();
      return null;
    }, false).recover(err -> Future.succeededFuture()); // the real connect reports any TLS problem
  }

  private static Future<RangeSource> create(Vertx vertx, String uri, String requestUrl,
      TransportOptions options) {
    HttpClientOptions clientOptions = new HttpClientOptions()
        .setConnectTimeout(options.getConnectTimeoutMs())
        .setKeepAlive(options.isKeepAlive())
        .setKeepAliveTimeout(options.getKeepAliveTimeoutSeconds())
        .setDecompressionSupported(false)
        .setTrustAll(options.isTrustAll())
        .setVerifyHost(!options.isTrustAll());
    PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(options.getMaxPoolSize());
    HttpClientAgent client = vertx.httpClientBuilder().with(clientOptions).with(poolOptions).build();
    HttpRangeSource source = new HttpRangeSource(vertx, client, uri, requestUrl, options);
    return source.start().<RangeSource>map(v -> source)
        .recover(err -> source.close().transform(ignored -> Future.failedFuture(err)));
  }

  private Future<Void> start() {
    long deadlineAt = nowMs() + options.getDeadlineMs();
    return fetch(0, options.getSpeculativeReadBytes(), true, deadlineAt).map(r -> {
      size = r.total();
      validators = new HttpExchange.Validators(r.etag(), r.lastModified());
      if (r.fullBody()) {
        fullBody = r.body();
      } else {
        prefix = r.body();
      }
      return null;
    });
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
    Future<Buffer> local = readLocal(offset, length);
    return local != null ? local : readRemote(offset, length);
  }

  /** A read answered without a request (bad arguments, closed, prefix, full body), else null. */
  private Future<Buffer> readLocal(long offset, int length) {
    AlphaStreamException invalid = TransportErrors.checkRead(uri, offset, length, closing.get(), size);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    Buffer full = fullBody;
    if (full != null) {
      return Future.succeededFuture(full.getBuffer((int) offset, (int) (offset + length)));
    }
    if (offset + length <= prefix.length()) {
      return Future.succeededFuture(prefix.getBuffer((int) offset, (int) (offset + length)));
    }
    return null;
  }

  private Buffer installFullBody(Buffer body) {
    fullBody = body;
    return body;
  }

  /**
   * Merges ranges that touch (or lie within {@code maxCoalesceGapBytes} of each other) into one
   * request of at most {@code maxCoalescedBytes}, then copies each range out of it. Ranges served
   * locally (prefix, full body) take no request.
   */
  @Override
  public Future<List<Buffer>> readAll(List<ReadRange> ranges) {
    if (ranges == null) {
      return Future.failedFuture(new InvalidArgumentException("ranges must not be null"));
    }
    int n = ranges.size();
    List<Buffer> out = new ArrayList<>(java.util.Collections.nCopies(n, (Buffer) null));
    List<Integer> remote = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ReadRange r = ranges.get(i);
      metrics.read(1);
      Future<Buffer> local = readLocal(r.offset(), r.length());
      if (local == null) {
        remote.add(i);
      } else if (local.failed()) {
        return Future.failedFuture(local.cause());
      } else {
        out.set(i, local.result());
      }
    }
    remote.sort((a, b) -> Long.compare(ranges.get(a).offset(), ranges.get(b).offset()));
    List<Future<?>> groups = new ArrayList<>();
    int g = 0;
    while (g < remote.size()) {
      long start = ranges.get(remote.get(g)).offset();
      long end = ranges.get(remote.get(g)).end();
      int h = g + 1;
      while (h < remote.size()) {
        ReadRange next = ranges.get(remote.get(h));
        long newEnd = Math.max(end, next.end());
        if (next.offset() - end > options.getMaxCoalesceGapBytes()
            || newEnd - start > options.getMaxCoalescedBytes()) {
          break;
        }
        end = newEnd;
        h++;
      }
      List<Integer> members = remote.subList(g, h);
      long groupStart = start;
      groups.add(readRemote(groupStart, (int) (end - start)).map(buf -> {
        for (int i : members) {
          ReadRange r = ranges.get(i);
          int from = (int) (r.offset() - groupStart);
          out.set(i, buf.getBuffer(from, from + r.length())); // a copy: never keep a slice of a big read
        }
        return null;
      }));
      g = h;
    }
    return Future.all(groups).map(cf -> out);
  }

  /** Takes a request slot, then fetches; the range is valid and not served locally. */
  private Future<Buffer> readRemote(long offset, int length) {
    long deadlineAt = nowMs() + options.getDeadlineMs();
    return limiter.acquireRead(uri, offset, length, options.getDeadlineMs())
        .compose(slot -> fetch(offset, length, false, deadlineAt).andThen(ar -> limiter.release()))
        .map(r -> r.fullBody()
            ? installFullBody(r.body()).getBuffer((int) offset, (int) (offset + length))
            : r.body());
  }

  /** Attempts until success, a non-retryable failure, {@code maxRetries} or the deadline. */
  private Future<HttpExchange.Result> fetch(long offset, int length, boolean opening, long deadlineAt) {
    Promise<HttpExchange.Result> p = Promise.promise();
    pending.add(p);
    attempt(offset, length, opening, deadlineAt, 1, p);
    return p.future().andThen(ar -> pending.remove(p));
  }

  private void attempt(long offset, int length, boolean opening, long deadlineAt, int n,
      Promise<HttpExchange.Result> p) {
    if (closing.get()) {
      p.tryFail(TransportErrors.closed(uri, offset, length));
      return;
    }
    long remaining = deadlineAt - nowMs();
    if (remaining <= 0) {
      p.tryFail(TransportErrors.of(Kind.TIMEOUT, false, uri, offset, length,
          "read deadline of " + options.getDeadlineMs() + " ms passed after " + (n - 1) + " attempts"));
      return;
    }
    long timeout = Math.min(options.getRequestTimeoutMs(), remaining);
    HttpExchange ex = new HttpExchange(vertx, client, requestUrl, uri, offset, length, opening,
        opening ? -1 : size, validators, options.getMaxFullBodyBytes(), timeout,
        timeout < options.getRequestTimeoutMs(), headers, metrics);
    active.add(ex);
    ex.run().onComplete(ar -> {
      active.remove(ex);
      if (ar.succeeded()) {
        p.tryComplete(ar.result());
        return;
      }
      TransportException te = (TransportException) ar.cause();
      if (!te.retryable() || n > options.getMaxRetries() || closing.get()) {
        p.tryFail(TransportErrors.afterAttempts(te, n));
        return;
      }
      long delay = backoffMs(n - 1, ex.retryAfterMs());
      if (nowMs() + delay >= deadlineAt) {
        p.tryFail(TransportErrors.afterAttempts(te, n));
        return;
      }
      metrics.retry();
      vertx.setTimer(delay, t -> attempt(offset, length, opening, deadlineAt, n + 1, p));
    });
  }

  /** Full jitter: uniform in [1, min(max, base * 2^retry)], at least the server's Retry-After (capped). */
  private long backoffMs(int retry, long retryAfterMs) {
    long cap = Math.min(options.getRetryMaxDelayMs(),
        options.getRetryBaseDelayMs() << Math.min(retry, 30));
    long delay = 1 + ThreadLocalRandom.current().nextLong(Math.max(1, cap));
    if (retryAfterMs > 0) {
      delay = Math.max(delay, Math.min(retryAfterMs, options.getRetryMaxDelayMs()));
    }
    return delay;
  }

  /** Monotonic milliseconds for deadlines (wall-clock jumps must not stretch or cut them). */
  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  @Override
  public SourceMetrics metrics() {
    return metrics.snapshot();
  }

  /** Fails waiting and in-flight reads with CLOSED, resets their connections, closes the client. */
  @Override
  public Future<Void> close() {
    if (closing.compareAndSet(false, true)) {
      limiter.close(() -> TransportErrors.closed(uri));
      for (HttpExchange ex : active) {
        ex.cancel(TransportErrors.closed(uri));
      }
      for (Promise<?> p : pending) {
        p.tryFail(TransportErrors.closed(uri));
      }
      client.close().onComplete(ar -> closed.complete()); // a client close failure leaves nothing open
    }
    return closed.future();
  }

  /** Requests in flight now (for tests of the concurrency cap). */
  public int inFlight() {
    return limiter.inFlight();
  }
}
