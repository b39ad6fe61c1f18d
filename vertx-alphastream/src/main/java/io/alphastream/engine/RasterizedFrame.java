package io.alphastream.engine;

import io.alphastream.raster.Mask;

/**
 * Event-bus reply of a {@link DecodeVerticle} to a {@link RasterRequest}: the R8 mask of one frame at one
 * size. The worker allocates the mask and hands it over (it never touches it again), so the local codec
 * passes it without copying; receivers treat it as read-only, since it goes into the shared mask cache.
 */
public record RasterizedFrame(int frame, Mask mask) {
  public RasterizedFrame {
    if (frame < 0 || mask == null) {
      throw new IllegalArgumentException("bad rasterized frame: frame " + frame);
    }
  }
}
