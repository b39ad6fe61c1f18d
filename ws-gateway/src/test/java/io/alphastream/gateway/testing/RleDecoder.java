package io.alphastream.gateway.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Test-side decoder of the RLE payload, written from docs/protocol.md and independent of the encoder: runs
 * are LEB128 varints, alternating 0 and 255 starting with 0, summing to the pixel count. Strict: any
 * violation of the documented form throws {@link IllegalArgumentException}.
 */
public final class RleDecoder {
  private RleDecoder() {}

  public static byte[] decode(byte[] payload, int off, int len, int pixels) {
    byte[] out = new byte[pixels];
    List<Long> runs = runs(payload, off, len);
    long pos = 0;
    for (int i = 0; i < runs.size(); i++) {
      long run = runs.get(i);
      if (run == 0 && i > 0) {
        throw new IllegalArgumentException("empty run at index " + i);
      }
      if (pos + run > pixels) {
        throw new IllegalArgumentException("runs exceed " + pixels + " pixels");
      }
      if (i % 2 == 1) {
        java.util.Arrays.fill(out, (int) pos, (int) (pos + run), (byte) 255);
      }
      pos += run;
    }
    if (pos != pixels) {
      throw new IllegalArgumentException("runs sum to " + pos + ", not " + pixels);
    }
    return out;
  }

  /** The run lengths in order. */
  public static List<Long> runs(byte[] payload, int off, int len) {
    List<Long> runs = new ArrayList<>();
    int p = off;
    int end = off + len;
    while (p < end) {
      long v = 0;
      int shift = 0;
      while (true) {
        if (p >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        int b = payload[p++] & 0xFF;
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
        if (shift > 35) {
          throw new IllegalArgumentException("varint longer than 5 bytes");
        }
      }
      runs.add(v);
    }
    return runs;
  }
}
