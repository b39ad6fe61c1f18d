package io.alphastream.cache;

/** Key of the decoded-frame cache of one stream: the frame index. */
public record FrameKey(int frame) {
  public FrameKey {
    if (frame < 0) {
      throw new IllegalArgumentException("frame must be >= 0: " + frame);
    }
  }
}
