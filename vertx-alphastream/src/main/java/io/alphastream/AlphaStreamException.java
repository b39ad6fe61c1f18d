package io.alphastream;

/**
 * Root of every error this library raises. Each carries an {@link ErrorCode} and a message naming the
 * source, the frame and what is wrong. Messages never contain passphrase or key bytes.
 */
public abstract sealed class AlphaStreamException extends RuntimeException
    permits InvalidArgumentException, FormatException, KeyException, TransportException,
        FrameNotReadyException, StreamClosedException {

  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  protected AlphaStreamException(ErrorCode code, String message, Throwable cause, boolean stackTrace) {
    super(message, cause, false, stackTrace);
    this.code = code;
  }

  public final ErrorCode code() {
    return code;
  }

  @Override
  public String toString() {
    return "(" + code + ") " + getMessage();
  }
}
