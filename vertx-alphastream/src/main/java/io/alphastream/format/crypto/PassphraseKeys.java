package io.alphastream.format.crypto;

import io.alphastream.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * ASVR key derivation of FORMAT.md 6.1:
 * {@code key = scrypt(passphrase, u32le(sceneId) ‖ version ‖ name, N=16384, r=8, p=1, dkLen=32)}.
 *
 * <p><b>CPU-blocking:</b> one derivation takes about 16 MiB and tens of milliseconds. Keys are therefore
 * cached per (passphrase, salt) in a small LRU (at most {@value #CACHE_ENTRIES} entries) so reopening the
 * same stream costs nothing. The cache is keyed by a SHA-256 digest of passphrase and salt, compared by
 * content; it holds neither the passphrase itself nor anything printable. Callers on an event loop must
 * run {@link #derive} in a worker. Thread-safe; nothing here logs.
 */
public final class PassphraseKeys {
  /** scrypt cost parameter N. */
  public static final int SCRYPT_N = 16384;
  /** scrypt block size r. */
  public static final int SCRYPT_R = 8;
  /** scrypt parallelism p. */
  public static final int SCRYPT_P = 1;
  /** Derived key length. */
  public static final int KEY_LENGTH = 32;
  /** Maximum number of cached keys. */
  public static final int CACHE_ENTRIES = 16;

  private static final Map<CacheKey, byte[]> CACHE =
      new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, byte[]> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };
  private static long derivations; // guarded by CACHE; lets tests observe cache hits

  private PassphraseKeys() {}

  /**
   * The salt {@code u32le(sceneId) ‖ UTF-8(version) ‖ UTF-8(name)}.
   *
   * @throws InvalidArgumentException for a scene id outside {@code [0, 2^32)}, a null version, or a
   *     null or empty name
   */
  public static byte[] salt(long sceneId, String version, String name) {
    if (sceneId < 0 || sceneId > 0xFFFF_FFFFL) {
      throw new InvalidArgumentException("sceneId must be in [0, 4294967295]: " + sceneId);
    }
    if (version == null) {
      throw new InvalidArgumentException("version must not be null");
    }
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("salt name must not be null or empty");
    }
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] salt = new byte[4 + v.length + n.length];
    salt[0] = (byte) sceneId;
    salt[1] = (byte) (sceneId >>> 8);
    salt[2] = (byte) (sceneId >>> 16);
    salt[3] = (byte) (sceneId >>> 24);
    System.arraycopy(v, 0, salt, 4, v.length);
    System.arraycopy(n, 0, salt, 4 + v.length, n.length);
    return salt;
  }

  /**
   * The 32-byte key for {@code passphrase} and the salt of {@code (sceneId, version, name)}; a fresh copy
   * on every call. Blocks the calling thread for the scrypt run unless the key is cached.
   *
   * @throws InvalidArgumentException for a null or empty passphrase or a bad salt argument
   */
  public static byte[] derive(byte[] passphrase, long sceneId, String version, String name) {
    if (passphrase == null || passphrase.length == 0) {
      throw new InvalidArgumentException("passphrase must not be null or empty");
    }
    byte[] salt = salt(sceneId, version, name);
    CacheKey ck = CacheKey.of(passphrase, salt);
    synchronized (CACHE) {
      byte[] cached = CACHE.get(ck);
      if (cached != null) {
        return cached.clone();
      }
    }
    // Outside the lock: a derivation must not stall other streams. Two threads racing on the same key
    // both derive it once; the result is the same.
    byte[] key = SCrypt.generate(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_LENGTH);
    synchronized (CACHE) {
      derivations++;
      CACHE.put(ck, key);
    }
    return key.clone();
  }

  /** Number of scrypt runs so far (tests observe caching with it). */
  static long derivationCount() {
    synchronized (CACHE) {
      return derivations;
    }
  }

  /** Number of cached keys. */
  static int cachedKeys() {
    synchronized (CACHE) {
      return CACHE.size();
    }
  }

  /** SHA-256 over {@code u32(len(passphrase)) ‖ passphrase ‖ salt}: compared by content, unprintable. */
  private static final class CacheKey {
    private final byte[] digest;
    private final int hash;

    private CacheKey(byte[] digest) {
      this.digest = digest;
      this.hash = Arrays.hashCode(digest);
    }

    static CacheKey of(byte[] passphrase, byte[] salt) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        int n = passphrase.length;
        md.update(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        md.update(passphrase);
        md.update(salt);
        return new CacheKey(md.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CacheKey k && MessageDigest.isEqual(digest, k.digest);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "CacheKey";
    }
  }
}
