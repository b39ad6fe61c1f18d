package io.alphastream.gateway.protocol;

/**
 * Bounds that query parameters and control messages are validated against.
 *
 * @param maxWidth  largest accepted mask width (1..65535)
 * @param maxHeight largest accepted mask height (1..65535)
 * @param maxFps    largest accepted rate, frames per second ((0, 240])
 */
public record ProtocolLimits(int maxWidth, int maxHeight, double maxFps) {
  /** The protocol's own ceiling on the rate. */
  public static final double FPS_CEILING = 240;
  public static final ProtocolLimits DEFAULT = new ProtocolLimits(4096, 4096, FPS_CEILING);

  public ProtocolLimits {
    if (maxWidth < 1 || maxWidth > 0xFFFF || maxHeight < 1 || maxHeight > 0xFFFF) {
      throw new IllegalArgumentException("maxWidth/maxHeight must be in 1..65535: " + maxWidth + "x" + maxHeight);
    }
    if (!(maxFps > 0 && maxFps <= FPS_CEILING)) {
      throw new IllegalArgumentException("maxFps must be in (0, 240]: " + maxFps);
    }
  }
}
