package io.alphastream.format.crypto;

import io.alphastream.InvalidArgumentException;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The ASVR stream cipher of FORMAT.md 6.2: ChaCha20 (RFC 8439 block function, 20 rounds) with nonce
 * {@code 00×8 ‖ u32le(keyId)} and block counter 0 at keystream byte 0. Encryption and decryption are the
 * same XOR.
 *
 * <p>Key ids (6.3): {@link #HEADER_KEY_ID} ({@code 0xFFFFFFFF}) for header and sizes table, which form one
 * keystream (the table starts at keystream byte 16); frame block {@code i} uses key id {@code i} from
 * keystream byte 0.
 *
 * <p>Uses Bouncy Castle's {@link ChaCha7539Engine}, one per thread, re-keyed on every call (no
 * {@code Cipher.getInstance} per frame) and positioned with {@code seekTo}, so the table can start at
 * keystream byte 16 without generating bytes 0-15 again. The JDK's {@code "ChaCha20"} cipher was not
 * chosen: it refuses to be initialised twice in a row with the same key and nonce, which a reader does
 * whenever it decrypts the header and then the table, or the same frame twice. Thread-safe.
 */
public final class FrameCipher {
  /** Key id of the header and sizes table. */
  public static final int HEADER_KEY_ID = 0xFFFF_FFFF;
  /** Key length in bytes. */
  public static final int KEY_LENGTH = 32;
  /** Keystream bytes addressable with the 32-bit block counter: 2^32 blocks of 64 bytes. */
  public static final long MAX_KEYSTREAM_BYTES = 1L << 38;

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private FrameCipher() {}

  /**
   * XORs {@code buf[off, off+len)} in place with the keystream of {@code (key, keyId)} starting at
   * keystream byte {@code keystreamPos}.
   *
   * @throws InvalidArgumentException for a null or non-32-byte key, a negative position, a range
   *     outside {@code buf}, or a range past the 256 GiB keystream
   */
  public static void xor(byte[] key, int keyId, long keystreamPos, byte[] buf, int off, int len) {
    if (key == null || key.length != KEY_LENGTH) {
      throw new InvalidArgumentException("key must be " + KEY_LENGTH + " bytes");
    }
    if (buf == null) {
      throw new InvalidArgumentException("buffer must not be null");
    }
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new InvalidArgumentException(
          "range [" + off + ", +" + len + ") is outside a buffer of " + buf.length + " bytes");
    }
    if (keystreamPos < 0 || keystreamPos > MAX_KEYSTREAM_BYTES - len) {
      throw new InvalidArgumentException("keystream position out of range: " + keystreamPos);
    }
    if (len == 0) {
      return;
    }
    State s = STATE.get();
    s.nonce[8] = (byte) keyId;
    s.nonce[9] = (byte) (keyId >>> 8);
    s.nonce[10] = (byte) (keyId >>> 16);
    s.nonce[11] = (byte) (keyId >>> 24);
    s.engine.init(true, new ParametersWithIV(new KeyParameter(key), s.nonce));
    if (keystreamPos != 0) {
      s.engine.seekTo(keystreamPos);
    }
    s.engine.processBytes(buf, off, len, buf, off);
  }

  /** One engine and nonce buffer per thread; re-initialised on every call. */
  private static final class State {
    final ChaCha7539Engine engine = new ChaCha7539Engine();
    final byte[] nonce = new byte[12];
  }
}
