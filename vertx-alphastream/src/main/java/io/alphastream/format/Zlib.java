package io.alphastream.format;

import io.alphastream.FormatException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Bounded zlib inflation for the reader (V05/V07 for the sizes table, V13/V14 for frames) and level-6
 * deflation for the writer. One {@link Inflater} and a scratch buffer per thread are reused (reset
 * between uses), so decoding a frame allocates no native zlib state.
 */
final class Zlib {
  /** Scratch buffers up to this size stay attached to their thread; bigger ones are one-off. */
  static final int SCRATCH_KEEP_BYTES = 1 << 20;
  /** zlib level for writing: 6 gives stream header 78 9C, which every known reader accepts. */
  static final int WRITE_LEVEL = 6;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private Zlib() {}

  /** Per-thread reusable state. Only one use at a time per thread: no method here calls back out. */
  static final class Scratch {
    final Inflater inflater = new Inflater();
    final byte[] probe = new byte[1];
    private Deflater deflater;

    /** A level-6 deflater for this thread, created on first use. */
    Deflater deflater() {
      if (deflater == null) {
        deflater = new Deflater(WRITE_LEVEL);
      }
      return deflater;
    }
    private byte[] block = new byte[4096];
    private byte[] payload = new byte[8192];

    /** A buffer of at least {@code n} bytes for a decrypted block; kept by the thread when small. */
    byte[] blockBuffer(int n) {
      if (n > block.length) {
        byte[] b = grow(block, n);
        if (b.length <= SCRATCH_KEEP_BYTES) {
          block = b;
        }
        return b;
      }
      return block;
    }

    /** A buffer of at least {@code n} bytes for an inflated payload; kept by the thread when small. */
    byte[] payloadBuffer(int n) {
      if (n > payload.length) {
        byte[] b = grow(payload, n);
        if (b.length <= SCRATCH_KEEP_BYTES) {
          payload = b;
        }
        return b;
      }
      return payload;
    }

    private static byte[] grow(byte[] current, int n) {
      return new byte[n > SCRATCH_KEEP_BYTES ? n : Math.max(n, Math.min(SCRATCH_KEEP_BYTES, current.length * 2))];
    }
  }

  static Scratch scratch() {
    return SCRATCH.get();
  }

  /**
   * Inflates the sizes table in {@code in[off, off+len)} (V05) and stops with V07 as soon as its output
   * exceeds {@code bound} bytes. Returns exactly the inflated bytes.
   */
  static byte[] inflateTable(byte[] in, int off, int len, long bound, String source) {
    Inflater inf = scratch().inflater;
    inf.reset();
    try {
      inf.setInput(in, off, len);
      long limit = bound + 1; // one byte past the bound proves the bound was exceeded
      byte[] out = new byte[(int) Math.min(limit, Math.max(256L, Math.min(8L * len, 1L << 20)))];
      int pos = 0;
      while (true) {
        int before = inf.getRemaining();
        int n = inf.inflate(out, pos, out.length - pos);
        pos += n;
        if (pos > bound) {
          throw new FormatException("V07", source, -1, "sizes table inflates past its bound of " + bound
              + " bytes (8 x min(2^24, (file length - 16 - L) / 4))");
        }
        if (inf.finished()) {
          break;
        }
        if (pos == out.length) {
          out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
          continue;
        }
        if (n == 0) {
          if (inf.needsDictionary()) {
            throw new FormatException("V05", source, -1, "sizes table zlib stream asks for a preset dictionary");
          }
          if (inf.needsInput()) {
            throw new FormatException("V05", source, -1,
                "sizes table zlib stream is incomplete: it ends before its end marker and checksum");
          }
          if (inf.getRemaining() == before) {
            throw new FormatException("V05", source, -1, "sizes table zlib stream makes no progress");
          }
        }
      }
      if (inf.getRemaining() > 0) {
        throw new FormatException("V05", source, -1, "sizes table zlib stream ends "
            + inf.getRemaining() + " bytes before the end of the table (16 + L)");
      }
      return pos == out.length ? out : Arrays.copyOf(out, pos);
    } catch (DataFormatException e) {
      throw new FormatException("V05", source, -1, "sizes table is not a valid zlib stream: " + e.getMessage(), e);
    } finally {
      inf.reset();
    }
  }

  /**
   * Inflates a frame's zlib stream {@code in[off, off+len)} into exactly {@code declared} bytes at
   * {@code out[outOff]}: V13 when the stream is invalid, incomplete or followed by other bytes, V14 the
   * moment it yields more than {@code declared} bytes or when it ends with fewer.
   */
  static void inflateExact(byte[] in, int off, int len, byte[] out, int outOff, int declared, String source,
      int frame) {
    Scratch s = scratch();
    Inflater inf = s.inflater;
    inf.reset();
    try {
      inf.setInput(in, off, len);
      int pos = 0;
      while (pos < declared) {
        int before = inf.getRemaining();
        int n = inf.inflate(out, outOff + pos, declared - pos);
        pos += n;
        if (n == 0) {
          if (inf.finished()) {
            break;
          }
          stalled(inf, before, source, frame);
        }
      }
      // All declared bytes are out: the stream must now end (checksum verified) without more output.
      while (!inf.finished()) {
        int before = inf.getRemaining();
        int n = inf.inflate(s.probe, 0, 1);
        if (n > 0) {
          throw new FormatException("V14", source, frame,
              "payload inflates to more than its declared " + declared + " bytes");
        }
        if (!inf.finished()) {
          stalled(inf, before, source, frame);
        }
      }
      if (inf.getRemaining() > 0) {
        throw new FormatException("V13", source, frame, "zlib stream ends " + inf.getRemaining()
            + " bytes before the end of the block (trailing bytes after the stream)");
      }
      if (pos < declared) {
        throw new FormatException("V14", source, frame,
            "payload inflates to " + pos + " bytes but declares " + declared);
      }
    } catch (DataFormatException e) {
      throw new FormatException("V13", source, frame, "zlib stream is invalid: " + e.getMessage(), e);
    } finally {
      inf.reset();
    }
  }

  private static void stalled(Inflater inf, int remainingBefore, String source, int frame) {
    if (inf.needsDictionary()) {
      throw new FormatException("V13", source, frame, "zlib stream asks for a preset dictionary");
    }
    if (inf.needsInput()) {
      throw new FormatException("V13", source, frame,
          "zlib stream is incomplete: the block ends before its end marker and checksum");
    }
    if (inf.getRemaining() == remainingBefore) {
      throw new FormatException("V13", source, frame, "zlib stream makes no progress");
    }
  }

  /** zlib level 6 (header {@code 78 9C}) of {@code in[off, off+len)}, written after {@code prefix} bytes. */
  static byte[] deflate(Deflater deflater, byte[] in, int off, int len, int prefix) {
    deflater.reset();
    deflater.setInput(in, off, len);
    deflater.finish();
    // zlib's compressBound plus the 6-byte wrapper: normally one call fills it.
    long bound = (long) len + (len >>> 12) + (len >>> 14) + (len >>> 25) + 13 + 6;
    byte[] out = new byte[(int) Math.min(Integer.MAX_VALUE - 8, prefix + bound)];
    int pos = prefix;
    while (!deflater.finished()) {
      if (pos == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, 2L * out.length));
      }
      pos += deflater.deflate(out, pos, out.length - pos);
    }
    deflater.reset();
    return Arrays.copyOf(out, pos);
  }
}
