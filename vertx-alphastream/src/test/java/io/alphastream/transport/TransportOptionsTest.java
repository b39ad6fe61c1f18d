package io.alphastream.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options contract (STYLE 3.2): defaults are the constants, JSON round-trips, copies are deep. */
class TransportOptionsTest {

  @Test
  void defaultJsonEqualsTheConstants() {
    JsonObject json = new TransportOptions().toJson();
    assertThat(json.getInteger("connectTimeoutMs")).isEqualTo(TransportOptions.DEFAULT_CONNECT_TIMEOUT_MS);
    assertThat(json.getLong("requestTimeoutMs")).isEqualTo(TransportOptions.DEFAULT_REQUEST_TIMEOUT_MS);
    assertThat(json.getLong("deadlineMs")).isEqualTo(TransportOptions.DEFAULT_DEADLINE_MS);
    assertThat(json.getInteger("maxRetries")).isEqualTo(TransportOptions.DEFAULT_MAX_RETRIES);
    assertThat(json.getLong("retryBaseDelayMs")).isEqualTo(TransportOptions.DEFAULT_RETRY_BASE_DELAY_MS);
    assertThat(json.getLong("retryMaxDelayMs")).isEqualTo(TransportOptions.DEFAULT_RETRY_MAX_DELAY_MS);
    assertThat(json.getInteger("maxConcurrentRequests"))
        .isEqualTo(TransportOptions.DEFAULT_MAX_CONCURRENT_REQUESTS);
    assertThat(json.getInteger("maxQueuedRequests")).isEqualTo(TransportOptions.DEFAULT_MAX_QUEUED_REQUESTS);
    assertThat(json.getInteger("speculativeReadBytes")).isEqualTo(64 * 1024)
        .isEqualTo(TransportOptions.DEFAULT_SPECULATIVE_READ_BYTES);
    assertThat(json.getInteger("maxFullBodyBytes")).isEqualTo(TransportOptions.DEFAULT_MAX_FULL_BODY_BYTES);
    assertThat(json.getInteger("maxCoalescedBytes")).isEqualTo(TransportOptions.DEFAULT_MAX_COALESCED_BYTES);
    assertThat(json.getInteger("maxCoalesceGapBytes"))
        .isEqualTo(TransportOptions.DEFAULT_MAX_COALESCE_GAP_BYTES);
    assertThat(json.getBoolean("keepAlive")).isEqualTo(TransportOptions.DEFAULT_KEEP_ALIVE);
    assertThat(json.getInteger("keepAliveTimeoutSeconds"))
        .isEqualTo(TransportOptions.DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS);
    assertThat(json.getInteger("maxPoolSize")).isEqualTo(TransportOptions.DEFAULT_MAX_POOL_SIZE);
    assertThat(json.getString("userAgent")).isEqualTo(TransportOptions.DEFAULT_USER_AGENT);
    assertThat(json.getBoolean("trustAll")).isEqualTo(TransportOptions.DEFAULT_TRUST_ALL);
    assertThat(json.getJsonObject("headers")).isEqualTo(new JsonObject());
    assertThat(json.fieldNames()).hasSize(18);
  }

  @Test
  void jsonRoundTripsEveryProperty() {
    JsonObject json = new JsonObject()
        .put("connectTimeoutMs", 1234).put("requestTimeoutMs", 2345L).put("deadlineMs", 3456L)
        .put("maxRetries", 7).put("retryBaseDelayMs", 11L).put("retryMaxDelayMs", 999L)
        .put("maxConcurrentRequests", 9).put("maxQueuedRequests", 50).put("speculativeReadBytes", 4096)
        .put("maxFullBodyBytes", 0).put("maxCoalescedBytes", 8192).put("maxCoalesceGapBytes", 64)
        .put("keepAlive", false).put("keepAliveTimeoutSeconds", 5).put("maxPoolSize", 2)
        .put("userAgent", "test-agent/1").put("trustAll", true)
        .put("headers", new JsonObject().put("Authorization", "Bearer x").put("X-Trace", "1"));
    assertThat(new TransportOptions(json).toJson()).isEqualTo(json);
  }

  @Test
  void jsonGoesThroughTheSetters() {
    assertThatThrownBy(() -> new TransportOptions(new JsonObject().put("maxRetries", -1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries").hasMessageContaining("-1");
    assertThatThrownBy(() -> new TransportOptions(new JsonObject().put("speculativeReadBytes", 8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speculativeReadBytes");
    assertThatThrownBy(() -> new TransportOptions(new JsonObject().put("headers",
        new JsonObject().put("Range", "bytes=0-1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Range");
  }

  @Test
  void settersRejectBadValuesNamingTheProperty() {
    TransportOptions o = new TransportOptions();
    assertThatThrownBy(() -> o.setRequestTimeoutMs(0)).hasMessageContaining("requestTimeoutMs").hasMessageEndingWith(": 0");
    assertThatThrownBy(() -> o.setDeadlineMs(-5)).hasMessageContaining("deadlineMs").hasMessageEndingWith(": -5");
    assertThatThrownBy(() -> o.setMaxConcurrentRequests(0)).hasMessageContaining("maxConcurrentRequests");
    assertThatThrownBy(() -> o.setMaxPoolSize(2000)).hasMessageContaining("maxPoolSize");
    assertThatThrownBy(() -> o.setMaxFullBodyBytes(-1)).hasMessageContaining("maxFullBodyBytes");
    assertThatThrownBy(() -> o.setUserAgent("bad\nagent")).hasMessageContaining("userAgent");
    assertThatThrownBy(() -> o.putHeader("X-Secret", "line\r\nbreak"))
        .hasMessageContaining("X-Secret").hasMessageNotContaining("line");
    assertThat(o.toJson()).isEqualTo(new TransportOptions().toJson()); // failed setters changed nothing
  }

  @Test
  void copiesAreDeep() {
    TransportOptions original = new TransportOptions().putHeader("Authorization", "Bearer a");
    TransportOptions copy = new TransportOptions(original);
    copy.setMaxRetries(9).putHeader("Authorization", "Bearer b").putHeader("X-Other", "1");
    assertThat(original.getMaxRetries()).isEqualTo(TransportOptions.DEFAULT_MAX_RETRIES);
    assertThat(original.getHeaders()).isEqualTo(Map.of("Authorization", "Bearer a"));
    original.getHeaders().put("X-Leak", "1"); // getter returns a copy
    assertThat(original.getHeaders()).doesNotContainKey("X-Leak");
  }

  @Test
  void toStringHidesHeaderValues() {
    assertThat(new TransportOptions().putHeader("Authorization", "Bearer s3cr3t").toString())
        .contains("Authorization").doesNotContain("s3cr3t");
  }
}
