package io.alphastream.cabi;

/**
 * The host passed a {@code CV_*} argument that only the Java side can check (a start frame or frame index
 * past the end of the stream): error {@code CV_ERR_INVALID_ARGUMENTS} from every call, {@code CV_init}
 * included, where every other failure is {@code CV_ERR_INIT}.
 */
final class CvArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CvArgumentException(String message) {
    super(message, null, false, false); // no stack trace: it is a message for the host
  }
}
