package io.alphastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.cache.CacheOptions;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamFormat;
import io.alphastream.scheduler.SchedulerOptions;
import io.alphastream.testing.Fixtures;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AlphaStreamOptionsTest {

  @Test
  void defaultJsonMatchesTheConstants() {
    JsonObject json = new AlphaStreamOptions().toJson();
    assertThat(json.getLong("frameWaitMs")).isEqualTo(AlphaStreamOptions.DEFAULT_FRAME_WAIT_MS).isEqualTo(12);
    assertThat(json.getInteger("workers")).isEqualTo(AlphaStreamOptions.DEFAULT_WORKERS)
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(json.getInteger("maxInflightReads")).isEqualTo(AlphaStreamOptions.DEFAULT_MAX_INFLIGHT_READS);
    assertThat(json.getInteger("maxInflightDecodes")).isEqualTo(AlphaStreamOptions.DEFAULT_MAX_INFLIGHT_DECODES);
    assertThat(json.getInteger("maxQueuedLoads")).isEqualTo(AlphaStreamOptions.DEFAULT_MAX_QUEUED_LOADS);
    assertThat(json.getLong("openTimeoutMs")).isEqualTo(AlphaStreamOptions.DEFAULT_OPEN_TIMEOUT_MS);
    assertThat(json.getLong("readTimeoutMs")).isEqualTo(AlphaStreamOptions.DEFAULT_READ_TIMEOUT_MS);
    assertThat(json.getLong("decodeTimeoutMs")).isEqualTo(AlphaStreamOptions.DEFAULT_DECODE_TIMEOUT_MS);
    assertThat(json.getLong("closeTimeoutMs")).isEqualTo(AlphaStreamOptions.DEFAULT_CLOSE_TIMEOUT_MS);
    assertThat(json.getLong("failureBackoffMs")).isEqualTo(AlphaStreamOptions.DEFAULT_FAILURE_BACKOFF_MS);
    assertThat(json.getLong("maxFailureBackoffMs")).isEqualTo(AlphaStreamOptions.DEFAULT_MAX_FAILURE_BACKOFF_MS);
    assertThat(json.getString("version")).isEqualTo("1.5.0");
    assertThat(json.getLong("sceneId")).isZero();
    assertThat(json.getValue("source")).isNull();
    assertThat(json.getValue("address")).isNull();
    assertThat(json.getValue("remoteAddress")).isNull();
    assertThat(json.getLong("remoteRequestTimeoutMs")).isEqualTo(AlphaStreamOptions.DEFAULT_REMOTE_REQUEST_TIMEOUT_MS)
        .isEqualTo(5_000);
    assertThat(json.getValue("format")).isNull();
    assertThat(json.getJsonObject("cache")).isEqualTo(new CacheOptions().toJson());
    assertThat(json.getJsonObject("scheduler")).isEqualTo(new SchedulerOptions().toJson());
    assertThat(json.getJsonObject("transport")).isEqualTo(new TransportOptions().toJson());
    assertThat(new SchedulerOptions().toJson()).isEqualTo(new JsonObject()
        .put("prefetchFrames", SchedulerOptions.DEFAULT_PREFETCH_FRAMES)
        .put("maxInflightLoads", SchedulerOptions.DEFAULT_MAX_INFLIGHT_LOADS)
        .put("maxQueuedRequests", SchedulerOptions.DEFAULT_MAX_QUEUED_REQUESTS)
        .put("rate", SchedulerOptions.DEFAULT_RATE));
  }

  @Test
  void jsonRoundTripsThroughTheSetters() {
    JsonObject json = new AlphaStreamOptions().setSource("https://cdn.example.net/a/small.asvr")
        .setFormat(StreamFormat.ASVR).setName("small.asvr").setSceneId(4242).setWorkers(3).setFrameWaitMs(0)
        .setFailureBackoffMs(50).setMaxFailureBackoffMs(800).setCache(new CacheOptions().setMaxFrames(64)).setScheduler(new SchedulerOptions().setRate(30))
        .toJson();
    assertThat(new AlphaStreamOptions(json).toJson()).isEqualTo(json);
    assertThatThrownBy(() -> new AlphaStreamOptions(new JsonObject().put("workers", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers").hasMessageContaining("0");
    assertThatThrownBy(() -> new AlphaStreamOptions().setFailureBackoffMs(500).setMaxFailureBackoffMs(100).validate())
        .hasMessageContaining("maxFailureBackoffMs");
    assertThatThrownBy(() -> new AlphaStreamOptions(new JsonObject().put("format", "MP4")))
        .hasMessageContaining("format");
    assertThatThrownBy(() -> new AlphaStreamOptions(new JsonObject().put("scheduler",
        new JsonObject().put("rate", -1.0)))).hasMessageContaining("rate");
  }

  @Test
  void servingAndRemoteAddressesGoThroughTheSetters() {
    JsonObject serving = new AlphaStreamOptions().setSource("small.asvp").setAddress("alphastream.frames.demo").toJson();
    assertThat(serving.getString("address")).isEqualTo("alphastream.frames.demo");
    assertThat(new AlphaStreamOptions(serving).toJson()).isEqualTo(serving);
    JsonObject remote = new AlphaStreamOptions().setRemoteAddress("alphastream.frames.demo")
        .setRemoteRequestTimeoutMs(1500).toJson();
    assertThat(new AlphaStreamOptions(remote).toJson()).isEqualTo(remote);
    assertThat(new AlphaStreamOptions(remote).getRemoteRequestTimeoutMs()).isEqualTo(1500);
    assertThatThrownBy(() -> new AlphaStreamOptions().setAddress(" ")).hasMessageContaining("address");
    assertThatThrownBy(() -> new AlphaStreamOptions(new JsonObject().put("remoteAddress", "")))
        .hasMessageContaining("remoteAddress");
    assertThatThrownBy(() -> new AlphaStreamOptions().setRemoteRequestTimeoutMs(0))
        .hasMessageContaining("remoteRequestTimeoutMs").hasMessageContaining("0");
    assertThatThrownBy(() -> new AlphaStreamOptions().setSource("small.asvp").setRemoteAddress("x").validate())
        .hasMessageContaining("source and remoteAddress");
    // the builder: a remote stream needs no source, and refuses one
    assertThat(AlphaStream.builder().remote("x").build()).isNotNull();
    assertThatThrownBy(() -> AlphaStream.builder().remote("x").source("small.asvp").build())
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("source and remoteAddress");
    assertThatThrownBy(() -> AlphaStream.builder().remote("x")
        .source(io.alphastream.transport.RangeSource.memory(io.vertx.core.buffer.Buffer.buffer(), "m")).build())
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("source and remoteAddress");
    assertThatThrownBy(() -> AlphaStream.builder().build()).hasMessageContaining("remote(address)");
    assertThatThrownBy(() -> AlphaStream.builder().remoteRequestTimeoutMs(-1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void thePassphraseIsNeverSerializedOrPrinted() {
    byte[] pass = Fixtures.testPassphrase();
    String hex = HexFormat.of().formatHex(pass);
    AlphaStreamOptions o = new AlphaStreamOptions(new JsonObject().put("passphrase", hex));
    assertThat(o.getPassphrase()).isEqualTo(pass);
    assertThat(o.toJson().encode()).doesNotContain(hex).doesNotContain("passphrase");
    assertThat(o.toString()).doesNotContain(hex).contains("(set)");
    assertThatThrownBy(() -> new AlphaStreamOptions(new JsonObject().put("passphrase", "zz" + hex)))
        .hasMessage("passphrase must be hex digits");
  }

  @Test
  void copyIsDeep() {
    AlphaStreamOptions original = new AlphaStreamOptions().setPassphrase(new byte[] {1, 2});
    AlphaStreamOptions copy = new AlphaStreamOptions(original);
    copy.getCache().setMaxFrames(7);
    copy.getScheduler().setPrefetchFrames(3);
    copy.getTransport().setMaxRetries(0);
    copy.setPassphrase(new byte[] {9});
    assertThat(original.getCache().getMaxFrames()).isEqualTo(CacheOptions.DEFAULT_MAX_FRAMES);
    assertThat(original.getScheduler().getPrefetchFrames()).isEqualTo(SchedulerOptions.DEFAULT_PREFETCH_FRAMES);
    assertThat(original.getTransport().getMaxRetries()).isEqualTo(TransportOptions.DEFAULT_MAX_RETRIES);
    assertThat(original.getPassphrase()).containsExactly(1, 2);
  }

  @Test
  void saltAndFormatSettersRejectBadValuesWithIllegalArgumentNamingTheProperty() {
    AlphaStreamOptions o = new AlphaStreamOptions();
    assertThatThrownBy(() -> o.setSceneId(-1)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sceneId").hasMessageContaining("-1");
    assertThatThrownBy(() -> o.setSceneId(1L << 32)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sceneId");
    assertThatThrownBy(() -> o.setName("")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> o.setVersion(null)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> o.setPassphrase(new byte[0])).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passphrase");
    assertThatThrownBy(() -> o.setMaxPayloadBytes(3)).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPayloadBytes").hasMessageContaining("3");
    // a rejected value leaves the old one in place
    assertThat(o.toJson()).isEqualTo(new AlphaStreamOptions().toJson());
  }

  @Test
  void readerOptionsCarryTheSameValuesAndAreACopy() {
    byte[] pass = Fixtures.testPassphrase();
    AlphaStreamOptions o = new AlphaStreamOptions().setFormat(StreamFormat.ASVR).setName("small.asvr")
        .setSceneId(4242).setVersion("1.4.0").setPassphrase(pass).setMaxPayloadBytes(1 << 20);
    ReaderOptions r = o.toReaderOptions();
    assertThat(r.getFormat()).isEqualTo(StreamFormat.ASVR);
    assertThat(r.getName()).isEqualTo("small.asvr");
    assertThat(r.getSceneId()).isEqualTo(4242);
    assertThat(r.getVersion()).isEqualTo("1.4.0");
    assertThat(r.getPassphrase()).isEqualTo(pass);
    assertThat(r.getMaxPayloadBytes()).isEqualTo(1 << 20);
    r.setName("other.asvr").setSceneId(1).setPassphrase(new byte[] {7}).setMaxPayloadBytes(64);
    assertThat(o.getName()).isEqualTo("small.asvr");
    assertThat(o.getSceneId()).isEqualTo(4242);
    assertThat(o.getPassphrase()).isEqualTo(pass);
    assertThat(o.getMaxPayloadBytes()).isEqualTo(1 << 20);
    AlphaStreamOptions copy = new AlphaStreamOptions(o).setName("copy.asvr").setSceneId(5).setVersion("2")
        .setFormat(null).setMaxPayloadBytes(4);
    assertThat(o.toJson()).isEqualTo(new AlphaStreamOptions(o).toJson());
    assertThat(o.getFormat()).isEqualTo(StreamFormat.ASVR);
    assertThat(o.getVersion()).isEqualTo("1.4.0");
    assertThat(copy.getPassphrase()).isEqualTo(pass);
  }

  @Test
  void thePrefetchWindowMustFitInTheCache() {
    AlphaStreamOptions o = new AlphaStreamOptions().setCache(new CacheOptions().setMaxFrames(16))
        .setScheduler(new SchedulerOptions().setPrefetchFrames(16));
    assertThatThrownBy(o::validate).hasMessageContaining("prefetchFrames (16)").hasMessageContaining("maxFrames (16)");
  }
}
