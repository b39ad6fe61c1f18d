package io.alphastream.cache;

import io.vertx.core.json.JsonObject;

/**
 * Bounds of the two caches of one stream: decoded frames (polygons, a few KiB each) and rasterized
 * masks (one per frame and output size, W x H bytes each). Each cache is bounded both by entry count and
 * by retained bytes; whichever limit is reached first applies.
 *
 * <p>Options objects follow the Vert.x pattern: defaults in {@code DEFAULT_*} constants, validating fluent
 * setters, a deep copy constructor and a {@link JsonObject} constructor that goes through the setters.
 */
public class CacheOptions {

  /** Decoded frames kept: 512 frames (about 8.5 s at 60 fps). */
  public static final int DEFAULT_MAX_FRAMES = 512;
  /** Byte bound of the frame cache: 64 MiB (real frames retain a few KiB each). */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  /** Rasterized masks kept (all sizes together). */
  public static final int DEFAULT_MASK_MAX_ENTRIES = 16;
  /** Byte bound of the mask cache: 32 MiB (a 1920 x 960 mask is 1.76 MiB). */
  public static final long DEFAULT_MASK_MAX_BYTES = 32L << 20;

  private int maxFrames = DEFAULT_MAX_FRAMES;
  private long maxBytes = DEFAULT_MAX_BYTES;
  private int maskMaxEntries = DEFAULT_MASK_MAX_ENTRIES;
  private long maskMaxBytes = DEFAULT_MASK_MAX_BYTES;

  public CacheOptions() {}

  public CacheOptions(CacheOptions other) {
    maxFrames = other.maxFrames;
    maxBytes = other.maxBytes;
    maskMaxEntries = other.maskMaxEntries;
    maskMaxBytes = other.maskMaxBytes;
  }

  /** Starts from the defaults and applies every key present through the setters. */
  public CacheOptions(JsonObject json) {
    setMaxFrames(json.getInteger("maxFrames", DEFAULT_MAX_FRAMES));
    setMaxBytes(json.getLong("maxBytes", DEFAULT_MAX_BYTES));
    setMaskMaxEntries(json.getInteger("maskMaxEntries", DEFAULT_MASK_MAX_ENTRIES));
    setMaskMaxBytes(json.getLong("maskMaxBytes", DEFAULT_MASK_MAX_BYTES));
  }

  public int getMaxFrames() {
    return maxFrames;
  }

  /** Maximum number of decoded frames kept; at least 1. */
  public CacheOptions setMaxFrames(int maxFrames) {
    if (maxFrames < 1) {
      throw new IllegalArgumentException("maxFrames must be >= 1: " + maxFrames);
    }
    this.maxFrames = maxFrames;
    return this;
  }

  public long getMaxBytes() {
    return maxBytes;
  }

  /** Maximum retained bytes of the decoded frames; at least 1. */
  public CacheOptions setMaxBytes(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be >= 1: " + maxBytes);
    }
    this.maxBytes = maxBytes;
    return this;
  }

  public int getMaskMaxEntries() {
    return maskMaxEntries;
  }

  /** Maximum number of rasterized masks kept (over all sizes); at least 1. */
  public CacheOptions setMaskMaxEntries(int maskMaxEntries) {
    if (maskMaxEntries < 1) {
      throw new IllegalArgumentException("maskMaxEntries must be >= 1: " + maskMaxEntries);
    }
    this.maskMaxEntries = maskMaxEntries;
    return this;
  }

  public long getMaskMaxBytes() {
    return maskMaxBytes;
  }

  /** Maximum retained bytes of the rasterized masks; at least 1. */
  public CacheOptions setMaskMaxBytes(long maskMaxBytes) {
    if (maskMaxBytes < 1) {
      throw new IllegalArgumentException("maskMaxBytes must be >= 1: " + maskMaxBytes);
    }
    this.maskMaxBytes = maskMaxBytes;
    return this;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("maxFrames", maxFrames)
        .put("maxBytes", maxBytes)
        .put("maskMaxEntries", maskMaxEntries)
        .put("maskMaxBytes", maskMaxBytes);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
