package io.alphastream.source;

import io.alphastream.format.ReaderOptions;
import io.alphastream.format.crypto.Passphrases;
import io.vertx.core.json.JsonObject;

/**
 * How to derive an ASVR stream's key (FORMAT.md 6.1): the salt parts (scene id, version, name) and a
 * <em>reference</em> to the passphrase: an environment variable, a file, or bytes given in process.
 * The CLI flags ({@code --scene-id --salt-version --salt-name --passphrase-file --passphrase-env}) and the
 * gateway's JSON keys ({@code sceneId saltVersion saltName passphraseFile passphraseEnv}) are these
 * properties.
 *
 * <p>Which passphrase wins: bytes set with {@link #setPassphrase(byte[])}, else {@code passphraseFile},
 * else the hex in {@code passphraseEnv} (default {@value #DEFAULT_PASSPHRASE_ENV}), else none.
 *
 * <p>No secret ever leaves these options: {@link #toJson()} and {@link #toString()} write the references
 * and, for in-process bytes, only {@code "passphrase": "(redacted)"}; the JSON constructor refuses a
 * {@code passphrase} key, so options holding bytes cannot be shipped by mistake and opened without them.
 */
public class KeyOptions {
  /** Default scene id: null, not given (the salt then uses 0, and a failing ASVR open says so). */
  public static final Long DEFAULT_SCENE_ID = null;
  /** Default salt version: {@code 1.5.0}, the only one known. */
  public static final String DEFAULT_SALT_VERSION = ReaderOptions.DEFAULT_VERSION;
  /** Default salt name: null, derived from the locator ({@link io.alphastream.transport.Locators#saltName}). */
  public static final String DEFAULT_SALT_NAME = null;
  /** Default passphrase file: none. */
  public static final String DEFAULT_PASSPHRASE_FILE = null;
  /** Default environment variable holding a hex passphrase. */
  public static final String DEFAULT_PASSPHRASE_ENV = Passphrases.ENVIRONMENT_VARIABLE;
  /** What {@link #toJson()} writes for in-process passphrase bytes. */
  public static final String REDACTED = "(redacted)";

  private Long sceneId = DEFAULT_SCENE_ID;
  private String saltVersion = DEFAULT_SALT_VERSION;
  private String saltName = DEFAULT_SALT_NAME;
  private String passphraseFile = DEFAULT_PASSPHRASE_FILE;
  private String passphraseEnv = DEFAULT_PASSPHRASE_ENV;
  private PassphraseRef passphraseBytes; // Kind.BYTES or null

  public KeyOptions() {}

  public KeyOptions(KeyOptions o) {
    sceneId = o.sceneId;
    saltVersion = o.saltVersion;
    saltName = o.saltName;
    passphraseFile = o.passphraseFile;
    passphraseEnv = o.passphraseEnv;
    passphraseBytes = o.passphraseBytes; // immutable
  }

  /**
   * Reads the keys above from {@code json} through the setters; other keys are ignored (the gateway's
   * stream entries hold these keys next to their own).
   *
   * @throws IllegalArgumentException for a bad value, or a {@code passphrase} key: a passphrase is never
   *     read from configuration, name a file or a variable instead
   */
  public KeyOptions(JsonObject json) {
    if (json.containsKey("passphrase")) {
      throw new IllegalArgumentException("passphrase is never read from JSON: name a file (passphraseFile)"
          + " or an environment variable (passphraseEnv)");
    }
    Object id = json.getValue("sceneId");
    if (id != null) {
      if (!(id instanceof Number n) || n.doubleValue() != n.longValue()) {
        throw new IllegalArgumentException("sceneId must be an integer: " + id);
      }
      setSceneId(n.longValue());
    }
    // an explicit null means the default, as an absent key does (older configurations wrote nulls)
    setSaltVersion(orDefault(json.getString("saltVersion"), DEFAULT_SALT_VERSION));
    setSaltName(json.getString("saltName"));
    setPassphraseFile(json.getString("passphraseFile"));
    setPassphraseEnv(orDefault(json.getString("passphraseEnv"), DEFAULT_PASSPHRASE_ENV));
  }

  private static String orDefault(String value, String def) {
    return value == null ? def : value;
  }

  public Long getSceneId() {
    return sceneId;
  }

  /** ASVR salt: scene id {@code 0 .. 2^32-1}, or null when not given. */
  public KeyOptions setSceneId(Long sceneId) {
    if (sceneId != null && (sceneId < 0 || sceneId > ReaderOptions.MAX_SCENE_ID)) {
      throw new IllegalArgumentException("sceneId must be in 0.." + ReaderOptions.MAX_SCENE_ID + ": " + sceneId);
    }
    this.sceneId = sceneId;
    return this;
  }

  public String getSaltVersion() {
    return saltVersion;
  }

  /** ASVR salt: version text. */
  public KeyOptions setSaltVersion(String saltVersion) {
    if (saltVersion == null) {
      throw new IllegalArgumentException("saltVersion must not be null");
    }
    this.saltVersion = saltVersion;
    return this;
  }

  public String getSaltName() {
    return saltName;
  }

  /** ASVR salt: the file name the key was made for; null derives it from the locator. */
  public KeyOptions setSaltName(String saltName) {
    if (saltName != null && saltName.isEmpty()) {
      throw new IllegalArgumentException("saltName must not be empty (null derives it from the source)");
    }
    this.saltName = saltName;
    return this;
  }

  public String getPassphraseFile() {
    return passphraseFile;
  }

  /** File holding the passphrase (raw bytes or hex text); wins over {@code passphraseEnv}. */
  public KeyOptions setPassphraseFile(String passphraseFile) {
    if (passphraseFile != null && passphraseFile.isEmpty()) {
      throw new IllegalArgumentException("passphraseFile must not be empty");
    }
    this.passphraseFile = passphraseFile;
    return this;
  }

  public String getPassphraseEnv() {
    return passphraseEnv;
  }

  /** Environment variable holding the passphrase as hex (default {@value #DEFAULT_PASSPHRASE_ENV}). */
  public KeyOptions setPassphraseEnv(String passphraseEnv) {
    if (passphraseEnv == null || passphraseEnv.isBlank()) {
      throw new IllegalArgumentException("passphraseEnv must name a variable: " + passphraseEnv);
    }
    this.passphraseEnv = passphraseEnv;
    return this;
  }

  /**
   * Passphrase bytes given in process (copied; null clears them). They win over file and variable, and
   * are never serialized.
   */
  public KeyOptions setPassphrase(byte[] passphrase) {
    try {
      this.passphraseBytes = passphrase == null ? null : PassphraseRef.bytes(passphrase);
    } catch (io.alphastream.InvalidArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return this;
  }

  /** Where the passphrase comes from, by the precedence above. */
  public PassphraseRef getPassphrase() {
    if (passphraseBytes != null) {
      return passphraseBytes;
    }
    if (passphraseFile != null) {
      return PassphraseRef.file(passphraseFile);
    }
    return PassphraseRef.env(passphraseEnv);
  }

  /** Every property; in-process passphrase bytes appear only as {@value #REDACTED}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("sceneId", sceneId).put("saltVersion", saltVersion)
        .put("saltName", saltName).put("passphraseFile", passphraseFile).put("passphraseEnv", passphraseEnv);
    if (passphraseBytes != null) {
      json.put("passphrase", REDACTED);
    }
    return json;
  }

  /** {@link #toJson()}: safe to log. */
  @Override
  public String toString() {
    return toJson().encode();
  }
}
