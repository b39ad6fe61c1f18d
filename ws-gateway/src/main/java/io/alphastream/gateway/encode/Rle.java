package io.alphastream.gateway.encode;

/**
 * Run-length encoding of an R8 mask: the lengths of alternating runs of transparent (0) and opaque
 * (non-zero) pixels, in row-major order, each an unsigned LEB128 varint. The first run counts 0s, so a
 * mask whose first pixel is opaque starts with a run of length 0. The runs sum to width x height; no
 * other run has length 0. Static, allocation-free and thread-safe.
 */
public final class Rle {
  private Rle() {}

  /**
   * Upper bound of the encoded size of {@code pixels} pixels: a leading empty run (1 byte) plus at most
   * one byte per pixel, because a run of length r needs ceil(bits(r)/7) &lt;= r bytes.
   */
  public static long maxEncodedSize(long pixels) {
    return pixels + 1;
  }

  /** Exact encoded size of {@code mask[off, off+len)}; a first pass so the output can be sized exactly. */
  public static int encodedSize(byte[] mask, int off, int len) {
    int end = off + len;
    int pos = off;
    int size = 0;
    while (pos < end) {
      int start = pos;
      while (pos < end && mask[pos] == 0) {
        pos++;
      }
      size += varintSize(pos - start);
      if (pos == end) {
        break;
      }
      start = pos;
      while (pos < end && mask[pos] != 0) {
        pos++;
      }
      size += varintSize(pos - start);
    }
    return size;
  }

  /**
   * Encodes {@code mask[off, off+len)} into {@code out} from {@code outOff}; returns the number of bytes
   * written. {@code out} must have room for {@link #encodedSize} (or {@link #maxEncodedSize}) bytes.
   */
  public static int encode(byte[] mask, int off, int len, byte[] out, int outOff) {
    int end = off + len;
    int pos = off;
    int o = outOff;
    while (pos < end) {
      int start = pos;
      while (pos < end && mask[pos] == 0) {
        pos++;
      }
      o = putVarint(out, o, pos - start);
      if (pos == end) {
        break;
      }
      start = pos;
      while (pos < end && mask[pos] != 0) {
        pos++;
      }
      o = putVarint(out, o, pos - start);
    }
    return o - outOff;
  }

  static int varintSize(int v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] out, int o, int v) {
    while ((v & ~0x7F) != 0) {
      out[o++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[o++] = (byte) v;
    return o;
  }
}
