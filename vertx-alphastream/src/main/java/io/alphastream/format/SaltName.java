package io.alphastream.format;

import io.alphastream.InvalidArgumentException;

/**
 * The ASVR salt name of a stream (FORMAT.md 6.1): the file name taken from its URL or path. The
 * first {@code ?} and everything after it is removed, then only the text after the last {@code /} or
 * {@code \} is kept. No percent-decoding, no case change.
 */
public final class SaltName {
  private SaltName() {}

  /**
   * The salt name of {@code locatorOrPath}, for example {@code small.asvr} for
   * {@code https://cdn.example.net/v/4242/small.asvr?Sig=a%2Fb/c} or {@code C:\clips\small.asvr}.
   *
   * @throws InvalidArgumentException when the argument is null or the name would be empty (the
   *     message does not repeat the locator, which may carry a signed query)
   */
  public static String of(String locatorOrPath) {
    if (locatorOrPath == null) {
      throw new InvalidArgumentException("salt name: locator must not be null");
    }
    String s = locatorOrPath;
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    String name = s.substring(slash + 1);
    if (name.isEmpty()) {
      throw new InvalidArgumentException(
          "salt name is empty: the locator has no file name before its query or after its last '/' or '\\'"
              + " (set ReaderOptions.name)");
    }
    return name;
  }
}
