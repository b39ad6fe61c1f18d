package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** FORMAT.md 6.1: the salt name is the file name of the URL or path, bytes as they are. */
class SaltNameTest {

  @Test
  void tableOfFormatSection61() {
    assertThat(SaltName.of("https://cdn.example.net/v/4242/small.asvr?Expires=1&Sig=a%2Fb/c"))
        .isEqualTo("small.asvr");
    assertThat(SaltName.of("C:\\media\\clips\\small.asvr")).isEqualTo("small.asvr");
    assertThat(SaltName.of("small.asvr")).isEqualTo("small.asvr");
  }

  @Test
  void onlyTheFirstQuestionMarkCounts() {
    assertThat(SaltName.of("https://h/a/b.asvr?x=1?y=/z")).isEqualTo("b.asvr");
  }

  @Test
  void noPercentDecodingNoCaseChange() {
    assertThat(SaltName.of("https://h/dir/My%20Clip.ASVR")).isEqualTo("My%20Clip.ASVR");
    assertThat(SaltName.of("/tmp/mixed\\sep/clip.asvr")).isEqualTo("clip.asvr");
  }

  @Test
  void emptyNameIsAUsageError() {
    for (String bad : new String[] {"", "https://h/dir/", "https://h/dir/?Sig=secret", "C:\\clips\\", "?only"}) {
      assertThatThrownBy(() -> SaltName.of(bad)).as("'%s'", bad)
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("salt name is empty")
          .hasMessageNotContaining("secret");
    }
    assertThatThrownBy(() -> SaltName.of(null)).isInstanceOf(InvalidArgumentException.class);
  }
}
