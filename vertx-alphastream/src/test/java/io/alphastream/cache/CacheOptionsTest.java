package io.alphastream.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CacheOptionsTest {

  @Test
  void defaultJsonMatchesTheConstants() {
    assertThat(new CacheOptions().toJson()).isEqualTo(new JsonObject()
        .put("maxFrames", CacheOptions.DEFAULT_MAX_FRAMES)
        .put("maxBytes", CacheOptions.DEFAULT_MAX_BYTES)
        .put("maskMaxEntries", CacheOptions.DEFAULT_MASK_MAX_ENTRIES)
        .put("maskMaxBytes", CacheOptions.DEFAULT_MASK_MAX_BYTES));
    assertThat(CacheOptions.DEFAULT_MAX_FRAMES).isEqualTo(512);
  }

  @Test
  void jsonRoundTripsThroughTheSetters() {
    JsonObject json = new JsonObject().put("maxFrames", 7).put("maxBytes", 1000L).put("maskMaxEntries", 3)
        .put("maskMaxBytes", 99L);
    assertThat(new CacheOptions(json).toJson()).isEqualTo(json);
    assertThatThrownBy(() -> new CacheOptions(new JsonObject().put("maxFrames", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrames").hasMessageContaining("0");
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    CacheOptions original = new CacheOptions().setMaxFrames(10);
    CacheOptions copy = new CacheOptions(original).setMaxFrames(20).setMaskMaxBytes(5);
    assertThat(original.getMaxFrames()).isEqualTo(10);
    assertThat(original.getMaskMaxBytes()).isEqualTo(CacheOptions.DEFAULT_MASK_MAX_BYTES);
    assertThat(copy.getMaxFrames()).isEqualTo(20);
  }

  @Test
  void settersRejectNonPositiveBounds() {
    CacheOptions o = new CacheOptions();
    assertThatThrownBy(() -> o.setMaxBytes(0)).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> o.setMaskMaxEntries(-1)).hasMessageContaining("maskMaxEntries");
    assertThatThrownBy(() -> o.setMaskMaxBytes(0)).hasMessageContaining("maskMaxBytes");
  }
}
