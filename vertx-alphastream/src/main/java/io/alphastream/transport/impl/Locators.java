package io.alphastream.transport.impl;

import io.alphastream.InvalidArgumentException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** Classifies and parses the locators {@code RangeSource.open} accepts. */
public final class Locators {
  private Locators() {}

  /** What a locator points at. */
  public enum Kind { HTTP, FILE, UNSUPPORTED }

  public static Kind kindOf(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return Kind.HTTP;
    }
    if (lower.startsWith("file:")) {
      return Kind.FILE;
    }
    // "C:\..." or "C:/..." is a Windows path, not a scheme
    int colon = uri.indexOf(':');
    int slash = firstSeparator(uri);
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash) && uri.substring(0, colon)
        .chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    return hasScheme ? Kind.UNSUPPORTED : Kind.FILE;
  }

  private static int firstSeparator(String s) {
    int a = s.indexOf('/');
    int b = s.indexOf('\\');
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /**
   * The locator without what must not appear in messages: the query string (signatures, tokens) and
   * any user info of a URL. Plain paths are returned unchanged. Cutting at the first {@code ?} is also
   * the salt-name rule's first step, so the salt name of the result equals that of the original.
   */
  public static String redact(String uri) {
    if (kindOf(uri) != Kind.HTTP) {
      return uri;
    }
    String s = uri;
    int q = s.indexOf('?');
    if (q >= 0) {
      s = s.substring(0, q);
    }
    int schemeEnd = s.indexOf("://") + 3;
    int pathStart = s.indexOf('/', schemeEnd);
    String authority = pathStart < 0 ? s.substring(schemeEnd) : s.substring(schemeEnd, pathStart);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      s = s.substring(0, schemeEnd) + authority.substring(at + 1)
          + (pathStart < 0 ? "" : s.substring(pathStart));
    }
    return s;
  }

  /** Parses an HTTP(S) locator; the fragment is dropped (it is never sent), the query kept. */
  public static URI httpUri(String uri) {
    try {
      URI u = new URI(uri);
      if (u.getHost() == null || u.getHost().isEmpty()) {
        throw new InvalidArgumentException("URL has no host: " + redact(uri));
      }
      return new URI(u.getScheme().toLowerCase(Locale.ROOT), u.getRawAuthority(), u.getRawPath(),
          u.getRawQuery(), null);
    } catch (URISyntaxException e) {
      throw new InvalidArgumentException("malformed URL: " + redact(uri));
    }
  }

  /** The request target for an HTTP locator: the full URL without its fragment. */
  public static String requestUrl(String uri) {
    int h = uri.indexOf('#');
    String s = h < 0 ? uri : uri.substring(0, h);
    httpUri(s); // validates
    return s;
  }

  /** The file a {@code file:} URL or a plain path names. */
  public static Path filePath(String uri) {
    try {
      if (uri.regionMatches(true, 0, "file:", 0, 5)) {
        if (uri.regionMatches(true, 0, "file://", 0, 7)) {
          URI u = new URI(uri);
          if (u.getAuthority() != null && !u.getAuthority().isEmpty()
              && !u.getAuthority().equalsIgnoreCase("localhost")) {
            throw new InvalidArgumentException("file URL names a remote host: " + uri);
          }
          return Paths.get(new URI("file", null, u.getPath(), null));
        }
        return Paths.get(uri.substring(5)); // "file:relative/or/absolute" without authority
      }
      if (uri.isEmpty()) {
        throw new InvalidArgumentException("empty file path");
      }
      return Paths.get(uri);
    } catch (URISyntaxException | IllegalArgumentException e) { // InvalidPathException included
      throw new InvalidArgumentException("malformed file locator: " + uri + " (" + e.getMessage() + ")");
    }
  }
}
