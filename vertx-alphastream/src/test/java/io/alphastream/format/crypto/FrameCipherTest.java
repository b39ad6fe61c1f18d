package io.alphastream.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FrameCipherTest {

  /**
   * The JDK's own ChaCha20 (RFC 8439) as an independent implementation of FORMAT.md 6.2 (FrameCipher uses
   * Bouncy Castle). A fresh Cipher each time: the JDK refuses re-initialisation with the same key and nonce.
   */
  private static byte[] jdkKeystream(byte[] key, int keyId, int len) throws Exception {
    byte[] nonce = new byte[12];
    nonce[8] = (byte) keyId;
    nonce[9] = (byte) (keyId >>> 8);
    nonce[10] = (byte) (keyId >>> 16);
    nonce[11] = (byte) (keyId >>> 24);
    Cipher c = Cipher.getInstance("ChaCha20");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
    return c.doFinal(new byte[len]);
  }

  @Test
  void matchesTheJdkChaCha20AtEveryOffset() throws Exception {
    Random random = new Random(1);
    for (int keyId : new int[] {0, 1, 239, 0x7FFF_FFFF, 0xFFFF_FFFF}) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      byte[] expected = jdkKeystream(key, keyId, 1000);
      for (int pos : new int[] {0, 1, 15, 16, 63, 64, 65, 500}) {
        byte[] buf = new byte[1000 - pos + 3];
        FrameCipher.xor(key, keyId, pos, buf, 3, 1000 - pos);
        byte[] got = java.util.Arrays.copyOfRange(buf, 3, buf.length);
        assertThat(got).as("key id %d from %d", keyId, pos)
            .isEqualTo(java.util.Arrays.copyOfRange(expected, pos, 1000));
      }
    }
  }

  @Test
  void xorTwiceRestoresThePlaintext() {
    byte[] key = new byte[32];
    byte[] data = "AlphaStream frame block".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] copy = data.clone();
    FrameCipher.xor(key, 7, 0, copy, 0, copy.length);
    assertThat(copy).isNotEqualTo(data);
    FrameCipher.xor(key, 7, 0, copy, 0, copy.length);
    assertThat(copy).isEqualTo(data);
  }

  @Test
  void badArguments() {
    byte[] key = new byte[32];
    byte[] buf = new byte[8];
    assertThatThrownBy(() -> FrameCipher.xor(null, 0, 0, buf, 0, 1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(new byte[16], 0, 0, buf, 0, 1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(key, 0, -1, buf, 0, 1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(key, 0, 0, null, 0, 1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(key, 0, 0, buf, -1, 1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(key, 0, 0, buf, 4, 5)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(key, 0, 0, buf, 0, -1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameCipher.xor(key, 0, FrameCipher.MAX_KEYSTREAM_BYTES - 4, buf, 0, 8))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
