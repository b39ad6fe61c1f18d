package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GatewayOptions and StreamOptions follow the options pattern (STYLE 3.2). */
class GatewayOptionsTest {

  @Test
  void defaultJsonIsTheDefaultConstants() {
    JsonObject json = new GatewayOptions().toJson();
    assertThat(json.getString("host")).isEqualTo(GatewayOptions.DEFAULT_HOST).isEqualTo("127.0.0.1");
    assertThat(json.getInteger("port")).isEqualTo(GatewayOptions.DEFAULT_PORT).isEqualTo(8080);
    assertThat(json.getInteger("maxWidth")).isEqualTo(GatewayOptions.DEFAULT_MAX_WIDTH).isEqualTo(4096);
    assertThat(json.getInteger("maxHeight")).isEqualTo(GatewayOptions.DEFAULT_MAX_HEIGHT).isEqualTo(4096);
    assertThat(json.getDouble("maxFps")).isEqualTo(GatewayOptions.DEFAULT_MAX_FPS).isEqualTo(240.0);
    assertThat(json.getInteger("instances")).isEqualTo(GatewayOptions.DEFAULT_INSTANCES);
    assertThat(json.getInteger("maxSubscribersPerStream")).isEqualTo(GatewayOptions.DEFAULT_MAX_SUBSCRIBERS_PER_STREAM);
    assertThat(json.getInteger("writeQueueMaxBytes")).isEqualTo(GatewayOptions.DEFAULT_WRITE_QUEUE_MAX_BYTES);
    assertThat(json.getLong("stallTimeoutMs")).isEqualTo(GatewayOptions.DEFAULT_STALL_TIMEOUT_MS);
    assertThat(json.getLong("reopenDelayMs")).isEqualTo(GatewayOptions.DEFAULT_REOPEN_DELAY_MS);
    assertThat(json.getLong("maxReopenDelayMs")).isEqualTo(GatewayOptions.DEFAULT_MAX_REOPEN_DELAY_MS);
    assertThat(new GatewayOptions(new JsonObject().put("reopenDelayMs", 50).put("maxReopenDelayMs", 400)).toJson()
        .getLong("reopenDelayMs")).isEqualTo(50);
    assertThatThrownBy(() -> new GatewayOptions().setReopenDelayMs(0))
        .hasMessageContaining("reopenDelayMs");
    assertThat(json.getInteger("idleTimeoutSeconds")).isEqualTo(GatewayOptions.DEFAULT_IDLE_TIMEOUT_SECONDS);
    assertThat(json.getInteger("encodedFramesPerGroup")).isEqualTo(GatewayOptions.DEFAULT_ENCODED_FRAMES_PER_GROUP);
    assertThat(json.getInteger("prefetchFrames")).isEqualTo(GatewayOptions.DEFAULT_PREFETCH_FRAMES);
    assertThat(json.getInteger("maxControlMessageBytes")).isEqualTo(GatewayOptions.DEFAULT_MAX_CONTROL_MESSAGE_BYTES);
    assertThat(json.getLong("memoryBudgetBytes")).isEqualTo(GatewayOptions.DEFAULT_MEMORY_BUDGET_BYTES).isZero();
    assertThat(json.getJsonArray("allowedOrigins")).isEmpty();
    assertThat(json.getJsonArray("streams")).isEmpty();
    assertThat(json.getValue("token")).isNull();
    assertThat(new GatewayOptions(new JsonObject()).toJson()).isEqualTo(json);
  }

  @Test
  void jsonRoundTrips() {
    JsonObject json = new JsonObject().put("host", "0.0.0.0").put("port", 9000).put("instances", 2)
        .put("allowedOrigins", new JsonArray().add("https://a.example")).put("token", "t")
        .put("maxSubscribersPerStream", 10).put("maxWidth", 1920).put("maxHeight", 1080).put("maxFps", 60.0)
        .put("writeQueueMaxBytes", 65536).put("stallTimeoutMs", 2000L).put("idleTimeoutSeconds", 30)
        .put("encodedFramesPerGroup", 6).put("prefetchFrames", 3).put("maxControlMessageBytes", 1024)
        .put("reopenDelayMs", 500L).put("maxReopenDelayMs", 8000L)
        .put("memoryBudgetBytes", 64L << 20)
        .put("streams", new JsonArray().add(new JsonObject().put("id", "s").put("source", "https://cdn.example/s.asvr")
            .put("sceneId", 4242L).put("saltVersion", "1.5.0").put("saltName", "s.asvr").put("passphraseEnv", "KEY_S")
            .put("passphraseFile", null)));
    assertThat(new GatewayOptions(json).toJson()).isEqualTo(json);
    JsonObject cluster = json.copy().put("adminToken", "adm").put("secretsDir", "/run/secrets/alphastream");
    assertThat(new GatewayOptions(cluster).toJson()).isEqualTo(cluster);
    assertThat(new GatewayOptions(new GatewayOptions(cluster)).getSecretsDir()).isEqualTo("/run/secrets/alphastream");
  }

