package io.alphastream;

/** A caller passed an argument outside its documented range. */
public final class InvalidArgumentException extends AlphaStreamException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message) {
    super(ErrorCode.INVALID_ARGUMENT, message, null, true);
  }

  public static InvalidArgumentException frame(long index, int frameCount) {
    return new InvalidArgumentException("frame " + index + " is out of range [0, " + frameCount + ")");
  }
}
