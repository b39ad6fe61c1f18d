package io.alphastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.GatewayOptions;
import io.alphastream.gateway.GatewayWarmup;
import io.alphastream.gateway.StandaloneNode;
import io.alphastream.gateway.StreamOptions;
import io.alphastream.gateway.catalog.LocalCatalog;
import io.alphastream.gateway.catalog.Secrets;
import io.alphastream.gateway.testing.OriginServer;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alphastream serve}: flags and config file become options; the command serves until stopped. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeCommandTest {

  @BeforeAll
  static void warmUp() throws Exception {
    GatewayWarmup.run();
  }

  private static GatewayOptions parse(Map<String, String> env, String... args) throws Exception {
    ServeCommand cmd = new ServeCommand(System.out, System.err, env, new CountDownLatch(1));
    new CommandLine(cmd).parseArgs(args);
    return cmd.options();
  }

  @Test
  void withoutStreamsTheDemoSampleIsServedOnLoopback8080() throws Exception {
    GatewayOptions o = parse(Map.of());
    assertThat(o.getHost()).isEqualTo("127.0.0.1");
    assertThat(o.getPort()).isEqualTo(8080);
    assertThat(o.getStreams()).hasSize(1);
    assertThat(o.getStreams().get(0).getId()).isEqualTo("demo");
    assertThat(o.getStreams().get(0).getSource()).isEqualTo("sample:demo");
    assertThat(o.getToken()).isNull();
  }

  @Test
  void flagsOverrideTheConfigFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("gateway.json");
    Files.writeString(config, "{\"port\": 9000, \"maxFps\": 60, \"streams\": [{\"id\": \"a\", \"source\": \"a.asvp\"}]}");
    GatewayOptions o = parse(Map.of(ServeCommand.TOKEN_ENV, "tok"), "--config", config.toString(), "--port", "0",
        "--stream", "b=https://cdn.example/b.asvr", "--scene-id", "7", "--passphrase-env", "KEY_B",
        "--allowed-origin", "https://app.example", "--max-size", "1920x1080", "--stall-timeout-ms", "800");
    assertThat(o.getPort()).isZero();
    assertThat(o.getMaxFps()).isEqualTo(60);
    assertThat(o.getStreams()).extracting(StreamOptions::getId).containsExactly("a", "b");
    assertThat(o.getStreams().get(1).getSceneId()).isEqualTo(7L);
    assertThat(o.getStreams().get(1).getPassphraseEnv()).isEqualTo("KEY_B");
    assertThat(o.getAllowedOrigins()).containsExactly("https://app.example");
    assertThat(o.getMaxWidth()).isEqualTo(1920);
    assertThat(o.getMaxHeight()).isEqualTo(1080);
    assertThat(o.getStallTimeoutMs()).isEqualTo(800);
    assertThat(o.getToken()).isEqualTo("tok");
  }

  @Test
  void servesUntilStoppedAndPrintsTheUrl() throws Exception {
    RunningServe serve = new RunningServe(Pattern.compile("serving 1 stream\\(s\\) on (http://127\\.0\\.0\\.1:\\d+/)"));
    serve.run(new String[] {"--port", "0", "--stream", "small=" + Fixtures.path("small.asvp")});
    String base = serve.printed().group(1); // the JUnit thread, not an event loop, waits here
    HttpResponse<String> streams = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "streams/small")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(streams.statusCode()).isEqualTo(200);
    assertThat(streams.body()).contains("\"frames\":240");
    assertThat(serve.stop()).isZero();
  }

  @Test
  void aRemoteStreamThatDripsNeitherDelaysNorStopsServe() throws Exception {
    Vertx vertx = Vertx.vertx();
    OriginServer origin = new OriginServer(vertx, Fixtures.bytes("small.asvp"), 200).mode(OriginServer.Mode.DRIP);
    try {
      origin.start().await(30, TimeUnit.SECONDS);
      RunningServe serve = new RunningServe(Pattern.compile("serving 2 stream\\(s\\) on (http://127\\.0\\.0\\.1:\\d+/)"));
      serve.run(new String[] {"--port", "0", "--stream", "x=" + origin.url(), "--stream", "d=sample:demo"});
      String base = serve.printed().group(1);
      assertThat(origin.completed()).as("listening while x's origin is still dripping").isZero();
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"x\":{\"state\":\"opening\"", "\"d\":{\"state\":\"serving\"");
      HttpResponse<String> png = client.send(HttpRequest.newBuilder(URI.create(base + "streams/d/frames/0.png?w=64&h=32"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(png.statusCode()).isEqualTo(200);
      assertThat(serve.stop()).isZero();
    } finally {
      origin.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A local stream (a file path or sample) that cannot be opened is a configuration mistake detectable up
   * front: serve exits at once (exit 5, IO, one line). Remote streams never stop serve (see above).
   */
  @Test
  void aMissingStreamFileIsAnIoErrorOnOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServeCommand.run(new String[] {"--port", "0", "--stream", "x=/nonexistent/x.asvp"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
        new CountDownLatch(1));
    assertThat(code).isEqualTo(io.alphastream.cli.ExitCode.IO);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: stream x (/nonexistent/x.asvp)")
        .doesNotContain("\tat ");
  }

  @Test
  void catalogFlagsBecomeOptions(@TempDir Path dir) throws Exception {
    Path adminFile = dir.resolve("admin.token");
    Files.writeString(adminFile, "adm\n");
    GatewayOptions o = parse(Map.of(ServeCommand.TOKEN_ENV, "tok", ServeCommand.ADMIN_TOKEN_ENV, "from-env"),
        "--stream", "a=a.asvr", "--passphrase-file", "rel/key.hex", "--admin-token-file", adminFile.toString(),
        "--secrets-dir", dir.toString());
    // a relative passphrase file enters the catalog as an absolute path (another directory may read it)
    assertThat(Path.of(o.getStreams().get(0).getPassphraseFile())).isAbsolute()
        .isEqualTo(Path.of("rel/key.hex").toAbsolutePath());
    assertThat(o.getAdminToken()).isEqualTo("adm");
    assertThat(Path.of(o.getSecretsDir())).isEqualTo(dir.toAbsolutePath());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(Map.of(), "--secrets-dir", dir.resolve("nope").toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory");
    assertThat(parse(Map.of(ServeCommand.ADMIN_TOKEN_ENV, "from-env")).getAdminToken()).isEqualTo("from-env");
    assertThat(parse(Map.of()).getAdminToken()).as("none: the admin API is off").isNull();

    ServeCommand named = new ServeCommand(System.out, System.err, Map.of(), new CountDownLatch(1));
    new CommandLine(named).parseArgs("--node-id", "edge-1");
    assertThat(named.node(null, named.options()).nodeId()).isEqualTo("edge-1");
    ServeCommand unnamed = new ServeCommand(System.out, System.err, Map.of(), new CountDownLatch(1));
    new CommandLine(unnamed).parseArgs();
    assertThat(unnamed.node(null, unnamed.options()).nodeId()).matches("[0-9a-f]{8}");
  }

  @Test
  void anAdminTokenEqualToTheViewerTokenIsRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServeCommand.run(new String[] {"--port", "0"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of(ServeCommand.TOKEN_ENV, "same", ServeCommand.ADMIN_TOKEN_ENV, "same"), new CountDownLatch(1));
    assertThat(code).isEqualTo(io.alphastream.cli.ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: the admin token must differ from the viewer token");
  }

  /**
   * With no configured stream the demo is seeded only into an empty catalog: a node whose catalog already
   * has streams (a cluster's) serves those, and no demo next to them. --node-id names the node.
   */
  @Test
  void theDemoIsSeededOnlyIntoAnEmptyCatalog() throws Exception {
    LocalCatalog catalog = new LocalCatalog();
    catalog.put(new StreamOptions().setId("x").setSource(Fixtures.path("small.asvp").toString()));
    RunningServe serve = new RunningServe(
        Pattern.compile("serving (\\d+) stream\\(s\\) on (http://127\\.0\\.0\\.1:\\d+/)\\R  (\\S+) "));
    ServeCommand cmd = new ServeCommand(serve.out, System.err, Map.of(), serve.stop);
    new CommandLine(cmd).parseArgs("--port", "0", "--node-id", "n-serve");
    cmd.givenNode = new StandaloneNode("n-serve", catalog, new Secrets(null, name -> null));
    serve.run(cmd);
    Matcher m = serve.printed();
    assertThat(m.group(1)).isEqualTo("1");
    assertThat(m.group(3)).isEqualTo("x");
    assertThat(catalog.list().result()).extracting(StreamOptions::getId).containsExactly("x");
    HttpResponse<String> health = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(m.group(2) + "health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).contains("\"node\":\"n-serve\"");
    assertThat(serve.stop()).isZero();
  }

  @Test
  void aBadFlagIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServeCommand.run(new String[] {"--port", "x"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), new CountDownLatch(1));
    assertThat(code).isEqualTo(io.alphastream.cli.ExitCode.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ");
  }

  /**
   * A serve command on a thread of its own until {@link #stop()}; {@link #printed()} waits (on the calling
   * thread, never an event loop) for the first match of a pattern in its standard output.
   */
  private static final class RunningServe {
    final CountDownLatch stop = new CountDownLatch(1);
    final PrintStream out;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Matcher> printed = new CompletableFuture<>();
    private CompletableFuture<Integer> exit;

    RunningServe(Pattern pattern) {
      out = new PrintStream(new ByteArrayOutputStream() {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
          super.write(b, off, len);
          Matcher m = pattern.matcher(toString(StandardCharsets.UTF_8));
          if (m.find()) {
            printed.complete(m);
          }
        }
      }, true, StandardCharsets.UTF_8);
    }

    /** Runs {@code alphastream serve ARGS}. */
    void run(String[] args) {
      start(() -> ServeCommand.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), stop));
    }

    /** Runs a prepared command (its output must be {@link #out}, its latch {@link #stop}). */
    void run(ServeCommand cmd) {
      start(() -> {
        try {
          return cmd.call();
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      });
    }

    private void start(java.util.function.Supplier<Integer> command) {
      exit = CompletableFuture.supplyAsync(command);
      exit.whenComplete((code, e) -> printed.completeExceptionally(
          new AssertionError("serve exited: " + code + " " + e + " " + err.toString(StandardCharsets.UTF_8))));
    }

    Matcher printed() throws Exception {
      return printed.get(30, TimeUnit.SECONDS);
    }

    /** Releases the command and returns its exit code. */
    int stop() throws Exception {
      stop.countDown();
      return exit.get(30, TimeUnit.SECONDS);
    }
  }
}
