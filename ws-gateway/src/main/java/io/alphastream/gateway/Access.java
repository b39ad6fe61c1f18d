package io.alphastream.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/** Who may use the gateway: the bearer token and the WebSocket origin check. Immutable, thread-safe. */
final class Access {
  /** Query parameter that carries the token where headers cannot (browser WebSockets, img src). */
  static final String TOKEN_PARAM = "access_token";

  private final byte[] token;
  private final List<String> origins;
  private final boolean anyOrigin;

  Access(GatewayOptions options) {
    this(options.getToken(), options.getAllowedOrigins());
  }

  private Access(String token, List<String> origins) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.origins = List.copyOf(origins);
    this.anyOrigin = origins.contains("*");
  }

  /** The admin API's access: its own token, in the Authorization header only; null when the admin API is off. */
  static Access admin(GatewayOptions options) {
    return options.getAdminToken() == null ? null : new Access(options.getAdminToken(), List.of());
  }

  /** True when no token is configured, or the request carries it (Authorization: Bearer, or access_token). */
  boolean tokenOk(HttpServerRequest req) {
    if (token == null) {
      return true;
    }
    String given = null;
    String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = auth.substring(7).trim();
    } else {
      given = req.getParam(TOKEN_PARAM);
    }
    // constant time: the comparison does not tell how many leading bytes matched
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * True when the request carries the token in {@code Authorization: Bearer} (never in the URL, where it would
   * end up in logs). Constant time.
   */
  boolean bearerOk(HttpServerRequest req) {
    String auth = req.getHeader(HttpHeaders.AUTHORIZATION);
    if (token == null || auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(token, auth.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * True when the request has no Origin (not a browser), an allowed one, or, with no list configured,
   * the gateway's own origin (the demo page).
   */
  boolean originOk(HttpServerRequest req) {
    String origin = req.getHeader(HttpHeaders.ORIGIN);
    if (origin == null || anyOrigin) {
      return true;
    }
    if (origins.isEmpty()) {
      String host = req.getHeader(HttpHeaders.HOST);
      String scheme = req.isSSL() ? "https" : "http";
      return host != null && origin.toLowerCase(Locale.ROOT).equals(scheme + "://" + host.toLowerCase(Locale.ROOT));
    }
    return origins.contains(origin);
  }
}
