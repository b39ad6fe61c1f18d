package io.alphastream.cache;

/** Key of the mask cache of one stream: a frame rasterized at one output size. */
public record MaskKey(int frame, int width, int height) {
  public MaskKey {
    if (frame < 0 || width < 1 || height < 1) {
      throw new IllegalArgumentException("bad mask key: frame " + frame + ", " + width + "x" + height);
    }
  }

  public FrameKey frameKey() {
    return new FrameKey(frame);
  }
}
