package io.alphastream.gateway.encode;

import io.alphastream.InvalidArgumentException;

/**
 * How a mask travels in a binary frame message: the byte in header offset 1 and the name used in the
 * {@code encoding} query parameter and the hello message. See {@code docs/protocol.md}.
 */
public enum Encoding {
  /** Raw R8 bytes: width x height, stride = width, top-left origin, values 0 and 255. */
  R8(0, "r8"),
  /** Run lengths as unsigned LEB128 varints, alternating 0 and 255, the first run being 0s. */
  RLE(1, "rle"),
  /**
   * The frame's polygons as stored: the plain frame block of FORMAT.md 5.1 ({@code u32 declared ‖
   * zlib(payload)}), decrypted on the server; the client inflates and rasterizes it at any size.
   */
  POLY(2, "poly");

  private final int id;
  private final String wireName;

  Encoding(int id, String wireName) {
    this.id = id;
    this.wireName = wireName;
  }

  /** The header byte. */
  public int id() {
    return id;
  }

  /** The name in query strings and JSON messages ({@code "r8"}, {@code "rle"}, {@code "poly"}). */
  public String wireName() {
    return wireName;
  }

  /**
   * About the most one message of a {@code width x height} subscription holds: the mask's size in R8 and
   * RLE; for {@code poly} the stored block, whatever the size (a bound well above the ~1 KB of a typical
   * block). The memory budget admits a subscriber only with room for one such message.
   */
  public long messageBytes(int width, int height) {
    return this == POLY ? POLY_RESERVE_BYTES : (long) width * height + FrameHeader.LENGTH;
  }

  /**
   * What the gateway reserves from its memory budget while it encodes one message (settled to the real
   * size afterwards): the mask behind it plus the message for R8 and RLE; only the block for {@code poly}.
   */
  public long encodeReserveBytes(int width, int height) {
    return this == POLY ? POLY_RESERVE_BYTES : 2L * width * height + FrameHeader.LENGTH;
  }

  /** Budget reserved for one {@code poly} message before its block is known. */
  public static final long POLY_RESERVE_BYTES = 64 * 1024;

  /** The encoding named {@code name} (exact, lower case), else an {@link InvalidArgumentException}. */
  public static Encoding ofName(String name) {
    for (Encoding e : values()) {
      if (e.wireName.equals(name)) {
        return e;
      }
    }
    throw new InvalidArgumentException("encoding must be \"rle\", \"r8\" or \"poly\": \"" + name + "\"");
  }

  /** The encoding with header byte {@code id}, else an {@link InvalidArgumentException}. */
  public static Encoding ofId(int id) {
    for (Encoding e : values()) {
      if (e.id == id) {
        return e;
      }
    }
    throw new InvalidArgumentException("unknown encoding id " + id);
  }
}
