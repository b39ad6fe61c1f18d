package io.alphastream.gateway.protocol;

import io.vertx.core.json.JsonObject;

/**
 * What a client learns about a stream: {@code GET /streams/{id}} and the defaults of a subscription.
 *
 * @param id           stream id in URLs
 * @param frames       frame count
 * @param fps          native rate (frame n is at n / fps seconds)
 * @param nativeWidth  width of the coordinate space masks are rasterized from
 * @param nativeHeight height of that space
 */
public record StreamInfo(String id, int frames, double fps, int nativeWidth, int nativeHeight) {
  public StreamInfo {
    if (frames < 1 || !(fps > 0) || nativeWidth < 1 || nativeHeight < 1) {
      throw new IllegalArgumentException("stream " + id + ": frames, fps and native size must be positive");
    }
  }

  /** Duration in seconds: frames / fps. */
  public double durationSeconds() {
    return frames / fps;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("frames", frames).put("fps", fps)
        .put("duration", durationSeconds()).put("width", nativeWidth).put("height", nativeHeight);
  }
}
