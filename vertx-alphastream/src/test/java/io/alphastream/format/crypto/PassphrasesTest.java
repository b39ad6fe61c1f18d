package io.alphastream.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphrasesTest {
  private static final String SECRET_HEX = "00112233445566778899aabbccddeeff";

  @TempDir
  Path dir;

  @Test
  void hexWithSurroundingWhitespaceAndAnyCase() {
    assertThat(Passphrases.fromHex("  0aFf10\n")).containsExactly(0x0a, 0xff, 0x10);
    String fixtureHex = new String(Fixtures.bytes("test-passphrase.hex"), StandardCharsets.US_ASCII);
    assertThat(Passphrases.fromHex(fixtureHex)).hasSize(32).isEqualTo(Fixtures.testPassphrase());
  }

  @Test
  void badHexIsRejectedWithoutEchoingIt() {
    for (String bad : new String[] {"", "   ", "abc", SECRET_HEX + "zz", SECRET_HEX + "0", "٣٣"}) {
      assertThatThrownBy(() -> Passphrases.fromHex(bad)).isInstanceOf(InvalidArgumentException.class)
          .satisfies(t -> assertThat(t.getMessage()).doesNotContain(SECRET_HEX).doesNotContain("zz"));
    }
    assertThatThrownBy(() -> Passphrases.fromHex(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void fileWithHexText() {
    assertThat(Passphrases.fromFile(Fixtures.path("test-passphrase.hex"))).isEqualTo(Fixtures.testPassphrase());
  }

  @Test
  void fileWithRawBytes() throws IOException {
    byte[] raw = new byte[32];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (200 + i); // not hex text
    }
    Path p = Files.write(dir.resolve("raw.bin"), raw);
    assertThat(Passphrases.fromFile(p)).isEqualTo(raw);
  }

  @Test
  void badFiles() throws IOException {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> Passphrases.fromFile(empty)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Passphrases.fromFile(dir.resolve("missing"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> Passphrases.fromFile(dir)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is a directory");
    Path big = Files.write(dir.resolve("big"), new byte[Passphrases.MAX_FILE_BYTES + 1]);
    assertThatThrownBy(() -> Passphrases.fromFile(big)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> Passphrases.fromFile(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void environment() {
    assertThat(Passphrases.fromEnvironment(Map.<String, String>of()::get)).isEmpty();
    assertThat(Passphrases.fromEnvironment(Map.of(Passphrases.ENVIRONMENT_VARIABLE, " ")::get)).isEmpty();
    assertThat(Passphrases.fromEnvironment(Map.of(Passphrases.ENVIRONMENT_VARIABLE, SECRET_HEX + "\n")::get))
        .hasValueSatisfying(b -> assertThat(b).hasSize(16).startsWith(0x00, 0x11));
    assertThatThrownBy(() -> Passphrases.fromEnvironment(Map.of(Passphrases.ENVIRONMENT_VARIABLE, SECRET_HEX + "x")::get))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(Passphrases.ENVIRONMENT_VARIABLE)
        .satisfies(t -> assertThat(t.getMessage()).doesNotContain(SECRET_HEX));
  }
}
