package io.alphastream.cabi;

import io.alphastream.AlphaStreamException;

/**
 * The one place where Java failures become {@code CV_*} error codes (alphastream.h, enum
 * CV_ErrorCode). The code depends on the call that failed: a transport error is an initialisation
 * error during {@code CV_init} and "frame not ready" during {@code CV_get_frame}.
 */
final class CvErrorCodes {
  static final int OK = 0;
  static final int INVALID_ARGUMENTS = 1;
  static final int INIT = 2;
  static final int FRAME_NOT_READY = 3;
  static final int NOT_INITIALISED = 4;
  static final int VERTICES_NOT_READY = 5;

  /** Which C call a failure belongs to. */
  enum Call {
    INIT(CvErrorCodes.INIT),
    FRAME(FRAME_NOT_READY),
    VERTICES(VERTICES_NOT_READY),
    RATE(INVALID_ARGUMENTS);

    final int fallback;

    Call(int fallback) {
      this.fallback = fallback;
    }
  }

  private CvErrorCodes() {}

  /**
   * The CV code of {@code error} raised during {@code call}. The host's own arguments that only Java can
   * check ({@link CvArgumentException}) are error 1 from every call. Otherwise a failed {@code CV_init} is
   * error 2, whatever the cause (an unsupported or malformed URL, an unreadable source, a bad file, a
   * missing, malformed or wrong key, a timeout: the host's arguments were checked in C); the other calls
   * report a closed stream as 4, a bad argument as 1 and anything else as their own "not ready" code.
   */
  static int code(Throwable error, Call call) {
    if (error instanceof CvArgumentException) {
      return INVALID_ARGUMENTS;
    }
    if (call == Call.INIT) {
      return INIT;
    }
    if (error instanceof AlphaStreamException e) {
      switch (e.code()) {
        case INVALID_ARGUMENT:
          return INVALID_ARGUMENTS;
        case CLOSED:
          return NOT_INITIALISED;
        default:
          return call.fallback;
      }
    }
    if (error instanceof IllegalArgumentException) {
      return INVALID_ARGUMENTS;
    }
    return call.fallback;
  }

  /** One line for the host: our messages as they are, anything else with its type. */
  static String text(Throwable error) {
    if (error instanceof AlphaStreamException || error instanceof CvArgumentException) {
      return error.getMessage();
    }
    String m = error.getMessage();
    return "internal error: " + error.getClass().getName() + (m == null ? "" : ": " + m);
  }
}
