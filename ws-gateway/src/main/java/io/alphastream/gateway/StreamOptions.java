package io.alphastream.gateway;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One stream the gateway serves: its id in URLs, where its bytes are, and how to derive its key (ASVR).
 * The passphrase itself is never part of the options: they name an environment variable or a file that
 * holds it, so configuration can be logged and shared.
 */
public final class StreamOptions {
  public static final String DEFAULT_VERSION = "1.5.0";
  /** Environment variable read for an ASVR passphrase when neither {@code passphraseEnv} nor a file is set. */
  public static final String DEFAULT_PASSPHRASE_ENV = "ALPHASTREAM_PASSPHRASE";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private String id;
  private String source;
  private Long sceneId;
  private String version = DEFAULT_VERSION;
  private String name;
  private String passphraseEnv;
  private String passphraseFile;

  public StreamOptions() {}

  public StreamOptions(StreamOptions o) {
    id = o.id;
    source = o.source;
    sceneId = o.sceneId;
    version = o.version;
    name = o.name;
    passphraseEnv = o.passphraseEnv;
    passphraseFile = o.passphraseFile;
  }

  public StreamOptions(JsonObject json) {
    setId(json.getString("id"));
    setSource(json.getString("source"));
    if (json.getValue("sceneId") != null) {
      setSceneId(json.getLong("sceneId"));
    }
    setVersion(json.getString("version", DEFAULT_VERSION));
    setName(json.getString("name"));
    setPassphraseEnv(json.getString("passphraseEnv"));
    setPassphraseFile(json.getString("passphraseFile"));
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

  public Long getSceneId() {
    return sceneId;
  }

  /** ASVR salt: scene id 0..2^32-1 (null = 0). */
  public StreamOptions setSceneId(Long sceneId) {
    if (sceneId != null && (sceneId < 0 || sceneId > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("sceneId must be in 0..4294967295: " + sceneId);
    }
    this.sceneId = sceneId;
    return this;
  }

  public String getVersion() {
    return version;
  }

  /** ASVR salt: version text. */
  public StreamOptions setVersion(String version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  public String getName() {
    return name;
  }

  /** ASVR salt: name (null = derived from the source, FORMAT.md 6.1). */
  public StreamOptions setName(String name) {
    this.name = name;
    return this;
  }

  public String getPassphraseEnv() {
    return passphraseEnv;
  }

  /** Environment variable holding the passphrase as hex (null = {@value #DEFAULT_PASSPHRASE_ENV}). */
  public StreamOptions setPassphraseEnv(String passphraseEnv) {
    this.passphraseEnv = passphraseEnv;
    return this;
  }

  public String getPassphraseFile() {
    return passphraseFile;
  }

  /** File holding the passphrase (raw bytes or hex text); wins over the environment. */
  public StreamOptions setPassphraseFile(String passphraseFile) {
    this.passphraseFile = passphraseFile;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("source", source).put("sceneId", sceneId).put("version", version)
        .put("name", name).put("passphraseEnv", passphraseEnv).put("passphraseFile", passphraseFile);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
