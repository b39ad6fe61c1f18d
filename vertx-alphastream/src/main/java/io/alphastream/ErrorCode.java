package io.alphastream;

/**
 * What kind of failure an {@link AlphaStreamException} reports. Edges (CLI exit codes, {@code CV_*} error
 * codes, WebSocket error messages) translate these in exactly one place each.
 */
public enum ErrorCode {
  /** A caller passed a bad argument (frame index out of range, size out of bounds, empty name...). */
  INVALID_ARGUMENT(1),
  /** The stream's bytes break a rule of the format (FORMAT.md section 9). */
  CORRUPT_INPUT(2),
  /** ASVR: no passphrase, or the key derived from passphrase and salt does not decrypt the file. */
  BAD_KEY(3),
  /** Reading bytes failed (file system, HTTP). */
  IO(4),
  /** The frame was not ready within the caller's wait. */
  NOT_READY(5),
  /** The stream has been closed. */
  CLOSED(6);

  private final int id;

  ErrorCode(int id) {
    this.id = id;
  }

  /** Stable numeric id, used as the event-bus failure code. */
  public int id() {
    return id;
  }

  /** The code with the given {@link #id()}, or {@link #IO} for an unknown id. */
  public static ErrorCode fromId(int id) {
    for (ErrorCode c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    return IO;
  }
}
