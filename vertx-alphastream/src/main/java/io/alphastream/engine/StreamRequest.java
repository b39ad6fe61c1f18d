package io.alphastream.engine;

/**
 * A request to a stream's serving address ({@link FrameServer}), from any node: the stream's
 * {@link StreamInfo}, the decoded polygons of a frame ({@link ServedFrame}) or its plain block
 * ({@link ServedBlock}). A frame or block request names the {@code sourceVersion} the asker opened: a
 * server of another version refuses it with {@code CHANGED} before it looks at the frame (whose index may
 * not even exist there). Failures come back as {@link EngineFailure}. Immutable.
 */
public record StreamRequest(Kind kind, int frame, long sourceVersion) {

  /** What is asked; the wire carries the ordinal, so append new kinds at the end only. */
  public enum Kind {
    INFO, POLYGONS, BLOCK
  }

  public StreamRequest {
    if (kind == null || frame < 0) {
      throw new IllegalArgumentException("bad stream request: " + kind + ", frame " + frame);
    }
  }

  public static StreamRequest info() {
    return new StreamRequest(Kind.INFO, 0, 0);
  }

  public static StreamRequest polygons(int frame, long sourceVersion) {
    return new StreamRequest(Kind.POLYGONS, frame, sourceVersion);
  }

  public static StreamRequest block(int frame, long sourceVersion) {
    return new StreamRequest(Kind.BLOCK, frame, sourceVersion);
  }
}
