package io.alphastream.engine;

import io.alphastream.format.Polygons;

/** Event-bus request to a {@link DecodeVerticle}: rasterize a decoded frame at one output size. Immutable. */
public record RasterRequest(int frame, Polygons polygons, int width, int height) {
  public RasterRequest {
    if (frame < 0 || polygons == null) {
      throw new IllegalArgumentException("bad raster request: frame " + frame);
    }
  }
}
