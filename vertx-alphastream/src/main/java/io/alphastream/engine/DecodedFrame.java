package io.alphastream.engine;

import io.alphastream.format.Polygons;

/** Event-bus reply of a {@link DecodeVerticle}: the decoded geometry of one frame. Immutable. */
public record DecodedFrame(int frame, Polygons polygons) {
  public DecodedFrame {
    if (frame < 0 || polygons == null) {
      throw new IllegalArgumentException("bad decoded frame: frame " + frame);
    }
  }
}
