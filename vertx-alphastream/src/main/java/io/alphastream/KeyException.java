package io.alphastream;

/**
 * ASVR only: no passphrase was supplied, or the key derived from it (and the salt) does not decrypt the
 * file (rule V02: "wrong key or unsupported file"). Never carries key or passphrase bytes.
 */
public final class KeyException extends AlphaStreamException {
  private static final long serialVersionUID = 1L;
  private final String rule;

  public KeyException(String rule, String message) {
    super(ErrorCode.BAD_KEY, message, null, true);
    this.rule = rule;
  }

  /** The validation rule that detected the wrong key ({@code "V02"}), or null when no key was supplied. */
  public String rule() {
    return rule;
  }
}
