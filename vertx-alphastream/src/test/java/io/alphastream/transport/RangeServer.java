package io.alphastream.transport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (random port) that serves byte arrays with single-range support and
 * injects faults on demand. Every request is recorded, so tests assert exactly which ranges were
 * fetched. Faults are scripted per request: {@link #next} queues faults for the next requests,
 * {@link #always} applies one to every request after the queue is used up.
 */
final class RangeServer {

  /** What the server does with one request. */
  enum Fault {
    /** Correct range support. */
    NONE,
    /** 200 with the full body and a Content-Length. */
    IGNORE_RANGE,
    /** 200 with the full body, chunked (no Content-Length). */
    IGNORE_RANGE_CHUNKED,
    STATUS_500, STATUS_503, STATUS_404, STATUS_403, STATUS_416, STATUS_501,
    /** 206 headers and half the body, then the connection is closed. */
    DROP_MID_BODY,
    /** 206 headers and half the body, then nothing more (until the client gives up). */
    STALL_BODY,
    /** Nothing at all until the client gives up. */
    STALL_HEADERS,
    /** 206 with a Content-Range for the whole requested range but fewer body bytes (Content-Length). */
    SHORT_BODY,
    /** 206 for only the first half of the requested range (Content-Range and body agree). */
    SHORT_RANGE,
    /** 206 whose Content-Range starts one byte later than requested. */
    WRONG_RANGE,
    /** 206 without Content-Range. */
    NO_CONTENT_RANGE,
    /** The resource gets a new ETag (and Last-Modified) before this request is answered. */
    CHANGE_ETAG,
    /** Content-Range reports a total one byte longer than the resource. */
    CHANGE_LENGTH,
    /** 302 to the same path under /moved/ (which is then served normally). */
    REDIRECT,
    /** 302 to the request's own path, forever (a redirect loop; use with {@link #always}). */
    REDIRECT_LOOP,
    /** 200 with an HTML page ({@code text/html}), as a login or error page would be. */
    HTML_PAGE,
    /** The response is held until the hold rule releases it (see {@link #holdUntil}). */
    HOLD
  }

  /** One recorded request. */
  record Seen(String method, String path, String query, String range, String ifMatch, String userAgent,
      String authorization, int clientPort) {}

  private final Vertx vertx;
  private final Map<String, Buffer> files = new HashMap<>();
  private final Deque<Fault> script = new ArrayDeque<>();
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  private final Deque<Runnable> held = new ArrayDeque<>();
  private final AtomicInteger maxHeld = new AtomicInteger();
  private Fault always = Fault.NONE;
  private boolean honorIfMatch = true;
  private int etagVersion = 1;
  private int holdCap = Integer.MAX_VALUE;
  private int holdTotal = Integer.MAX_VALUE;
  private int heldReceived;
  private final List<Map.Entry<Integer, Promise<Void>>> countWaiters = new ArrayList<>();
  private HttpServer server;
  private boolean tls;

  private static SelfSignedCertificate certificate;

  /** One certificate per test JVM: generating an RSA key takes seconds. Call off the event loop. */
  static synchronized SelfSignedCertificate certificate() {
    if (certificate == null) {
      certificate = SelfSignedCertificate.create("localhost");
    }
    return certificate;
  }

  RangeServer(Vertx vertx) {
    HttpWarmUp.ensure(certificate());
    this.vertx = vertx;
  }

  /** Serves {@code bytes} at {@code /path} (and {@code /moved/path}). */
  RangeServer serve(String path, byte[] bytes) {
    files.put(path, Buffer.buffer(bytes));
    return this;
  }

  Future<RangeServer> start() {
    return start(false);
  }

  Future<RangeServer> start(boolean useTls) {
    HttpServerOptions o = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
    if (useTls) {
      o.setSsl(true).setKeyCertOptions(certificate().keyCertOptions());
    }
    tls = useTls;
    server = vertx.createHttpServer(o).requestHandler(this::handle);
    return server.listen().map(s -> this);
  }

  String url(String path) {
    return (tls ? "https" : "http") + "://127.0.0.1:" + server.actualPort() + path;
  }

  synchronized RangeServer next(Fault... faults) {
    script.addAll(List.of(faults));
    return this;
  }

  synchronized RangeServer always(Fault fault) {
    always = fault;
    return this;
  }

  synchronized RangeServer honorIfMatch(boolean honor) {
    honorIfMatch = honor;
    return this;
  }

  /**
   * HOLD rule: a held response is released when {@code cap} responses are held (oldest first, after a
   * short pause that gives a client exceeding the cap time to show it), and all are released once
   * {@code total} held requests have arrived.
   */
  synchronized RangeServer holdUntil(int cap, int total) {
    holdCap = cap;
    holdTotal = total;
    return this;
  }

  /** Largest number of responses held at once. */
  int maxHeld() {
    return maxHeld.get();
  }

  List<Seen> requests() {
    synchronized (seen) {
      return new ArrayList<>(seen);
    }
  }

  /** The Range headers of all requests so far, in arrival order. */
  List<String> ranges() {
    return requests().stream().map(Seen::range).toList();
  }

  /** Completes once the server has received {@code n} requests in total. */
  synchronized Future<Void> awaitCount(int n) {
    if (seen.size() >= n) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    countWaiters.add(Map.entry(n, p));
    return p.future();
  }

  int count() {
    return seen.size();
  }

  String etag() {
    return "\"v" + etagVersion + "\"";
  }

  private synchronized Fault nextFault() {
    Fault f = script.poll();
    return f != null ? f : always;
  }

  private void handle(HttpServerRequest req) {
    seen.add(new Seen(req.method().name(), req.path(), req.query(), req.getHeader("Range"),
        req.getHeader("If-Match"), req.getHeader("User-Agent"), req.getHeader("Authorization"),
        req.remoteAddress().port()));
    List<Promise<Void>> reached = new ArrayList<>();
    synchronized (this) {
      countWaiters.removeIf(w -> {
        if (seen.size() >= w.getKey()) {
          reached.add(w.getValue());
          return true;
        }
        return false;
      });
    }
    String path = req.path().startsWith("/moved/") ? req.path().substring(6) : req.path();
    Buffer file = files.get(path);
    Fault fault = nextFault();
    HttpServerResponse resp = req.response();
    switch (fault) {
      case STATUS_500 -> status(resp, 500);
      case STATUS_503 -> status(resp, 503);
      case STATUS_404 -> status(resp, 404);
      case STATUS_403 -> status(resp, 403);
      case STATUS_501 -> status(resp, 501);
      case STATUS_416 -> status(resp, 416);
      case REDIRECT -> resp.setStatusCode(302).putHeader("Location", "/moved" + req.path()).end();
      case REDIRECT_LOOP -> resp.setStatusCode(302).putHeader("Location", req.path()).end();
      case HTML_PAGE -> resp.putHeader("Content-Type", "text/html; charset=utf-8")
          .end("<!DOCTYPE html><html><body>Please sign in</body></html>");
      case STALL_HEADERS -> { } // the client's timeout resets the connection
      case HOLD -> hold(() -> answer(req, resp, file, Fault.NONE));
      default -> {
        if (fault == Fault.CHANGE_ETAG) {
          synchronized (this) {
            etagVersion++;
          }
        }
        answer(req, resp, file, fault);
      }
    }
    reached.forEach(Promise::complete);
  }

  private void hold(Runnable answer) {
    List<Runnable> release = new ArrayList<>();
    boolean pause;
    synchronized (this) {
      held.add(answer);
      heldReceived++;
      maxHeld.accumulateAndGet(held.size(), Math::max);
      pause = held.size() >= holdCap && heldReceived < holdTotal;
      if (heldReceived >= holdTotal) {
        release.addAll(held);
        held.clear();
      }
    }
    release.forEach(Runnable::run);
    if (pause) {
      vertx.setTimer(30, t -> {
        Runnable oldest;
        synchronized (this) {
          oldest = held.poll();
        }
        if (oldest != null) {
          oldest.run();
        }
      });
    }
  }

  private static void status(HttpServerResponse resp, int code) {
    resp.setStatusCode(code).putHeader("Content-Type", "text/plain").end("status " + code);
  }

  private void answer(HttpServerRequest req, HttpServerResponse resp, Buffer file, Fault fault) {
    if (file == null) {
      status(resp, 404);
      return;
    }
    String etag;
    String lastModified;
    boolean checkIfMatch;
    synchronized (this) {
      etag = etag();
      lastModified = "Mon, 0" + (etagVersion % 10) + " Jan 2024 00:00:00 GMT";
      checkIfMatch = honorIfMatch;
    }
    resp.putHeader("ETag", etag)
        .putHeader("Last-Modified", lastModified)
        .putHeader("Accept-Ranges", "bytes");
    String ifMatch = req.getHeader("If-Match");
    if (checkIfMatch && ifMatch != null && !ifMatch.equals(etag)) {
      status(resp, 412);
      return;
    }
    int size = file.length();
    String range = req.getHeader("Range");
    if (range == null || fault == Fault.IGNORE_RANGE || fault == Fault.IGNORE_RANGE_CHUNKED) {
      resp.setStatusCode(200);
      if (fault == Fault.IGNORE_RANGE_CHUNKED) {
        resp.setChunked(true);
      }
      resp.end(file);
      return;
    }
    long[] r = parseRange(range);
    if (r == null || r[0] >= size) {
      resp.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
      return;
    }
    int start = (int) r[0];
    int end = (int) Math.min(r[1], size - 1L) + 1; // exclusive
    Buffer body = file.getBuffer(start, end);
    resp.setStatusCode(206);
    String total = fault == Fault.CHANGE_LENGTH ? String.valueOf(size + 1) : String.valueOf(size);
    switch (fault) {
      case NO_CONTENT_RANGE -> resp.end(body);
      case WRONG_RANGE -> resp
          .putHeader("Content-Range", "bytes " + (start + 1) + "-" + end + "/" + total)
          .end(file.getBuffer(start + 1, Math.min(end + 1, size)));
      case SHORT_RANGE -> {
        int half = start + Math.max(1, (end - start) / 2);
        resp.putHeader("Content-Range", "bytes " + start + "-" + (half - 1) + "/" + total)
            .end(file.getBuffer(start, half));
      }
      case SHORT_BODY -> resp.putHeader("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + total)
          .end(body.getBuffer(0, body.length() / 2));
      case DROP_MID_BODY, STALL_BODY -> {
        resp.putHeader("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + total)
            .putHeader("Content-Length", String.valueOf(body.length()));
        resp.write(body.getBuffer(0, body.length() / 2));
        if (fault == Fault.DROP_MID_BODY) {
          req.connection().close();
        }
      }
      default -> resp.putHeader("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + total)
          .end(body);
    }
  }

  /** Single range {@code bytes=a-b} or {@code bytes=a-}. */
  private static long[] parseRange(String h) {
    if (!h.startsWith("bytes=") || h.contains(",")) {
      return null;
    }
    String[] p = h.substring(6).split("-", -1);
    try {
      long a = Long.parseLong(p[0]);
      long b = p[1].isEmpty() ? Long.MAX_VALUE : Long.parseLong(p[1]);
      return b < a ? null : new long[] {a, b};
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
