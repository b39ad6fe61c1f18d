package io.alphastream.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static-file HTTP server on 127.0.0.1 (random port) for load measurements: serves byte arrays from
 * memory with single-range support ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}), a strong
 * ETag honoured in {@code If-Match}, and counts requests and body bytes. No faults, no delays: it stands
 * in for a CDN edge so that the client's own cost is what gets measured.
 */
final class LoopbackRangeServer {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private static final String ETAG = "\"corpus-1\"";

  private final Vertx vertx;
  private final Map<String, Buffer> files = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder bodyBytes = new LongAdder();
  private HttpServer server;

  LoopbackRangeServer(Vertx vertx) {
    this.vertx = vertx;
  }

  LoopbackRangeServer serve(String path, byte[] bytes) {
    files.put(path, Buffer.buffer(bytes));
    return this;
  }

  Future<LoopbackRangeServer> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle);
    return server.listen().map(s -> this);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Requests received so far. */
  long requests() {
    return requests.sum();
  }

  /** Response body bytes sent so far. */
  long bodyBytes() {
    return bodyBytes.sum();
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    requests.increment();
    HttpServerResponse resp = req.response();
    Buffer file = files.get(req.path());
    if (file == null || (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD)) {
      resp.setStatusCode(file == null ? 404 : 405).end();
      return;
    }
    String ifMatch = req.getHeader(HttpHeaders.IF_MATCH);
    if (ifMatch != null && !ifMatch.equals(ETAG) && !ifMatch.equals("*")) {
      resp.setStatusCode(412).end();
      return;
    }
    long total = file.length();
    resp.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes").putHeader(HttpHeaders.ETAG, ETAG);
    String range = req.getHeader("Range");
    long start = 0;
    long end = total - 1;
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        resp.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + total).end();
        return;
      }
      if (m.group(1).isEmpty()) { // suffix: the last n bytes
        start = Math.max(0, total - Long.parseLong(m.group(2)));
      } else {
        start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, Long.parseLong(m.group(2)));
        }
      }
      if (start >= total || start > end) {
        resp.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + total).end();
        return;
      }
      resp.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE,
          "bytes " + start + "-" + end + "/" + total);
    }
    int from = (int) start;
    int to = (int) end + 1;
    if (req.method() == HttpMethod.HEAD) {
      resp.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(to - from)).end();
      return;
    }
    bodyBytes.add(to - from);
    resp.end(file.slice(from, to));
  }
}
