package io.alphastream.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real origin on 127.0.0.1 (random port) serving one file at {@code /stream.asvp} with single-range
 * support, a strong ETag and a Last-Modified per version of the file, and {@code If-Match}. It counts
 * every request, and can swap the file (a new version under the same URL), fail every request with 503 or 404,
 * or drip its answers (status and headers, then one body byte every {@code dripMs}, never finishing).
 * Thread-safe.
 */
public final class OriginServer {
  /** How the server answers. */
  public enum Mode { SERVE, FAIL_503, FAIL_404, DRIP }

  private final Vertx vertx;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final long dripMs;
  private volatile Buffer file;
  private volatile int version = 1;
  private volatile Mode mode = Mode.SERVE;
  private volatile java.util.function.Consumer<io.vertx.core.net.SocketAddress> onRequest = a -> {};
  private HttpServer server;

  public OriginServer(Vertx vertx, byte[] file, long dripMs) {
    this.vertx = vertx;
    this.file = Buffer.buffer(file);
    this.dripMs = dripMs;
  }

  public Future<OriginServer> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(this::handle);
    return server.listen().map(s -> this);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/stream.asvp";
  }

  public int port() {
    return server.actualPort();
  }

  /** Replaces the file: a new ETag and Last-Modified from the next request on. */
  public synchronized OriginServer swap(byte[] newFile) {
    file = Buffer.buffer(newFile);
    version++;
    return this;
  }

  public OriginServer mode(Mode m) {
    mode = m;
    return this;
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  /** Responses fully sent so far. */
  public int completed() {
    return completed.get();
  }

  /** Called on the server's event loop with each request's peer address (to tell clients apart). */
  public OriginServer onRequest(java.util.function.Consumer<io.vertx.core.net.SocketAddress> listener) {
    onRequest = listener;
    return this;
  }

  private void handle(HttpServerRequest req) {
    requests.incrementAndGet();
    onRequest.accept(req.remoteAddress());
    Buffer f;
    int v;
    synchronized (this) {
      f = file;
      v = version;
    }
    if (!req.path().equals("/stream.asvp")) {
      req.response().setStatusCode(404).end();
      return;
    }
    Mode m = mode;
    if (m == Mode.FAIL_503 || m == Mode.FAIL_404) {
      req.response().setStatusCode(m == Mode.FAIL_503 ? 503 : 404).end("unavailable");
      completed.incrementAndGet();
      return;
    }
    String etag = "\"v" + v + "\"";
    req.response().putHeader("ETag", etag).putHeader("Last-Modified", "Mon, 0" + (v % 10) + " Jan 2024 00:00:00 GMT")
        .putHeader("Accept-Ranges", "bytes");
    String ifMatch = req.getHeader("If-Match");
    if (ifMatch != null && !ifMatch.equals(etag)) {
      req.response().setStatusCode(412).end();
      completed.incrementAndGet();
      return;
    }
    long[] r = range(req.getHeader("Range"), f.length());
    Buffer body = r == null ? f : f.getBuffer((int) r[0], (int) r[1] + 1);
    if (r != null) {
      req.response().setStatusCode(206).putHeader("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + f.length());
    }
    if (m == Mode.DRIP) {
      req.response().putHeader("Content-Length", String.valueOf(body.length())).write(body.getBuffer(0, 1));
      drip(req, body, 1);
      return;
    }
    req.response().end(body);
    completed.incrementAndGet();
  }

  /** One more byte every dripMs while the connection lives; never the last one. */
  private void drip(HttpServerRequest req, Buffer body, int at) {
    vertx.setTimer(dripMs, id -> {
      if (req.response().closed() || at >= body.length() - 1) {
        return;
      }
      req.response().write(body.getBuffer(at, at + 1));
      drip(req, body, at + 1);
    });
  }

  private static long[] range(String h, int size) {
    if (h == null || !h.startsWith("bytes=")) {
      return null;
    }
    String[] p = h.substring(6).split("-", -1);
    long a = Long.parseLong(p[0]);
    long b = p[1].isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(p[1]));
    return new long[] {a, b};
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
