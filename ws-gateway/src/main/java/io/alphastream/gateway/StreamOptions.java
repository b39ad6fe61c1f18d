package io.alphastream.gateway;

import io.alphastream.source.KeyOptions;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * One stream the gateway serves: its id in URLs, where its bytes are (a locator), and how to derive its
 * key (ASVR): the library's {@link KeyOptions}, whose properties are flattened into this object's JSON
 * ({@code sceneId saltVersion saltName passphraseFile passphraseEnv}, the same names as the CLI flags).
 * The passphrase itself is never part of the options: they name an environment variable or a file that
 * holds it, so configuration can be logged and shared.
 */
public final class StreamOptions {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private String id;
  private String source;
  private KeyOptions key = new KeyOptions();

  public StreamOptions() {}

  public StreamOptions(StreamOptions o) {
    id = o.id;
    source = o.source;
    key = new KeyOptions(o.key);
  }

  public StreamOptions(JsonObject json) {
    for (String renamed : new String[] {"version", "name"}) { // the keys before the CLI and serve agreed
      if (json.containsKey(renamed)) {
        throw new IllegalArgumentException("stream key '" + renamed + "' is now 'salt"
            + Character.toUpperCase(renamed.charAt(0)) + renamed.substring(1) + "'");
      }
    }
    setId(json.getString("id"));
    setSource(json.getString("source"));
    setKey(new KeyOptions(json));
  }

  /** Parses the command-line form {@code ID=SOURCE}. */
  public static StreamOptions parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new IllegalArgumentException("stream must be ID=SOURCE (a path, file: or http(s): URL, or sample:NAME): " + spec);
    }
    return new StreamOptions().setId(spec.substring(0, eq)).setSource(spec.substring(eq + 1));
  }

  public String getId() {
    return id;
  }

  /** Id in URLs: 1 to 64 of {@code A-Z a-z 0-9 _ . -}. */
  public StreamOptions setId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("stream id must be 1-64 of [A-Za-z0-9_.-]: " + id);
    }
    this.id = id;
    return this;
  }

  public String getSource() {
    return source;
  }

  /** A file path, a {@code file:}, {@code http:} or {@code https:} URL, or {@code sample:NAME}. */
  public StreamOptions setSource(String source) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("stream source must not be empty");
    }
    this.source = source;
    return this;
  }

  /** The key settings (the live object: change it through its setters). */
  public KeyOptions getKey() {
    return key;
  }

  /** The key settings (copied). */
  public StreamOptions setKey(KeyOptions key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    this.key = new KeyOptions(key);
    return this;
  }

  /** ASVR salt: scene id 0..2^32-1 (null = not given). */
  public Long getSceneId() {
    return key.getSceneId();
  }

  public StreamOptions setSceneId(Long sceneId) {
    key.setSceneId(sceneId);
    return this;
  }

  /** ASVR salt: version text. */
  public String getSaltVersion() {
    return key.getSaltVersion();
  }

  public StreamOptions setSaltVersion(String saltVersion) {
    key.setSaltVersion(saltVersion);
    return this;
  }

  /** ASVR salt: name (null = derived from the source, FORMAT.md 6.1). */
  public String getSaltName() {
    return key.getSaltName();
  }

  public StreamOptions setSaltName(String saltName) {
    key.setSaltName(saltName);
    return this;
  }

  /** Environment variable holding the passphrase as hex (default {@code ALPHASTREAM_PASSPHRASE}). */
  public String getPassphraseEnv() {
    return key.getPassphraseEnv();
  }

  public StreamOptions setPassphraseEnv(String passphraseEnv) {
    key.setPassphraseEnv(passphraseEnv);
    return this;
  }

  /** File holding the passphrase (raw bytes or hex text); wins over the environment. */
  public String getPassphraseFile() {
    return key.getPassphraseFile();
  }

  public StreamOptions setPassphraseFile(String passphraseFile) {
    key.setPassphraseFile(passphraseFile);
    return this;
  }

  /** {@code id}, {@code source} and the key properties, flat. Holds no secret. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("source", source).mergeIn(key.toJson());
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
