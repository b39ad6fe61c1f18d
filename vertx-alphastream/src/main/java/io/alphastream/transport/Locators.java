package io.alphastream.transport;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.SaltName;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The one parser of stream locators: which kind of source a locator names, how it is shown in messages
 * (redacted), the ASVR salt name it implies by default, and the bytes of a bundled sample. Every way of
 * opening a stream ({@link RangeSource#open}, the {@code io.alphastream.source} model, so the CLI, the
 * gateway and the C ABI) classifies locators here.
 */
public final class Locators {
  /** Prefix of samples bundled in the library jar: {@code sample:demo} is {@code demo.asvp}. */
  public static final String SAMPLE_PREFIX = "sample:";
  /** What {@link #unsupported} lists as accepted. */
  public static final String SUPPORTED = "http://, https://, file:, sample:NAME or a file path";
  private static final String SAMPLE_DIR = "/io/alphastream/sample/";

  private Locators() {}

  /** What a locator points at. */
  public enum Kind { HTTP, FILE, SAMPLE, UNSUPPORTED }

  public static Kind kindOf(String uri) {
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return Kind.HTTP;
    }
    if (lower.startsWith("file:")) {
      return Kind.FILE;
    }
    if (lower.startsWith(SAMPLE_PREFIX)) {
      return Kind.SAMPLE;
    }
    return scheme(uri) != null ? Kind.UNSUPPORTED : Kind.FILE;
  }

  /** The scheme of {@code uri} ({@code "ftp"}), or null for a path ("C:\\..." is a Windows path, not a scheme). */
  private static String scheme(String uri) {
    int colon = uri.indexOf(':');
    int slash = firstSeparator(uri);
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash) && uri.substring(0, colon)
        .chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    return hasScheme ? uri.substring(0, colon) : null;
  }

  /** The error for a locator of {@link Kind#UNSUPPORTED unsupported} kind: names its scheme and what is supported. */
  public static InvalidArgumentException unsupported(String uri) {
    String scheme = scheme(uri);
    return new InvalidArgumentException("unsupported scheme " + (scheme == null ? "" : "'" + scheme + ":' ")
        + "in " + redact(uri) + " (supported: " + SUPPORTED + ")");
  }

  /**
   * The default ASVR salt name of a locator (FORMAT.md 6.1): the file name of the path or URL, query
   * excluded; for {@code sample:NAME}, the bundled file's name {@code NAME.asvp}.
   */
  public static String saltName(String uri) {
    if (kindOf(uri) == Kind.SAMPLE) {
      return sampleFile(uri);
    }
    return SaltName.of(redact(uri));
  }

  /** The bytes of a bundled sample ({@code sample:demo}); blocking (reads the jar). */
  public static byte[] sampleBytes(String uri) throws IOException {
    try (InputStream in = Locators.class.getResourceAsStream(SAMPLE_DIR + sampleFile(uri))) {
      if (in == null) {
        throw unknownSample(uri);
      }
      return in.readAllBytes();
    }
  }

  private static String sampleFile(String uri) {
    String name = uri.substring(SAMPLE_PREFIX.length());
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw unknownSample(uri);
    }
    return name + ".asvp";
  }

  private static InvalidArgumentException unknownSample(String uri) {
    return new InvalidArgumentException("unknown sample: " + uri + " (try sample:demo)");
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
