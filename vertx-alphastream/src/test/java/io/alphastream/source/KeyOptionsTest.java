package io.alphastream.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.format.crypto.Passphrases;
import io.alphastream.format.ReaderOptions;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key settings: options contract, the passphrase as a reference, redaction, and clear errors. */
class KeyOptionsTest {
  static final String HEX = HexFormat.of().formatHex(Fixtures.testPassphrase());

  @TempDir
  Path dir;

  @Test
  void defaultsMatchTheConstantsAndJsonRoundTrips() {
    JsonObject json = new KeyOptions().toJson();
    assertThat(json).isEqualTo(new JsonObject().put("sceneId", KeyOptions.DEFAULT_SCENE_ID)
        .put("saltVersion", KeyOptions.DEFAULT_SALT_VERSION).put("saltName", KeyOptions.DEFAULT_SALT_NAME)
        .put("passphraseFile", KeyOptions.DEFAULT_PASSPHRASE_FILE)
        .put("passphraseEnv", KeyOptions.DEFAULT_PASSPHRASE_ENV));
    KeyOptions set = new KeyOptions().setSceneId(4_294_967_295L).setSaltVersion("2.0").setSaltName("a.asvr")
        .setPassphraseFile("/keys/a.key").setPassphraseEnv("MY_KEY");
    assertThat(new KeyOptions(set.toJson()).toJson()).isEqualTo(set.toJson());
    assertThat(new KeyOptions(new JsonObject().putNull("saltVersion").putNull("passphraseEnv")).toJson())
        .as("explicit nulls are the defaults").isEqualTo(json);
    KeyOptions copy = new KeyOptions(set).setSaltName("b.asvr");
    assertThat(set.getSaltName()).isEqualTo("a.asvr");
    assertThat(copy.getPassphrase()).isEqualTo(PassphraseRef.file("/keys/a.key"));
  }

  @Test
  void settersNameThePropertyTheyRefuse() {
    assertThatThrownBy(() -> new KeyOptions().setSceneId(-1L)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sceneId");
    assertThatThrownBy(() -> new KeyOptions().setSceneId(1L << 32)).hasMessageContaining("sceneId");
    assertThatThrownBy(() -> new KeyOptions().setSaltName("")).hasMessageContaining("saltName");
    assertThatThrownBy(() -> new KeyOptions().setPassphraseEnv(" ")).hasMessageContaining("passphraseEnv");
    assertThatThrownBy(() -> new KeyOptions(new JsonObject().put("sceneId", "12")))
        .hasMessageContaining("sceneId");
  }

  @Test
  void aSecretNeverShowsAndIsNeverReadFromJson() {
    byte[] secret = Fixtures.testPassphrase();
    KeyOptions k = new KeyOptions().setPassphrase(secret);
    String shown = k.toString() + k.toJson().encode() + k.getPassphrase();
    assertThat(shown).doesNotContain(HEX).doesNotContain(HEX.toUpperCase())
        .contains(KeyOptions.REDACTED).contains("bytes(redacted)");
    assertThat(shown).doesNotContain(new String(secret, StandardCharsets.ISO_8859_1));
    // shipping options that hold bytes fails loudly on the other side instead of opening without a key
    assertThatThrownBy(() -> new KeyOptions(k.toJson())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passphraseFile").hasMessageContaining("passphraseEnv");
    assertThatThrownBy(() -> new KeyOptions(new JsonObject().put("passphrase", HEX)))
        .hasMessageNotContaining(HEX);
    // references travel: they name where the secret is, not the secret
    KeyOptions ref = new KeyOptions().setPassphraseEnv("CLIP_KEY");
    assertThat(new KeyOptions(ref.toJson()).getPassphrase()).isEqualTo(PassphraseRef.env("CLIP_KEY"));
  }

  @Test
  void precedenceBytesThenFileThenEnvironment() throws IOException {
    Path file = Files.writeString(dir.resolve("k.hex"), HEX + "\n");
    KeyOptions k = new KeyOptions().setPassphraseEnv("K");
    assertThat(k.getPassphrase().resolve(Map.of("K", HEX)::get)).isEqualTo(Fixtures.testPassphrase());
    assertThat(k.getPassphrase().resolve(Map.<String, String>of()::get)).isNull();
    k.setPassphraseFile(file.toString());
    assertThat(k.getPassphrase().kind()).isEqualTo(PassphraseRef.Kind.FILE);
    assertThat(k.getPassphrase().resolve(Map.<String, String>of()::get)).isEqualTo(Fixtures.testPassphrase());
    k.setPassphrase(new byte[] {1, 2, 3});
    assertThat(k.getPassphrase().resolve(Map.<String, String>of()::get)).containsExactly(1, 2, 3);
  }

  @Test
  void passphraseFileErrorsSayWhatThePathIs() throws IOException {
    assertThatThrownBy(() -> PassphraseRef.file(dir.toString()).resolve(System::getenv))
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.kind()).isEqualTo(Kind.IO))
        .hasMessageContaining("is a directory");
    assertThatThrownBy(() -> PassphraseRef.file(dir.resolve("none.key").toString()).resolve(System::getenv))
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("not found");
    if (Files.exists(Paths.get("/dev/zero"))) { // a device that never ends: refused, not read
      assertThatThrownBy(() -> PassphraseRef.file("/dev/zero").resolve(System::getenv))
          .isInstanceOf(TransportException.class).hasMessageContaining("not a regular file");
      // the format layer refuses it on its own too, without reading it
      assertThatThrownBy(() -> Passphrases.fromFile(Paths.get("/dev/zero")))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a regular file");
    }
    Path big = Files.write(dir.resolve("big.key"), new byte[64 * 1024 + 1]);
    assertThatThrownBy(() -> PassphraseRef.file(big.toString()).resolve(System::getenv))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("too large");
    assertThatThrownBy(() -> PassphraseRef.env("K").resolve(Map.of("K", "zz" + HEX)::get))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("K").hasMessageNotContaining(HEX);
  }

  @Test
  void readerOptionsTakeTheSaltNameFromTheLocatorUnlessGiven() {
    KeyOptions k = new KeyOptions().setSceneId(7L);
    ReaderOptions https = StreamSources.readerOptions("https://u:p@cdn/x/clip.asvr?Sig=1", k, Map.<String, String>of()::get);
    assertThat(https.getName()).isEqualTo("clip.asvr");
    assertThat(https.getSceneId()).isEqualTo(7);
    assertThat(https.hasPassphrase()).isFalse();
    assertThat(StreamSources.readerOptions("sample:demo", k, Map.<String, String>of()::get).getName())
        .isEqualTo("demo.asvp");
    assertThat(StreamSources.readerOptions("/m/a.asvr", new KeyOptions().setSaltName("b.asvr"),
        Map.<String, String>of()::get).getName()).isEqualTo("b.asvr");
    assertThatThrownBy(() -> StreamSources.readerOptions("ftp://h/a.asvr", k, Map.<String, String>of()::get))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unsupported scheme 'ftp:'").hasMessageContaining("https://")
        .hasMessageContaining("sample:NAME");
  }
}
