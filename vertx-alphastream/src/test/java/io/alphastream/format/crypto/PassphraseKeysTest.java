package io.alphastream.format.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.testing.Fixtures;
import org.junit.jupiter.api.Test;

class PassphraseKeysTest {

  @Test
  void keysAreCachedPerPassphraseAndSaltComparedByContent() {
    byte[] a = PassphraseKeys.derive(Fixtures.testPassphrase(), 1234, "9.9", "cache-test.asvr");
    long runs = PassphraseKeys.derivationCount();
    byte[] b = PassphraseKeys.derive(Fixtures.testPassphrase(), 1234, "9.9", "cache-test.asvr"); // new arrays
    assertThat(PassphraseKeys.derivationCount()).isEqualTo(runs);
    assertThat(b).isEqualTo(a).isNotSameAs(a);
    b[0] ^= 1; // callers get copies: changing one does not change the cache
    assertThat(PassphraseKeys.derive(Fixtures.testPassphrase(), 1234, "9.9", "cache-test.asvr")).isEqualTo(a);

    byte[] other = PassphraseKeys.derive(Fixtures.testPassphrase(), 1234, "9.9", "cache-test2.asvr");
    assertThat(PassphraseKeys.derivationCount()).isEqualTo(runs + 1);
    assertThat(other).isNotEqualTo(a);
    assertThat(PassphraseKeys.cachedKeys()).isLessThanOrEqualTo(PassphraseKeys.CACHE_ENTRIES);
  }

  @Test
  void cacheStaysBounded() {
    for (int i = 0; i < PassphraseKeys.CACHE_ENTRIES + 2; i++) {
      PassphraseKeys.derive(new byte[] {(byte) i}, i, "b", "bound.asvr");
    }
    assertThat(PassphraseKeys.cachedKeys()).isEqualTo(PassphraseKeys.CACHE_ENTRIES);
  }

  @Test
  void saltIsLittleEndianU32ThenBytes() {
    assertThat(PassphraseKeys.salt(0xFFFF_FFFFL, "", "n")).containsExactly(0xff, 0xff, 0xff, 0xff, 'n');
    assertThat(PassphraseKeys.salt(1, "é", "n")).containsExactly(1, 0, 0, 0, 0xc3, 0xa9, 'n');
  }

  @Test
  void badArguments() {
    byte[] p = {1};
    assertThatThrownBy(() -> PassphraseKeys.derive(null, 1, "v", "n")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PassphraseKeys.derive(new byte[0], 1, "v", "n")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PassphraseKeys.derive(p, -1, "v", "n")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PassphraseKeys.derive(p, 1L << 32, "v", "n")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PassphraseKeys.derive(p, 1, null, "n")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PassphraseKeys.derive(p, 1, "v", null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> PassphraseKeys.derive(p, 1, "v", "")).isInstanceOf(InvalidArgumentException.class);
  }
}
