package io.alphastream.format;

import io.alphastream.InvalidArgumentException;
import java.util.Arrays;

/**
 * How a {@link StreamReader} interprets a stream: the container format (or detection), the ASVR salt
 * inputs (scene id, version, name) and passphrase, and the payload cap of rule V12.
 *
 * <p>Setters validate, throw {@link InvalidArgumentException} naming the property, and return
 * {@code this}. Readers copy the options they receive. The passphrase is copied in and out and never
 * appears in {@link #toString()} or in any message.
 */
public final class ReaderOptions {
  /** Default {@link #getFormat() format}: {@code null}, detect from the bytes and the name. */
  public static final StreamFormat DEFAULT_FORMAT = null;
  /** Default {@link #getName() name}: {@code null}, derive it from the source with {@link SaltName#of}. */
  public static final String DEFAULT_NAME = null;
  /** Default {@link #getSceneId() scene id}: 0. */
  public static final long DEFAULT_SCENE_ID = 0;
  /** Default {@link #getVersion() version}: {@code "1.5.0"}, the only version known. */
  public static final String DEFAULT_VERSION = "1.5.0";
  /** Default payload cap of rule V12: 16 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 << 20;
  /** Largest accepted payload cap: the largest Java array. */
  public static final int MAX_MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;
  /** Largest scene id: scene ids are stored as {@code u32}. */
  public static final long MAX_SCENE_ID = 0xFFFF_FFFFL;

  private StreamFormat format = DEFAULT_FORMAT;
  private String name = DEFAULT_NAME;
  private long sceneId = DEFAULT_SCENE_ID;
  private String version = DEFAULT_VERSION;
  private byte[] passphrase;
  private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;

  /** Options with every default. */
  public ReaderOptions() {}

  /** A deep copy of {@code other}. */
  public ReaderOptions(ReaderOptions other) {
    if (other == null) {
      throw new InvalidArgumentException("options must not be null");
    }
    format = other.format;
    name = other.name;
    sceneId = other.sceneId;
    version = other.version;
    passphrase = other.passphrase == null ? null : other.passphrase.clone();
    maxPayloadBytes = other.maxPayloadBytes;
  }

  /** The container format, or {@code null} to detect it (see {@link StreamReader}). */
  public StreamFormat getFormat() {
    return format;
  }

  /**
   * Forces the format, or {@code null} to detect: bytes 0-7 {@code "ASVPPLN1"} mean ASVP; otherwise the
   * stream is ASVR when the salt name ends with {@code .asvr}, else it is rejected with V02.
   */
  public ReaderOptions setFormat(StreamFormat format) {
    this.format = format;
    return this;
  }

  /** The ASVR salt name, or {@code null} to derive it from the source locator. */
  public String getName() {
    return name;
  }

  /** Sets the ASVR salt name (the file name the key was made for); {@code null} derives it from the source. */
  public ReaderOptions setName(String name) {
    if (name != null && name.isEmpty()) {
      throw new InvalidArgumentException("name must not be empty (use null to derive it from the source)");
    }
    this.name = name;
    return this;
  }

  public long getSceneId() {
    return sceneId;
  }

  /** Sets the ASVR scene id, {@code 0 .. 2^32-1}. */
  public ReaderOptions setSceneId(long sceneId) {
    if (sceneId < 0 || sceneId > MAX_SCENE_ID) {
      throw new InvalidArgumentException("sceneId must be in [0, 4294967295]: " + sceneId);
    }
    this.sceneId = sceneId;
    return this;
  }

  public String getVersion() {
    return version;
  }

  /** Sets the ASVR version string of the salt (its UTF-8 bytes are used as they are). */
  public ReaderOptions setVersion(String version) {
    if (version == null) {
      throw new InvalidArgumentException("version must not be null");
    }
    this.version = version;
    return this;
  }

  /** A copy of the passphrase, or {@code null} when none is set. */
  public byte[] getPassphrase() {
    return passphrase == null ? null : passphrase.clone();
  }

  /** True when a passphrase is set (cheaper than {@link #getPassphrase()}, which copies). */
  public boolean hasPassphrase() {
    return passphrase != null;
  }

  /** Sets the ASVR passphrase (copied; {@code null} clears it). It must not be empty. */
  public ReaderOptions setPassphrase(byte[] passphrase) {
    if (passphrase != null && passphrase.length == 0) {
      throw new InvalidArgumentException("passphrase must not be empty");
    }
    if (this.passphrase != null) {
      Arrays.fill(this.passphrase, (byte) 0);
    }
    this.passphrase = passphrase == null ? null : passphrase.clone();
    return this;
  }

  public int getMaxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Sets the cap of rule V12 on a frame's declared payload length, {@code 4 .. 2^31-9} bytes. */
  public ReaderOptions setMaxPayloadBytes(int maxPayloadBytes) {
    if (maxPayloadBytes < 4 || maxPayloadBytes > MAX_MAX_PAYLOAD_BYTES) {
      throw new InvalidArgumentException(
          "maxPayloadBytes must be in [4, " + MAX_MAX_PAYLOAD_BYTES + "]: " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
    return this;
  }

  /** The passphrase without copying, for the reader in this package only. */
  byte[] passphraseRef() {
    return passphrase;
  }

  @Override
  public String toString() {
    return "ReaderOptions[format=" + format + ", name=" + name + ", sceneId=" + sceneId + ", version="
        + version + ", passphrase=" + (passphrase == null ? "none" : "(set)") + ", maxPayloadBytes="
        + maxPayloadBytes + "]";
  }
}
