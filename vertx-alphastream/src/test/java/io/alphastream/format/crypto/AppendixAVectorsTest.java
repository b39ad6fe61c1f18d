package io.alphastream.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** FORMAT.md appendix A: the test passphrase's salt, key, keystreams and decrypted header. */
class AppendixAVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonObject ASVR =
      new JsonObject(Fixtures.manifestJson()).getJsonObject("files").getJsonObject("small.asvr");

  @Test
  void testPassphraseIsSha256OfItsText() throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest("alphastream-test-passphrase".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(Fixtures.testPassphrase()).isEqualTo(digest);
    assertThat(HEX.formatHex(digest))
        .isEqualTo("4518da10f54ac43e44bd108145b672eba031bad91f7492f6344da36da1f63fac");
  }

  @Test
  void saltIsSceneIdVersionAndName() {
    byte[] salt = PassphraseKeys.salt(4242, "1.5.0", "small.asvr");
    assertThat(HEX.formatHex(salt)).isEqualTo("92100000" + "312e352e30" + "736d616c6c2e61737672");
    assertThat(HEX.formatHex(salt)).isEqualTo(ASVR.getString("salt_hex"));
  }

  @Test
  void derivedKeyMatchesVector() {
    byte[] key = PassphraseKeys.derive(Fixtures.testPassphrase(), 4242, "1.5.0", "small.asvr");
    assertThat(HEX.formatHex(key))
        .isEqualTo("6cfbfba802bba65c3254ef1b21946f34ca453d8f2eb68ab924648da2ab5bf800")
        .isEqualTo(ASVR.getString("derived_key_hex"));
  }

  @Test
  void keystreamPrefixesMatchVectors() {
    byte[] key = HEX.parseHex(ASVR.getString("derived_key_hex"));
    assertThat(keystream(key, 0xFFFFFFFF, 0, 32))
        .isEqualTo("adbd698468a9771951204909af2a8b61902944e196724ac338fea2265366a898");
    assertThat(keystream(key, 0, 0, 32))
        .isEqualTo("62db1b6da374a2e5695842b12603691151a1ab2706337c9fc67f3522ea0a431d");
    assertThat(keystream(key, 1, 0, 32))
        .isEqualTo("a3b8067e962bd4b933d3f9ebfc693d3ffa8793d83674400e5775d566ffe61069");
  }

  @Test
  void keystreamCanStartAtAnyByte() {
    byte[] key = HEX.parseHex(ASVR.getString("derived_key_hex"));
    String whole = keystream(key, 0xFFFFFFFF, 0, 300);
    for (int pos : new int[] {1, 16, 63, 64, 65, 127, 128, 200}) {
      assertThat(keystream(key, 0xFFFFFFFF, pos, 300 - pos)).as("from byte %d", pos)
          .isEqualTo(whole.substring(2 * pos));
    }
  }

  @Test
  void decryptedHeaderMatchesVector() {
    byte[] file = Fixtures.bytes("small.asvr");
    byte[] header = Arrays.copyOf(file, 16);
    assertThat(HEX.formatHex(header)).isEqualTo("a9bd698468a97719512049096c2b8b61");
    FrameCipher.xor(HEX.parseHex(ASVR.getString("derived_key_hex")), FrameCipher.HEADER_KEY_ID, 0, header, 0, 16);
    assertThat(HEX.formatHex(header))
        .isEqualTo("040000000000000000000000c3010000")
        .isEqualTo(ASVR.getString("decrypted_header_hex"));
  }

  private static String keystream(byte[] key, int keyId, long pos, int len) {
    byte[] zeros = new byte[len];
    FrameCipher.xor(key, keyId, pos, zeros, 0, len);
    return HEX.formatHex(zeros);
  }
}
