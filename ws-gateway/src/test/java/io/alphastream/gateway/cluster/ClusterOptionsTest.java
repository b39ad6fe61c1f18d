package io.alphastream.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

  @Test
  void defaultsAreTheConstants() {
    JsonObject json = new ClusterOptions().toJson();
    assertThat(json.getString("host")).isEqualTo(ClusterOptions.DEFAULT_HOST);
    assertThat(json.getInteger("port")).isEqualTo(ClusterOptions.DEFAULT_PORT);
    assertThat(json.getString("name")).isEqualTo(ClusterOptions.DEFAULT_NAME);
    assertThat(json.getJsonArray("members")).isEqualTo(new JsonArray(ClusterOptions.DEFAULT_MEMBERS));
    assertThat(json.getString("configFile")).isEqualTo(ClusterOptions.DEFAULT_CONFIG_FILE);
    assertThat(json.getString("logFile")).isEqualTo(ClusterOptions.DEFAULT_LOG_FILE);
    assertThat(json.getString("frames")).isEqualTo(ClusterOptions.DEFAULT_FRAMES.wireName());
  }

  @Test
  void jsonRoundTripsAndCopiesAreIndependent() {
    ClusterOptions o = new ClusterOptions().setHost("10.0.0.5").setPort(5800).setName("prod-eu")
        .setMembers(List.of("10.0.0.5:5800", " 10.0.0.6:5800 ", "[fd00::1]:5701")).setLogFile("/var/log/hz.log")
        .setFrames(ClusterOptions.Frames.OWNER);
    JsonObject json = o.toJson();
    assertThat(new ClusterOptions(json).toJson()).isEqualTo(json);
    assertThat(o.getMembers()).containsExactly("10.0.0.5:5800", "10.0.0.6:5800", "[fd00::1]:5701");
    ClusterOptions copy = new ClusterOptions(o).setPort(5900).setMembers(List.of());
    assertThat(o.getPort()).isEqualTo(5800);
    assertThat(o.getMembers()).hasSize(3);
    assertThat(copy.getMembers()).isEmpty();
  }

  @Test
  void settersRefuseBadValuesNamingThem() {
    ClusterOptions o = new ClusterOptions();
    assertThatThrownBy(() -> o.setPort(0)).hasMessageContaining("cluster port must be 1-65535: 0");
    assertThatThrownBy(() -> o.setName("a b")).hasMessageContaining("cluster name");
    assertThatThrownBy(() -> o.setHost(" ")).hasMessageContaining("cluster host");
    for (String bad : List.of("host", "host:", ":1", "host:0", "host:65536", "host:x", "::1:5701")) {
      assertThatThrownBy(() -> o.setMembers(List.of(bad))).as(bad).hasMessageContaining("host:port");
    }
    assertThatThrownBy(() -> ClusterOptions.Frames.parse("sometimes")).hasMessageContaining("origin or owner");
    assertThat(o.getPort()).isEqualTo(ClusterOptions.DEFAULT_PORT);
  }
}
