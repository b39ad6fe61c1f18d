package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources other than a plain path (issue 4): the CLI's {@code info}, {@code render} and {@code convert}
 * read http://, https:// (self-signed, {@code --insecure}) and file: URLs. The servers are real, on
 * 127.0.0.1, and record the Range header of every request they get. The CLI waits on the JUnit thread;
 * the servers run on their own Vert.x event loop.
 */
class HttpSourceTest {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  private static final Map<String, String> NO_ENV = Map.of();
  private static Vertx vertx;
  private static HttpServer server;
  private static HttpServer tlsServer;
  private static String base;
  private static String tlsBase;
  /** Range header of every request either server got ("none" for a request without one). */
  private static final List<String> RANGES = new CopyOnWriteArrayList<>();
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
    HttpServerOptions tls = new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(SelfSignedCertificate.create("localhost").keyCertOptions());
    tlsServer = vertx.createHttpServer(tls).requestHandler(req -> respond(req, files.get(req.path())));
    tlsServer.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    tlsBase = "https://127.0.0.1:" + tlsServer.actualPort();
  }

  @BeforeEach
  void clearLog() {
    RANGES.clear();
  }

  /** Single-range server: 206 with Content-Range, or 404. */
  private static void respond(HttpServerRequest req, Buffer file) {
    RANGES.add(req.getHeader("Range") == null ? "none" : req.getHeader("Range"));
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

  @Test
  void renderOverHttpAsksOnlyForTheOpeningReadAndTheFramesBlock() throws Exception {
    Path out = tmp.resolve("f239.r8");
    Cli.Result r = Cli.run("render", base + "/v/small.asvp", "--frame", "239", "--size", "64x32",
        "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    long offset;
    long end;
    try (StreamFile local = Fixtures.open(Fixtures.path("small.asvp"), new ReaderOptions())) {
      offset = local.index().offset(239);
      end = offset + local.index().blockLength(239) - 1;
    }
    // one speculative read for header and sizes table, one for the frame: never the whole file
    assertThat(RANGES).containsExactly("bytes=0-" + (TransportOptions.DEFAULT_SPECULATIVE_READ_BYTES - 1),
        "bytes=" + offset + "-" + end);
  }

  @Test
  void convertOverHttpGivesTheFixtureByteForByte() throws Exception {
    Path plain = tmp.resolve("plain.asvp");
    Cli.Result down = Cli.run(concat(new String[] {"convert", base + "/v/4242/small.asvr?sig=s3cr3t",
        plain.toString()}, SMALL_ASVR_KEY));
    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(Files.readAllBytes(plain)).isEqualTo(Fixtures.bytes("small.asvp"));
    assertThat(down.out() + down.err()).doesNotContain("s3cr3t");
    assertThat(RANGES).doesNotContain("none");

    Path dir = Files.createDirectory(tmp.resolve("up"));
    Path encrypted = dir.resolve("small.asvr");
    Cli.Result up = Cli.run(concat(new String[] {"convert", base + "/v/small.asvp", encrypted.toString()},
        SMALL_ASVR_KEY));
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(Files.readAllBytes(encrypted)).isEqualTo(Fixtures.bytes("small.asvr"));
  }

  @Test
  void httpsWithInsecureReadsASelfSignedServerAndWithoutItRefuses() throws Exception {
    Cli.Result info = Cli.run(NO_ENV, concat(new String[] {"info", tlsBase + "/v/4242/small.asvr",
        "--json", "--insecure"}, SMALL_ASVR_KEY));
    assertThat(info.exit()).as(info.err()).isZero();
    assertThat(info.json().getInteger("frames")).isEqualTo(240);

    Path out = tmp.resolve("tls.r8");
    Cli.Result render = Cli.run("render", tlsBase + "/v/small.asvp", "--insecure", "--frame", "119",
        "--size", "640x320", "--out", out.toString());
    assertThat(render.exit()).as(render.err()).isZero();
    assertThat(Cli.sha256(Files.readAllBytes(out)))
        .isEqualTo(Cli.golden("golden/small_f119_640x320.png").getString("r8_sha256"));

    Path plain = tmp.resolve("tls.asvp");
    Cli.Result convert = Cli.run(concat(new String[] {"convert", tlsBase + "/v/4242/small.asvr",
        plain.toString(), "--insecure"}, SMALL_ASVR_KEY));
    assertThat(convert.exit()).as(convert.err()).isZero();
    assertThat(Files.readAllBytes(plain)).isEqualTo(Fixtures.bytes("small.asvp"));

    RANGES.clear();
    Cli.run("info", tlsBase + "/v/small.asvp").assertsOneErrorLine(ExitCode.IO); // untrusted certificate
    assertThat(RANGES).isEmpty(); // the TLS handshake failed before any request
  }

  @Test
  void fileUrlsAndPlainPathsWorkForInfoRenderAndConvert() throws Exception {
    String asvrUrl = Fixtures.path("small.asvr").toUri().toString();
    assertThat(asvrUrl).startsWith("file:");
    for (String source : List.of(asvrUrl, Fixtures.path("small.asvr").toString())) {
      Cli.Result info = Cli.run(NO_ENV, concat(new String[] {"info", source, "--json"}, SMALL_ASVR_KEY));
      assertThat(info.exit()).as(info.err()).isZero();
      assertThat(info.json().getString("name")).isEqualTo("small.asvr");
      assertThat(info.json().getInteger("frames")).isEqualTo(240);

      Path out = tmp.resolve("f119.r8");
      Cli.Result render = Cli.run(concat(new String[] {"render", source, "--frame", "119", "--size",
          "640x320", "--out", out.toString()}, SMALL_ASVR_KEY));
      assertThat(render.exit()).as(render.err()).isZero();
      assertThat(Cli.sha256(Files.readAllBytes(out)))
          .isEqualTo(Cli.golden("golden/small_f119_640x320.png").getString("r8_sha256"));

      Path plain = tmp.resolve("plain.asvp");
      Cli.Result convert = Cli.run(concat(new String[] {"convert", source, plain.toString()},
          SMALL_ASVR_KEY));
      assertThat(convert.exit()).as(convert.err()).isZero();
      assertThat(Files.readAllBytes(plain)).isEqualTo(Fixtures.bytes("small.asvp"));
      Files.delete(out); // an existing output is refused without --force: start the next round clean
      Files.delete(plain);
    }
  }
}
