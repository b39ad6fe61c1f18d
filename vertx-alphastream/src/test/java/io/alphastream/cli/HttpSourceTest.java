package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * http(s) sources: the CLI reads a stream over HTTP range requests from a real server on 127.0.0.1.
 * The CLI waits on the JUnit thread; the server runs on its own Vert.x event loop.
 */
class HttpSourceTest {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  private static final Map<String, String> NO_ENV = Map.of();
  private static Vertx vertx;
  private static HttpServer server;
  private static String base;
  @TempDir Path tmp;

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    Map<String, Buffer> files = Map.of(
        "/v/4242/small.asvr", Buffer.buffer(Fixtures.bytes("small.asvr")),
        "/v/small.asvp", Buffer.buffer(Fixtures.bytes("small.asvp")));
    server = vertx.createHttpServer().requestHandler(req -> respond(req, files.get(req.path())));
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  /** Single-range server: 206 with Content-Range, or 404. */
  private static void respond(HttpServerRequest req, Buffer file) {
    if (file == null) {
      req.response().setStatusCode(404).end();
      return;
    }
    String range = req.getHeader("Range");
    Matcher m = range == null ? null : RANGE.matcher(range);
    if (m == null || !m.matches()) {
      req.response().putHeader("Accept-Ranges", "bytes").end(file);
      return;
    }
    int from = Integer.parseInt(m.group(1));
    int to = (int) Math.min(Long.parseLong(m.group(2)), file.length() - 1L);
    if (from >= file.length()) {
      req.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + file.length()).end();
      return;
    }
    req.response().setStatusCode(206)
        .putHeader("Content-Range", "bytes " + from + "-" + to + "/" + file.length())
        .end(file.getBuffer(from, to + 1));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void infoOverHttpUsesTheUrlFileNameAsSaltAndHidesTheQuery() {
    String url = base + "/v/4242/small.asvr?Expires=1&Sig=s3cr3t";
    Cli.Result r = Cli.run(NO_ENV, concat(new String[] {"info", url, "--json"}, SMALL_ASVR_KEY));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().getString("name")).isEqualTo("small.asvr"); // FORMAT.md 6.1: query removed
    assertThat(r.json().getInteger("frames")).isEqualTo(240);
    assertThat(r.json().getLong("fileBytes")).isEqualTo(Cli.manifest().getJsonObject("files")
        .getJsonObject("small.asvr").getLong("bytes"));
    assertThat(r.out() + r.err()).doesNotContain("s3cr3t");
  }

  @Test
  void renderOverHttpMatchesTheGoldenMask() throws Exception {
    Path out = tmp.resolve("f119.r8");
    Cli.Result r = Cli.run("render", base + "/v/small.asvp", "--frame", "119", "--size", "640x320",
        "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Cli.sha256(Files.readAllBytes(out)))
        .isEqualTo(Cli.golden("golden/small_f119_640x320.png").getString("r8_sha256"));
  }

  @Test
  void httpErrorsAreExit5AndWrongKeysExit4() {
    Cli.Result missing = Cli.run("info", base + "/v/missing.asvp?token=s3cr3t");
    missing.assertsOneErrorLine(ExitCode.IO);
    assertThat(missing.err()).doesNotContain("s3cr3t");

    Cli.Result wrongScene = Cli.run("info", base + "/v/4242/small.asvr", "--scene-id", "1",
        "--passphrase-file", Fixtures.path("test-passphrase.hex").toString());
    wrongScene.assertsOneErrorLine(ExitCode.BAD_KEY);
  }
}
