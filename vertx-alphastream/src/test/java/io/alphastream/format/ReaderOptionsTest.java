package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class ReaderOptionsTest {

  @Test
  void defaultsAreTheConstants() {
    ReaderOptions o = new ReaderOptions();
    assertThat(o.getFormat()).isEqualTo(ReaderOptions.DEFAULT_FORMAT).isNull();
    assertThat(o.getName()).isEqualTo(ReaderOptions.DEFAULT_NAME).isNull();
    assertThat(o.getSceneId()).isEqualTo(ReaderOptions.DEFAULT_SCENE_ID);
    assertThat(o.getVersion()).isEqualTo(ReaderOptions.DEFAULT_VERSION).isEqualTo("1.5.0");
    assertThat(o.getMaxPayloadBytes()).isEqualTo(ReaderOptions.DEFAULT_MAX_PAYLOAD_BYTES).isEqualTo(16 << 20);
    assertThat(o.getPassphrase()).isNull();
    assertThat(o.hasPassphrase()).isFalse();
  }

  @Test
  void copyIsDeepAndIndependent() {
    byte[] pass = {1, 2, 3};
    ReaderOptions a = new ReaderOptions().setFormat(StreamFormat.ASVR).setName("n.asvr").setSceneId(9)
        .setVersion("2").setPassphrase(pass).setMaxPayloadBytes(1000);
    pass[0] = 9; // the options kept their own copy
    ReaderOptions b = new ReaderOptions(a);
    b.setPassphrase(new byte[] {7}).setSceneId(10).setName(null).setMaxPayloadBytes(5);
    assertThat(a.getPassphrase()).containsExactly(1, 2, 3);
    assertThat(a.getSceneId()).isEqualTo(9);
    assertThat(a.getName()).isEqualTo("n.asvr");
    assertThat(a.getMaxPayloadBytes()).isEqualTo(1000);
    a.getPassphrase()[0] = 5; // a getter hands out a copy
    assertThat(a.getPassphrase()).containsExactly(1, 2, 3);
  }

  @Test
  void toStringNeverShowsThePassphrase() {
    ReaderOptions o = new ReaderOptions().setPassphrase(new byte[] {0x41, 0x42, 0x43, 0x44});
    assertThat(o.toString()).contains("(set)").doesNotContain("ABCD").doesNotContain("41424344")
        .doesNotContain("65, 66");
  }

  @Test
  void settersRejectBadValuesNamingTheProperty() {
    ReaderOptions o = new ReaderOptions();
    assertThatThrownBy(() -> o.setSceneId(-1)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("sceneId");
    assertThatThrownBy(() -> o.setSceneId(1L << 32)).isInstanceOf(InvalidArgumentException.class);
    assertThat(o.setSceneId(0xFFFF_FFFFL).getSceneId()).isEqualTo(0xFFFF_FFFFL);
    assertThatThrownBy(() -> o.setVersion(null)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("version");
    assertThatThrownBy(() -> o.setName("")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> o.setPassphrase(new byte[0])).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("passphrase");
    assertThatThrownBy(() -> o.setMaxPayloadBytes(3)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("maxPayloadBytes");
    assertThatThrownBy(() -> o.setMaxPayloadBytes(-1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ReaderOptions(null)).isInstanceOf(InvalidArgumentException.class);
  }
}
