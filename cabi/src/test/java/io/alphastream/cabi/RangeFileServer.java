package io.alphastream.cabi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server for the C host tests: serves the files of one directory with single-range
 * {@code Range: bytes=a-b} support (206 + Content-Range), 416 for unsatisfiable ranges, 404 otherwise.
 * {@link #main} runs it on its own for the C benchmark over loopback HTTP (docs/cabi.md).
 */
final class RangeFileServer {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
  private final Path root;
  private HttpServer server;

  RangeFileServer(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Future<Integer> start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
  }

  /** {@code RangeFileServer DIR [PORT]}: serves DIR on 127.0.0.1 until killed; prints the base URL. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: RangeFileServer DIR [PORT]");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx();
    RangeFileServer s = new RangeFileServer(Path.of(args[0]));
    s.server = vertx.createHttpServer().requestHandler(s::handle);
    int port = s.server.listen(args.length > 1 ? Integer.parseInt(args[1]) : 0, "127.0.0.1")
        .map(HttpServer::actualPort).await();
    System.out.println("http://127.0.0.1:" + port + "/");
  }

  Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest req) {
    Path file = root.resolve(req.path().substring(1)).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      req.response().setStatusCode(404).end();
      return;
    }
    long size;
    try {
      size = Files.size(file);
    } catch (java.io.IOException e) {
      req.response().setStatusCode(500).end();
      return;
    }
    req.response().putHeader("Accept-Ranges", "bytes");
    String range = req.getHeader("Range");
    long from = 0;
    long to = size - 1;
    int status = 200;
    if (range != null) {
      Matcher m = RANGE.matcher(range.trim());
      if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
        req.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
        return;
      }
      if (m.group(1).isEmpty()) { // suffix range
        from = Math.max(0, size - Long.parseLong(m.group(2)));
      } else {
        from = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          to = Math.min(to, Long.parseLong(m.group(2)));
        }
      }
      if (from >= size || from > to) {
        req.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
        return;
      }
      status = 206;
      req.response().putHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
    }
    req.response().setStatusCode(status);
    if (req.method() == HttpMethod.HEAD) {
      req.response().putHeader("Content-Length", Long.toString(to - from + 1)).end();
      return;
    }
    req.response().sendFile(file.toString(), from, to - from + 1);
  }
}
