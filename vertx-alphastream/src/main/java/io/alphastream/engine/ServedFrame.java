package io.alphastream.engine;

import io.alphastream.format.Polygons;

/** A server's answer to {@link StreamRequest.Kind#POLYGONS}: the decoded polygons of one frame. Immutable. */
public record ServedFrame(int frame, long sourceVersion, Polygons polygons) {
  public ServedFrame {
    if (frame < 0 || polygons == null) {
      throw new IllegalArgumentException("bad served frame: frame " + frame);
    }
  }
}