  @Test
  void streamKeysAreTheKeyOptionsPropertiesAndNeverASecret() {
    StreamOptions s = new StreamOptions(new JsonObject().put("id", "s").put("source", "s.asvr").put("sceneId", 7L)
        .put("saltVersion", "2.0").put("saltName", "t.asvr").put("passphraseFile", "/keys/s.hex"));
    assertThat(s.getKey().getSaltVersion()).isEqualTo("2.0");
    assertThat(s.getKey().getPassphrase().toString()).isEqualTo("file:/keys/s.hex");
    assertThat(s.getPassphraseEnv()).isEqualTo(io.alphastream.source.KeyOptions.DEFAULT_PASSPHRASE_ENV);
    assertThatThrownBy(() -> new StreamOptions(new JsonObject().put("id", "s").put("source", "s.asvr")
        .put("version", "1.5.1"))).hasMessageContaining("saltVersion");
    // a passphrase is never configuration: refused, with where to put it instead
    assertThatThrownBy(() -> new StreamOptions(new JsonObject().put("id", "s").put("source", "s.asvr")
        .put("passphrase", "00112233")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passphraseFile")
        .hasMessageNotContaining("00112233");
  }

  @Test
  void theMemoryBudgetIsAShareOfTheHeapUnlessConfigured() {
    long heap = Runtime.getRuntime().maxMemory();
    assertThat(new GatewayOptions().effectiveMemoryBudgetBytes())
        .isEqualTo((long) (heap * GatewayOptions.DEFAULT_MEMORY_BUDGET_HEAP_FRACTION)).isLessThan(heap);
    assertThat(new GatewayOptions().setMemoryBudgetBytes(5L << 20).effectiveMemoryBudgetBytes()).isEqualTo(5L << 20);
    assertThatThrownBy(() -> new GatewayOptions().setMemoryBudgetBytes(1000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GatewayOptions().setMemoryBudgetBytes(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copiesAreDeep() {
    GatewayOptions a = new GatewayOptions().setAllowedOrigins(List.of("https://a.example"))
        .addStream(new StreamOptions().setId("s").setSource("x.asvp"));
    GatewayOptions b = new GatewayOptions(a);
    b.setPort(1).getAllowedOrigins().add("https://b.example");
    b.getStreams().get(0).setSource("y.asvp");
    assertThat(a.getPort()).isEqualTo(8080);
    assertThat(a.getAllowedOrigins()).containsExactly("https://a.example");
    assertThat(a.getStreams().get(0).getSource()).isEqualTo("x.asvp");
  }

  @Test
  void settersRejectBadValuesNamingTheProperty() {
    GatewayOptions o = new GatewayOptions();
    assertThatThrownBy(() -> o.setPort(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> o.setMaxWidth(0)).hasMessageContaining("maxWidth");
    assertThatThrownBy(() -> o.setMaxFps(241)).hasMessageContaining("maxFps");
    assertThatThrownBy(() -> o.setWriteQueueMaxBytes(10)).hasMessageContaining("writeQueueMaxBytes");
    assertThatThrownBy(() -> o.setToken("")).hasMessageContaining("token");
    assertThatThrownBy(() -> o.setStreams(List.of(new StreamOptions().setId("a").setSource("x"),
        new StreamOptions().setId("a").setSource("y")))).hasMessageContaining("duplicate stream id: a");
    assertThatThrownBy(() -> new StreamOptions().setId("a/b")).hasMessageContaining("stream id");
    assertThatThrownBy(() -> new StreamOptions().setSceneId(-1L)).hasMessageContaining("sceneId");
    assertThatThrownBy(() -> new GatewayOptions(new JsonObject().put("maxHeight", 70000))).hasMessageContaining("maxHeight");
  }

  @Test
  void streamSpecOnTheCommandLine() {
    StreamOptions s = StreamOptions.parse("clip=https://cdn.example/a=b.asvr");
    assertThat(s.getId()).isEqualTo("clip");
    assertThat(s.getSource()).isEqualTo("https://cdn.example/a=b.asvr");
    assertThatThrownBy(() -> StreamOptions.parse("nosource")).hasMessageContaining("ID=SOURCE");
    assertThatThrownBy(() -> StreamOptions.parse("=x")).hasMessageContaining("ID=SOURCE");
  }

  @Test
  void theTokenNeverAppearsInToString() {
    assertThat(new GatewayOptions().setToken("very-secret").toString()).doesNotContain("very-secret").contains("***");
    assertThat(new GatewayOptions().setAdminToken("admin-secret").toString()).doesNotContain("admin-secret")
        .contains("\"adminToken\":\"***\"");
  }
}
