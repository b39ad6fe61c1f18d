package io.alphastream;

/** Reading bytes of a stream failed: file system errors, HTTP status errors, timeouts, resets. */
public final class TransportException extends AlphaStreamException {
  private static final long serialVersionUID = 1L;

  /** Why a read failed; lets callers and retry logic decide without parsing messages. */
  public enum Kind {
    NOT_FOUND, FORBIDDEN, RANGE_NOT_SATISFIABLE, SERVER_ERROR, BAD_RESPONSE, SHORT_READ, TIMEOUT,
    CONNECTION, CHANGED, CLOSED, IO
  }

  private final Kind kind;
  private final boolean retryable;

  public TransportException(Kind kind, boolean retryable, String message, Throwable cause) {
    super(ErrorCode.IO, message, cause, true);
    this.kind = kind;
    this.retryable = retryable;
  }

  public TransportException(Kind kind, String message, Throwable cause) {
    this(kind, false, message, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** True when the same request may succeed if tried again (5xx, reset, timeout). */
  public boolean retryable() {
    return retryable;
  }
}
