package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.alphastream.source.StreamFile;
import io.alphastream.ErrorCode;
import io.alphastream.KeyException;
import io.alphastream.testing.Fixtures;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * small.asvr opened with any other passphrase, scene id, version or name fails with V02 ("wrong key or
 * unsupported file"); without a passphrase it fails with a KeyException asking for one.
 */
class WrongKeyTest {

  private static KeyException openFails(ReaderOptions options) {
    return catchThrowableOfType(KeyException.class,
        () -> Fixtures.open(Fixtures.path("small.asvr"), options).close());
  }

  private static void assertWrongKey(KeyException e) {
    assertThat(e).as("KeyException expected").isNotNull();
    assertThat(e.rule()).isEqualTo("V02");
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_KEY);
    assertThat(e.getMessage()).contains("small.asvr").contains("V02").contains("wrong key");
  }

  @Test
  void otherPassphrase() {
    byte[] other = Fixtures.testPassphrase();
    other[0] ^= 1;
    KeyException e = openFails(Manifest.asvrOptions("small.asvr").setPassphrase(other));
    assertWrongKey(e);
    // Neither passphrase nor key appears in the message.
    assertThat(e.getMessage()).doesNotContainIgnoringCase(HexFormat.of().formatHex(other))
        .doesNotContainIgnoringCase(Manifest.file("small.asvr").getString("derived_key_hex"));
  }

  @Test
  void otherSceneId() {
    assertWrongKey(openFails(Manifest.asvrOptions("small.asvr").setSceneId(4243)));
  }

  @Test
  void otherVersion() {
    assertWrongKey(openFails(Manifest.asvrOptions("small.asvr").setVersion("1.5.1")));
  }

  @Test
  void otherName() {
    assertWrongKey(openFails(Manifest.asvrOptions("small.asvr").setName("Small.asvr")));
  }

  @Test
  void renamedFileDerivesItsNameFromTheSourceAndFails() {
    ReaderOptions options = Manifest.asvrOptions("x").setName(null).setFormat(StreamFormat.ASVR);
    KeyException e = catchThrowableOfType(KeyException.class, () -> Fixtures.open(
        Fixtures.bytes("small.asvr"), "https://cdn/x/renamed.asvr?Sig=1", options).close());
    assertThat(e.rule()).isEqualTo("V02");
  }

  @Test
  void nameIsDerivedFromAUrlSource() {
    ReaderOptions options = Manifest.asvrOptions("x").setName(null);
    try (StreamFile f = Fixtures.open(Fixtures.bytes("small.asvr"),
        "https://cdn.example.net/v/4242/small.asvr?Expires=1&Sig=a%2Fb/c", options)) {
      assertThat(f.frameCount()).isEqualTo(Manifest.file("small.asvr").getInteger("frames"));
    }
  }

  @Test
  void missingPassphraseIsAKeyErrorWithoutRule() {
    KeyException detected = openFails(new ReaderOptions().setSceneId(4242));
    assertThat(detected).isNotNull();
    assertThat(detected.rule()).isNull();
    assertThat(detected.getMessage()).contains("small.asvr").contains("passphrase required");

    KeyException forced = openFails(new ReaderOptions().setFormat(StreamFormat.ASVR).setSceneId(4242));
    assertThat(forced).isNotNull();
    assertThat(forced.rule()).isNull();
    assertThat(forced.getMessage()).contains("passphrase required");
  }
}
