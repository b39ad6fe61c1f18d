package io.alphastream.transport.impl;

/**
 * A parsed {@code Content-Range} header (RFC 9110 14.4): {@code bytes first-last/total}, with
 * {@code *} for an unknown total, or {@code bytes *}{@code /total} on a 416.
 *
 * @param start first byte, -1 for an unsatisfied range
 * @param end one past the last byte, -1 for an unsatisfied range
 * @param total complete length, -1 when the server sent {@code *}
 */
record ContentRange(long start, long end, long total) {

  boolean unsatisfied() {
    return start < 0;
  }

  /** The parsed header, or null when it is missing or malformed. */
  static ContentRange parse(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes ", 0, 6)) {
      return null;
    }
    h = h.substring(6).trim();
    int slash = h.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String range = h.substring(0, slash).trim();
    String totalText = h.substring(slash + 1).trim();
    long total = totalText.equals("*") ? -1 : number(totalText);
    if (total == Long.MIN_VALUE) {
      return null;
    }
    if (range.equals("*")) {
      return total < 0 ? null : new ContentRange(-1, -1, total);
    }
    int dash = range.indexOf('-');
    if (dash < 0) {
      return null;
    }
    long first = number(range.substring(0, dash).trim());
    long last = number(range.substring(dash + 1).trim());
    if (first == Long.MIN_VALUE || last == Long.MIN_VALUE || last < first
        || last == Long.MAX_VALUE || (total >= 0 && last >= total)) {
      return null;
    }
    return new ContentRange(first, last + 1, total);
  }

  /** A non-negative decimal, or Long.MIN_VALUE. */
  private static long number(String s) {
    if (s.isEmpty() || s.length() > 19) {
      return Long.MIN_VALUE;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return Long.MIN_VALUE;
      }
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
