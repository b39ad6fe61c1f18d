package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.catalog.LocalCatalog;
import io.alphastream.gateway.catalog.Secrets;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.LogCapture;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passphrase references in catalog entries, resolved by each node: a file name in the node's secrets
 * directory, a variable of its environment. A node that cannot resolve one reports the stream
 * {@code unresolved} (/streams, /health, /cluster), refuses its subscribers with {@code stream_unresolved},
 * keeps checking and serves it once the secret is there. No response and no log line ever holds the secret.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewaySecretsTest extends GatewayTestBase {
  static final String ADMIN = "admin-token-for-secrets";

  @TempDir
  Path secrets;
  private String hex;
  private LogCapture logs;
  /** Every HTTP body and WebSocket text this test received: none may hold the passphrase. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void captureLogs() throws Exception {
    logs = LogCapture.install();
  }

  @AfterEach
  void releaseLogs() {
    logs.close();
  }

  @Override
  protected GatewayOptions options() {
    try {
      hex = Files.readString(Fixtures.path("test-passphrase.hex"), StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // quick retries: an unresolved stream is checked again soon after its secret appears
    return new GatewayOptions().setPort(0).setAdminToken(ADMIN).setSecretsDir(secrets.toString())
        .setMaxReopenDelayMs(200).setReopenDelayMs(50).addStream(fixtureStream("small", "small.asvp"));
  }

  @Override
  protected Future<Gateway> start(GatewayOptions options) {
    // this node's environment: CLIP_KEY holds the test passphrase; no other variable is set
    Map<String, String> env = Map.of("CLIP_KEY", hex);
    return Gateway.start(vertx, options, new GatewayMetrics(),
        new StandaloneNode("node-s", new LocalCatalog(), StandaloneNode.secrets(options, env::get)));
  }

  @Override
  protected void received(Buffer body) {
    seen.add(body.toString());
  }

  Future<Res> put(String id, JsonObject entry) {
    return send(HttpMethod.PUT, "/admin/streams/" + id, ADMIN, entry.encode());
  }

  Future<JsonObject> stream(String id) {
    return send(HttpMethod.GET, "/streams/" + id, null, null).map(Res::json);
  }

  static JsonObject encrypted() {
    return new JsonObject().put("source", Fixtures.path("small.asvr").toString()).put("sceneId", 4242L);
  }

  Future<Boolean> stateIs(String id, String state) {
    return stream(id).map(j -> state.equals(j.getString("state")));
  }

  Future<Void> servesGolden(String id) {
    return WsRecorder.connect(vertx, client, gateway.port(), "/ws/streams/" + id + "?w=333&h=177&start=119&encoding=r8")
        .compose(r -> r.frameAfter(0).compose(f -> {
          seen.add(r.texts().toString());
          assertThat(r.texts().get(0).getString("node")).isEqualTo("node-s");
          return offLoop(() -> assertThat(f.mask()).isEqualTo(Golden.entry("small.asvp", f.index(), 333, 177).r8()));
        }));
  }

  /** Neither the passphrase as text nor its bytes turned into characters appear anywhere we looked. */
  void assertNoSecretSeen() {
    String raw = new String(io.alphastream.format.crypto.Passphrases.fromHex(hex), StandardCharsets.ISO_8859_1);
    for (String s : seen) {
      assertThat(s).doesNotContainIgnoringCase(hex).doesNotContain(raw);
    }
    for (String line : logs.lines()) {
      assertThat(line).doesNotContainIgnoringCase(hex);
    }
  }

  @Test
  void aFileMissingFromTheSecretsDirIsUnresolvedUntilItAppears(VertxTestContext ctx) {
    put("locked", encrypted().put("passphraseFile", "scene.key"))
        .compose(r -> {
          assertThat(r.status()).isEqualTo(201);
          assertThat(r.json().getString("passphraseFile")).isEqualTo("scene.key");
          return eventually(20, "locked unresolved", () -> stateIs("locked", "unresolved"));
        })
        .compose(v -> stream("locked"))
        .compose(s -> {
          assertThat(s.getString("error")).contains("scene.key").contains("not found on this node");
          return send(HttpMethod.GET, "/health", null, null);
        })
        .compose(h -> {
          assertThat(h.status()).isEqualTo(503);
          assertThat(h.json().getJsonObject("streams").getJsonObject("locked").getString("state")).isEqualTo("unresolved");
          return send(HttpMethod.GET, "/cluster", null, null);
        })
        .compose(c -> {
          assertThat(c.json().getJsonArray("nodes").getJsonObject(0).getJsonArray("unresolved").encode())
              .isEqualTo("[\"locked\"]");
          return WsRecorder.connect(vertx, client, gateway.port(), "/ws/streams/locked");
        })
        .compose(r -> r.closed().map(r))
        .compose(r -> {
          seen.add(r.texts().toString());
          JsonObject err = r.texts().get(0);
          assertThat(err.getString("code")).isEqualTo("stream_unresolved");
          assertThat(err.getBoolean("fatal")).isTrue();
          assertThat(err.getString("message")).contains("scene.key");
          assertThat(r.closeCode()).isEqualTo((short) 1013);
          // the operator provides the secret on this node: the stream opens at its next check
          return vertx.fileSystem().copy(Fixtures.path("test-passphrase.hex").toString(),
              secrets.resolve("scene.key").toString());
        })
        .compose(v -> eventually(20, "locked serving", () -> stateIs("locked", "serving")))
        .compose(v -> servesGolden("locked"))
        .compose(v -> send(HttpMethod.GET, "/cluster", null, null))
        .compose(c -> {
          assertThat(c.json().getJsonArray("nodes").getJsonObject(0).getJsonArray("unresolved")).isEmpty();
          return send(HttpMethod.GET, "/admin/streams", ADMIN, null);
        })
        .compose(v -> send(HttpMethod.GET, "/streams", null, null))
        .compose(v -> offLoop(this::assertNoSecretSeen))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aVariableIsLookedUpInThisNodesEnvironment(VertxTestContext ctx) {
    put("viaenv", encrypted().put("passphraseEnv", "CLIP_KEY"))
        .compose(r -> put("unset", encrypted().put("passphraseEnv", "MISSING_KEY")))
        // a plain stream needs no passphrase: the (unset) default variable does not make it unresolved
        .compose(r -> put("plain", new JsonObject().put("source", Fixtures.path("small.asvp").toString())))
        .compose(r -> eventually(20, "viaenv serving", () -> stateIs("viaenv", "serving")))
        .compose(v -> eventually(20, "unset unresolved", () -> stateIs("unset", "unresolved")))
        .compose(v -> eventually(20, "plain serving", () -> stateIs("plain", "serving")))
        .compose(v -> stream("unset"))
        .compose(s -> {
          assertThat(s.getString("error")).contains("MISSING_KEY").contains("not set on this node");
          return servesGolden("viaenv");
        })
        .compose(v -> send(HttpMethod.GET, "/health", null, null))
        .compose(v -> offLoop(this::assertNoSecretSeen))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aFileNameNeedsASecretsDirectory(VertxTestContext ctx) {
    gateway.close()
        .compose(v -> Gateway.start(vertx, new GatewayOptions().setPort(0).setAdminToken(ADMIN)
            .addStream(fixtureStream("small", "small.asvp"))))
        .compose(g -> {
          gateway = g;
          return put("locked", encrypted().put("passphraseFile", "scene.key"));
        })
        .compose(r -> eventually(20, "locked unresolved", () -> stateIs("locked", "unresolved")))
        .compose(v -> stream("locked"))
        .map(s -> {
          assertThat(s.getString("error")).contains("scene.key").contains("--secrets-dir");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void referencesAreCheckedForTraversalAndNames() {
    for (String bad : new String[] {"../k.hex", "/etc/passwd", "a/b", "..", "a..b", "", "k\u0000.hex"}) {
      StreamOptions s = new StreamOptions().setId("s").setSource("sample:demo");
      if (bad.isEmpty()) {
        continue; // the options refuse an empty name themselves
      }
      s.setPassphraseFile(bad);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Secrets.checkReferences(s))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file name");
    }
    Secrets.checkReferences(new StreamOptions().setId("s").setSource("sample:demo").setPassphraseFile("scene-7.key"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Secrets.checkReferences(
        new StreamOptions().setId("s").setSource("sample:demo").setPassphraseEnv("A=B")))
        .hasMessageContaining("passphraseEnv");
  }
}
