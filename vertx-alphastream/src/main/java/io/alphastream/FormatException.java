package io.alphastream;

/**
 * The stream's bytes break a validation rule of FORMAT.md section 9. {@link #rule()} is the rule id
 * ({@code "V01"} .. {@code "V20"}); {@link #frame()} is the frame index for frame-level rules, or -1
 * when the file could not be opened.
 */
public final class FormatException extends AlphaStreamException {
  private static final long serialVersionUID = 1L;
  private final String rule;
  private final String source;
  private final long frame;
  private final String detail;

  public FormatException(String rule, String source, long frame, String what) {
    this(rule, source, frame, what, null);
  }

  public FormatException(String rule, String source, long frame, String what, Throwable cause) {
    super(ErrorCode.CORRUPT_INPUT, message(rule, source, frame, what), cause, true);
    this.rule = rule;
    this.source = source;
    this.frame = frame;
    this.detail = what;
  }

  static String message(String rule, String source, long frame, String what) {
    return source + (frame < 0 ? "" : ", frame " + frame) + ": " + rule + " " + what;
  }

  public String rule() {
    return rule;
  }

  public String source() {
    return source;
  }

  /** What is wrong, without the source, frame and rule the message starts with. */
  public String detail() {
    return detail;
  }

  /** Frame index for a frame-level failure, -1 for a failure at open. */
  public long frame() {
    return frame;
  }
}
