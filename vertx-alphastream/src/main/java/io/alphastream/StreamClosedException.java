package io.alphastream;

/** The stream was closed; pending and later calls fail with this. */
public final class StreamClosedException extends AlphaStreamException {
  private static final long serialVersionUID = 1L;

  public StreamClosedException(String source) {
    super(ErrorCode.CLOSED, source + ": stream is closed", null, false);
  }
}
