package io.alphastream;

/** A frame was not ready within the caller's wait. Frequent and expected, so it has no stack trace. */
public final class FrameNotReadyException extends AlphaStreamException {
  private static final long serialVersionUID = 1L;

  public FrameNotReadyException(String message) {
    super(ErrorCode.NOT_READY, message, null, false);
  }
}
