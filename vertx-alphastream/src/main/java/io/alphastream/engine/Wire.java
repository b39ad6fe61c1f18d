package io.alphastream.engine;

import io.alphastream.TransportException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reads for the engine's wire codecs. Every size read from the wire is checked against the
 * bytes actually there before anything is allocated, so a malformed (or hostile) message costs at most
 * its own length; it fails with a {@link TransportException} of kind {@code BAD_RESPONSE}.
 */
final class Wire {
  /** Longest string field (locators, messages): 64 KiB of UTF-8. */
  static final int MAX_STRING_BYTES = 1 << 16;

  private Wire() {}

  static TransportException malformed(String what) {
    return new TransportException(TransportException.Kind.BAD_RESPONSE, false, "malformed event-bus message: " + what,
        null);
  }

  /** Fails unless {@code n} bytes are there at {@code pos}. */
  static void need(Buffer b, long pos, long n, String what) {
    if (pos < 0 || n < 0 || pos + n > b.length()) {
      throw malformed(what + " (needs " + n + " bytes at " + pos + ", message has " + b.length() + ")");
    }
  }

  static int getInt(Buffer b, int pos, String what) {
    need(b, pos, 4, what);
    return b.getInt(pos);
  }

  static long getLong(Buffer b, int pos, String what) {
    need(b, pos, 8, what);
    return b.getLong(pos);
  }

  static void appendString(Buffer b, String s) {
    if (s == null) {
      b.appendInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_STRING_BYTES) { // never send what the other side refuses: at most 3 bytes a char
      utf8 = s.substring(0, MAX_STRING_BYTES / 3).getBytes(StandardCharsets.UTF_8);
    }
    b.appendInt(utf8.length).appendBytes(utf8);
  }

  /** A length-prefixed UTF-8 string at {@code pos} ({@code -1}: null); {@code end[0]} gets the next position. */
  static String getString(Buffer b, int pos, int[] end, String what) {
    int len = getInt(b, pos, what);
    if (len == -1) {
      end[0] = pos + 4;
      return null;
    }
    if (len < 0 || len > MAX_STRING_BYTES) {
      throw malformed(what + ": string length " + len);
    }
    need(b, pos + 4L, len, what);
    end[0] = pos + 4 + len;
    return b.getString(pos + 4, pos + 4 + len, "UTF-8");
  }
}
