package io.alphastream.scheduler;

import io.vertx.core.json.JsonObject;

/**
 * Settings of the frame scheduler: prefetch window, in-flight bound, request queue bound and the initial
 * playback rate. Same conventions as every options object: {@code DEFAULT_*} constants, validating fluent
 * setters, deep copy and {@link JsonObject} constructors.
 */
public class SchedulerOptions {

  /** Frames prefetched ahead of the play position: 30 (half a second at 60 fps). */
  public static final int DEFAULT_PREFETCH_FRAMES = 30;
  /** Loads (read + decode) in flight at once: 4. One slot is kept for foreground requests. */
  public static final int DEFAULT_MAX_INFLIGHT_LOADS = 4;
  /** Requests waiting for a slot (foreground and explicit prefetch each): 64; beyond that they fail fast. */
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 64;
  /** Playback rate in frames per second of the play clock: 60, the file timebase. */
  public static final double DEFAULT_RATE = 60.0;
  /** Highest accepted rate (frames per second). */
  public static final double MAX_RATE = 10_000.0;

  private int prefetchFrames = DEFAULT_PREFETCH_FRAMES;
  private int maxInflightLoads = DEFAULT_MAX_INFLIGHT_LOADS;
  private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
  private double rate = DEFAULT_RATE;

  public SchedulerOptions() {}

  public SchedulerOptions(SchedulerOptions other) {
    prefetchFrames = other.prefetchFrames;
    maxInflightLoads = other.maxInflightLoads;
    maxQueuedRequests = other.maxQueuedRequests;
    rate = other.rate;
  }

  public SchedulerOptions(JsonObject json) {
    setPrefetchFrames(json.getInteger("prefetchFrames", DEFAULT_PREFETCH_FRAMES));
    setMaxInflightLoads(json.getInteger("maxInflightLoads", DEFAULT_MAX_INFLIGHT_LOADS));
    setMaxQueuedRequests(json.getInteger("maxQueuedRequests", DEFAULT_MAX_QUEUED_REQUESTS));
    setRate(json.getDouble("rate", DEFAULT_RATE));
  }

  public int getPrefetchFrames() {
    return prefetchFrames;
  }

  /** Size of the prefetch window, in frames from the play position; 0 disables prefetch. */
  public SchedulerOptions setPrefetchFrames(int prefetchFrames) {
    if (prefetchFrames < 0) {
      throw new IllegalArgumentException("prefetchFrames must be >= 0: " + prefetchFrames);
    }
    this.prefetchFrames = prefetchFrames;
    return this;
  }

  public int getMaxInflightLoads() {
    return maxInflightLoads;
  }

  /** Loads in flight at once; at least 2 (one is reserved for foreground requests). */
  public SchedulerOptions setMaxInflightLoads(int maxInflightLoads) {
    if (maxInflightLoads < 2) {
      throw new IllegalArgumentException("maxInflightLoads must be >= 2: " + maxInflightLoads);
    }
    this.maxInflightLoads = maxInflightLoads;
    return this;
  }

  public int getMaxQueuedRequests() {
    return maxQueuedRequests;
  }

  /** Requests allowed to wait for a slot, per priority; at least 1. */
  public SchedulerOptions setMaxQueuedRequests(int maxQueuedRequests) {
    if (maxQueuedRequests < 1) {
      throw new IllegalArgumentException("maxQueuedRequests must be >= 1: " + maxQueuedRequests);
    }
    this.maxQueuedRequests = maxQueuedRequests;
    return this;
  }

  public double getRate() {
    return rate;
  }

  /** Initial playback rate in frames per second, {@code 0} (paused) to {@link #MAX_RATE}. */
  public SchedulerOptions setRate(double rate) {
    checkRate(rate);
    this.rate = rate;
    return this;
  }

  /** Throws {@link IllegalArgumentException} unless {@code 0 <= fps <= MAX_RATE}. */
  public static void checkRate(double fps) {
    if (!(fps >= 0 && fps <= MAX_RATE)) {
      throw new IllegalArgumentException("rate must be within [0, " + MAX_RATE + "] fps: " + fps);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("prefetchFrames", prefetchFrames)
        .put("maxInflightLoads", maxInflightLoads)
        .put("maxQueuedRequests", maxQueuedRequests)
        .put("rate", rate);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
