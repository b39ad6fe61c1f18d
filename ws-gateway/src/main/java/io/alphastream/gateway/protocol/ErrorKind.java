package io.alphastream.gateway.protocol;

/** The {@code code} of an {@code {"type":"error"}} message. See docs/protocol.md. */
public enum ErrorKind {
  /** A query parameter of the WebSocket URL is missing its form or range. Fatal: close 1008. */
  BAD_QUERY("bad_query"),
  /** A control message is not valid JSON, has an unknown type or a field out of range. Not fatal. */
  BAD_CONTROL("bad_control"),
  /** No stream has the requested id. Fatal: close 1008. */
  UNKNOWN_STREAM("unknown_stream"),
  /** The stream has its maximum number of subscribers. Fatal: close 1008. */
  LIMIT("limit"),
  /** The stream cannot produce a frame (corrupt data, bad key, I/O). Sent once per frame that failed. */
  STREAM_ERROR("stream_error"),
  /**
   * The stream is not open (still opening, or its origin is failing). Fatal: close 1013 (try again later);
   * clients reconnect with backoff.
   */
  STREAM_UNAVAILABLE("stream_unavailable"),
  /**
   * The stream's origin changed (a new file under the same URL): the gateway reopens it and closes its
   * subscribers. Fatal: close 1012 (service restart); clients reconnect and get the new stream's hello.
   */
  STREAM_CHANGED("stream_changed"),
  /**
   * The stream was removed from the catalog (an admin's {@code DELETE /admin/streams/{id}}, on any node): its
   * subscribers are closed. Fatal: close 1008; reconnecting cannot help (clients do not retry).
   */
  STREAM_REMOVED("stream_removed"),
  /**
   * This node cannot resolve the stream's passphrase reference (variable not set, file missing from its
   * secrets directory): it refuses subscribers. Fatal: close 1013 (try again later); another node, or this one
   * once the secret is provided, may serve it.
   */
  STREAM_UNRESOLVED("stream_unresolved"),
  /** The client did not read its frames for longer than the stall limit. Fatal: close 1008. */
  STALLED("stalled"),
  /**
   * The gateway is at its memory budget: a new subscriber is refused, or a slow one is dropped to make room.
   * Fatal: close 1008 (a dropped client whose queue is full gets its connection closed instead).
   */
  OVERLOADED("overloaded"),
  /** The gateway is shutting down. Fatal: close 1001. */
  GOING_AWAY("going_away");

  private final String wireName;

  ErrorKind(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code code} string on the wire. */
  public String wireName() {
    return wireName;
  }
}
