package io.alphastream.format;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.format.crypto.FrameCipher;
import io.alphastream.format.crypto.PassphraseKeys;
import java.util.Locale;

/**
 * A strict parser of ASVP/ASVR streams over byte ranges (FORMAT.md), in pure steps that do no I/O:
 *
 * <ol>
 *   <li>{@link #readHeader} on the first {@code min(16, fileLength)} bytes: V01-V04;
 *   <li>{@link #readIndex} on the prefix {@code [0, 16 + L)}: V05-V11, once per stream;
 *   <li>per frame, on its block {@code [offset(i), offset(i) + length(i))}: {@link #inflateFrame}
 *       (V12-V14) or {@link #decodeFrame} (V12-V20).
 * </ol>
 *
 * <p>Every length read from the stream is checked in 64-bit arithmetic before it sizes an allocation,
 * a slice or an inflation. Rule violations throw {@link FormatException} (rule, source, frame, what); on
 * ASVR a header word other than 4 (V02) throws {@link KeyException} with rule {@code "V02"}, since it
 * almost always means a wrong passphrase, scene id, version or name. A frame that fails leaves the
 * others decodable.
 *
 * <p><b>Format detection</b> when {@link ReaderOptions#getFormat()} is null: bytes 0-7 {@code ASVPPLN1}
 * mean ASVP; otherwise the stream is taken as ASVR when the salt name ends with {@code .asvr}
 * (case-insensitive), and rejected with V02 when it does not.
 *
 * <p><b>Key derivation:</b> {@link #create} derives the ASVR key with scrypt when the stream is or may be
 * ASVR (format ASVR, or detection with a name ending in {@code .asvr}) and a passphrase is set. That is
 * CPU-blocking, about 16 MiB and tens of milliseconds, unless {@link PassphraseKeys} has the key cached
 * for this (passphrase, salt) already; call {@code create} off the event loop.
 *
 * <p>Thread-safe after creation: all steps may run concurrently on any threads. Per-thread scratch
 * (inflater, decrypt buffer, cipher) is reused across calls.
 */
public final class StreamReader {
  /** Length of the stream header. */
  public static final int HEADER_LENGTH = 16;
  /** Largest frame count (V07): a larger one would reach key id {@code 0xFFFFFFFF} or beyond. */
  public static final int MAX_FRAMES = 1 << 24;
  /**
   * Largest accepted compressed sizes-table length: zlib's compressBound of the largest table
   * ({@code 8 x 2^24} bytes). A longer table cannot stay within the V07 bound when inflated by a real
   * encoder, and it would not fit an array, so it is refused as V07 before anything is read.
   */
  public static final long MAX_TABLE_LENGTH = compressBound(8L * MAX_FRAMES);
  /** Largest block this reader holds in memory (the largest Java array). */
  public static final int MAX_BLOCK_LENGTH = Integer.MAX_VALUE - 8;

  private static final byte[] ASVP_MAGIC = {'A', 'S', 'V', 'P', 'P', 'L', 'N', '1'};
  private static final int ASVR_HEADER_WORD = 4;

  private final String source;
  private final StreamFormat requested; // null = detect
  private final String name; // salt name, or null when the source has none and none was set
  private final boolean asvrByName;
  private final int maxPayloadBytes;
  private final byte[] key; // ASVR key, or null (ASVP, or no passphrase)

  private StreamReader(String source, StreamFormat requested, String name, int maxPayloadBytes, byte[] key) {
    this.source = source;
    this.requested = requested;
    this.name = name;
    this.asvrByName = name != null && name.toLowerCase(Locale.ROOT).endsWith(".asvr");
    this.maxPayloadBytes = maxPayloadBytes;
    this.key = key;
  }

  /**
   * A reader for the stream at {@code source}, which names it in messages and gives the default salt
   * name ({@link SaltName#of}). Derives the ASVR key when one may be needed (see class comment: may
   * block for tens of milliseconds).
   *
   * @throws InvalidArgumentException for a null or empty source, null options, or an ASVR stream whose
   *     salt name cannot be derived from the source
   * @throws KeyException (rule null) when the format is ASVR and no passphrase is set
   */
  public static StreamReader create(String source, ReaderOptions options) {
    if (source == null || source.isEmpty()) {
      throw new InvalidArgumentException("source must not be null or empty");
    }
    if (options == null) {
      throw new InvalidArgumentException("options must not be null");
    }
    StreamFormat format = options.getFormat();
    String name = options.getName();
    if (name == null) {
      try {
        name = SaltName.of(source);
      } catch (InvalidArgumentException e) {
        if (format == StreamFormat.ASVR) {
          throw e;
        }
        name = null; // only ASVR needs it; detection then cannot pick ASVR by name
      }
    }
    boolean mayBeAsvr = format == StreamFormat.ASVR
        || (format == null && name != null && name.toLowerCase(Locale.ROOT).endsWith(".asvr"));
    if (format == StreamFormat.ASVR && !options.hasPassphrase()) {
      throw passphraseRequired(source);
    }
    byte[] key = null;
    if (mayBeAsvr && options.hasPassphrase()) {
      key = PassphraseKeys.derive(options.passphraseRef(), options.getSceneId(), options.getVersion(), name);
    }
    return new StreamReader(source, format, name, options.getMaxPayloadBytes(), key);
  }

  /** The locator this reader names in its messages. */
  public String source() {
    return source;
  }

  /**
   * Longest block a frame may have under this reader's payload cap: the 4-byte declared length plus a
   * zlib stream of at most cap bytes as any real encoder writes it. Deflate's worst case is 9 bits per
   * byte (fixed Huffman literals), so {@code cap + cap/8} plus 64 KiB for block headers and the zlib
   * wrapper is generous. A longer block could only carry empty deflate blocks as padding; it is
   * refused as V13 before it is read, so no block of up to 2 GiB is ever allocated on a file's say-so.
   */
  public long maxBlockLength() {
    return Math.min(MAX_BLOCK_LENGTH, 4L + maxPayloadBytes + (maxPayloadBytes >>> 3) + 65_536);
  }

  /**
   * Frame {@code frame}'s block length, checked against {@link #maxBlockLength()}: call it before
   * allocating or reading the block.
   *
   * @throws FormatException V13 when the block is longer than {@link #maxBlockLength()}
   */
  public int checkedBlockLength(FrameIndex index, int frame) {
    if (index == null) {
      throw new InvalidArgumentException("index must not be null");
    }
    long length = index.blockLength(frame); // checks the frame number
    if (length > maxBlockLength()) {
      throw new FormatException("V13", source, frame, "block of " + length + " bytes is longer than"
          + " any zlib stream of at most the payload cap (" + maxPayloadBytes + " bytes) plus its"
          + " declared length (" + maxBlockLength() + " bytes)");
    }
    return (int) length;
  }

  /**
   * Step 1: validates the header (V01-V04) and decides the format.
   *
   * @param bytes the file's first bytes, at least {@code min(16, fileLength)} of them
   * @param fileLength the total file length
   * @throws FormatException V01 (file shorter than 16 bytes), V02 (ASVP magic), V03 ({@code L = 0}),
   *     V04 ({@code 16 + L} past the end), V07 ({@code L} above {@link #MAX_TABLE_LENGTH})
   * @throws KeyException ASVR without a passphrase (rule null), or ASVR header word not 4 (rule V02)
   */
  public Header readHeader(byte[] bytes, long fileLength) {
    if (bytes == null) {
      throw new InvalidArgumentException("header bytes must not be null");
    }
    if (fileLength < 0) {
      throw new InvalidArgumentException("fileLength must be >= 0: " + fileLength);
    }
    if (bytes.length < Math.min(HEADER_LENGTH, fileLength)) {
      throw new InvalidArgumentException("need the first " + Math.min(HEADER_LENGTH, fileLength)
          + " bytes of the file, got " + bytes.length);
    }
    if (fileLength < HEADER_LENGTH) {
      throw new FormatException("V01", source, -1,
          "file is " + fileLength + " bytes, shorter than the 16-byte header");
    }
    StreamFormat format = requested;
    boolean asvpMagic = startsWithMagic(bytes);
    if (format == null) {
      if (asvpMagic) {
        format = StreamFormat.ASVP;
      } else if (asvrByName) {
        format = StreamFormat.ASVR;
      } else {
        throw new FormatException("V02", source, -1, "not a recognised header: bytes 0-7 are not"
            + " ASVPPLN1 and the name does not end with .asvr (set the format to read it as ASVR)");
      }
    }
    long tableLength;
    long headerFrameCount;
    if (format == StreamFormat.ASVP) {
      if (!asvpMagic) {
        throw new FormatException("V02", source, -1, "not an ASVP header: bytes 0-7 are not ASVPPLN1");
      }
      headerFrameCount = u32(bytes, 8);
      tableLength = u32(bytes, 12);
    } else {
      if (looksLikeMarkup(bytes)) {
        // an error or login page saved (or served) under a .asvr name: say so, not "wrong key"
        throw new FormatException("V02", source, -1, "not an AlphaStream file: it starts like an HTML/XML"
            + " page (" + printablePrefix(bytes) + "...)");
      }
      byte[] h = plainHeaderAsvr(bytes);
      long word = u32(h, 0);
      if (word != ASVR_HEADER_WORD) {
        throw new KeyException("V02", source + ": V02 wrong key or unsupported file (header word " + word
            + "; check passphrase, scene id, version and name)");
      }
      headerFrameCount = 0;
      tableLength = u32(h, 12);
    }
    if (tableLength == 0) {
      throw new FormatException("V03", source, -1, "sizes-table length L is zero");
    }
    if (HEADER_LENGTH + tableLength > fileLength) {
      throw new FormatException("V04", source, -1, "sizes table [16, " + (HEADER_LENGTH + tableLength)
          + ") runs past the end of the file (" + fileLength + " bytes)");
    }
    if (tableLength > MAX_TABLE_LENGTH) {
      throw new FormatException("V07", source, -1, "sizes table of " + tableLength
          + " compressed bytes is longer than any encoding of the largest table (" + MAX_TABLE_LENGTH + ")");
    }
    return new Header(format, tableLength, headerFrameCount);
  }

  /**
   * Step 2: inflates and validates the sizes table (V05-V11) and builds the frame index.
   *
   * @param header the result of {@link #readHeader} for this stream
   * @param prefix the file's bytes {@code [0, 16 + L)} at least
   * @param fileLength the total file length, as given to {@link #readHeader}
   */
  public FrameIndex readIndex(Header header, byte[] prefix, long fileLength) {
    if (header == null || header.format() == null) {
      throw new InvalidArgumentException("header must not be null");
    }
    if (prefix == null) {
      throw new InvalidArgumentException("prefix must not be null");
    }
    long l = header.tableLength();
    if (l < 1 || l > MAX_TABLE_LENGTH || header.headerFrameCount() < 0) {
      throw new InvalidArgumentException("header was not produced by readHeader: tableLength " + l);
    }
    long tableEnd = header.tableEnd();
    if (prefix.length < tableEnd) {
      throw new InvalidArgumentException(
          "prefix must cover [0, " + tableEnd + "), got " + prefix.length + " bytes");
    }
    if (fileLength < tableEnd) {
      throw new FormatException("V04", source, -1, "sizes table [16, " + tableEnd
          + ") runs past the end of the file (" + fileLength + " bytes)");
    }
    int len = (int) l;
    byte[] in = prefix;
    int off = HEADER_LENGTH;
    if (header.format() == StreamFormat.ASVR) {
      byte[] k = requireKey();
      in = new byte[len];
      System.arraycopy(prefix, HEADER_LENGTH, in, 0, len);
      // Header and table are one keystream: the table's first byte is keystream byte 16.
      FrameCipher.xor(k, FrameCipher.HEADER_KEY_ID, HEADER_LENGTH, in, 0, len);
      off = 0;
    }
    long body = fileLength - tableEnd;
    long bound = 8L * Math.min(MAX_FRAMES, body / 4);
    byte[] table = Zlib.inflateTable(in, off, len, bound, source);
    if (table.length % 8 != 0) {
      throw new FormatException("V06", source, -1,
          "sizes table inflates to " + table.length + " bytes, not a multiple of 8");
    }
    int n = table.length / 8;
    if (n < 1) {
      throw new FormatException("V08", source, -1, "sizes table lists no frames");
    }
    if (header.format() == StreamFormat.ASVP && header.headerFrameCount() != 0
        && header.headerFrameCount() != n) {
      throw new FormatException("V09", source, -1, "header frame count " + header.headerFrameCount()
          + " disagrees with the " + n + " entries of the sizes table");
    }
    for (int i = 0; i < n; i++) {
      long s = u64(table, 8 * i);
      if (Long.compareUnsigned(s, 4) < 0) {
        throw new FormatException("V10", source, -1,
            "frame " + i + " block is " + s + " bytes, shorter than its 4-byte declared length");
      }
    }
    long[] offsets = new long[n + 1];
    long pos = tableEnd;
    for (int i = 0; i < n; i++) {
      long s = u64(table, 8 * i);
      // Unsigned compare against what is left: no overflow whatever the entry (up to 2^64-1).
      if (Long.compareUnsigned(s, fileLength - pos) > 0) {
        throw new FormatException("V11", source, -1, "frame " + i + " block [" + pos + ", +"
            + Long.toUnsignedString(s) + ") reaches past the end of the file (" + fileLength + " bytes)");
      }
      offsets[i] = pos;
      pos += s;
    }
    if (pos != fileLength) {
      throw new FormatException("V11", source, -1, "frame blocks end at " + pos + " but the file has "
          + fileLength + " bytes (" + (fileLength - pos) + " trailing bytes)");
    }
    offsets[n] = pos;
    return new FrameIndex(header.format(), l, header.headerFrameCount(), offsets);
  }

  /**
   * Step 3a: decrypts (ASVR) and inflates frame {@code frame}'s block {@code block[off, off+len)} into
   * its payload, exactly {@code declared} bytes (V12-V14).
   *
   * @throws InvalidArgumentException for a null index or block, a frame out of range, a range outside
   *     {@code block}, or {@code len != index.length(frame)}
   * @throws FormatException V12 (declared above the cap), V13 (bad zlib stream), V14 (length mismatch)
   */
  public byte[] inflateFrame(FrameIndex index, int frame, byte[] block, int off, int len) {
    Zlib.Scratch scratch = Zlib.scratch();
    byte[] in = plainBlockView(index, frame, block, off, len, scratch);
    int inOff = in == block ? off : 0;
    int declared = declared(in, inOff, len - 4, frame);
    byte[] payload = new byte[declared];
    Zlib.inflateExact(in, inOff + 4, len - 4, payload, 0, declared, source, frame);
    return payload;
  }

  /**
   * Step 3b: {@link #inflateFrame} then parse the payload into polygons (V15-V20), without keeping
   * the payload.
   */
  public Polygons decodeFrame(FrameIndex index, int frame, byte[] block, int off, int len) {
    Zlib.Scratch scratch = Zlib.scratch();
    byte[] in = plainBlockView(index, frame, block, off, len, scratch);
    int inOff = in == block ? off : 0;
    int declared = declared(in, inOff, len - 4, frame);
    byte[] payload = scratch.payloadBuffer(declared);
    Zlib.inflateExact(in, inOff + 4, len - 4, payload, 0, declared, source, frame);
    return FrameDecoder.parse(payload, 0, declared, source, frame);
  }

  /**
   * The plain block of frame {@code frame}: a copy of {@code block[off, off+len)}, decrypted for ASVR.
   * A plain block is the same in ASVP and ASVR, so it can be copied into a stream of either format
   * without re-encoding ({@link StreamWriter#addBlock}).
   */
  public byte[] plainBlock(FrameIndex index, int frame, byte[] block, int off, int len) {
    checkBlock(index, frame, block, off, len);
    byte[] out = new byte[len];
    if (index.format() == StreamFormat.ASVR) {
      decryptInto(frame, block, off, len, out);
    } else {
      System.arraycopy(block, off, out, 0, len);
    }
    return out;
  }

  /**
   * {@link #plainBlock} with the checks that need no inflating: V12 (declared length above the cap) and
   * the part of V14 that the block length alone decides (no zlib stream of this size inflates to the
   * declared length). What it returns is what a client inflates and parses itself (the gateway's
   * {@code poly} encoding); V13, the rest of V14 and V15-V20 are left to that client.
   *
   * @throws FormatException V12 or V14
   */
  public byte[] checkedPlainBlock(FrameIndex index, int frame, byte[] block, int off, int len) {
    byte[] plain = plainBlock(index, frame, block, off, len);
    declared(plain, 0, len - 4L, frame);
    return plain;
  }

  /**
   * The plain bytes of a checked block: {@code block} itself for ASVP (the block starts at {@code off}),
   * else the block decrypted into this thread's scratch buffer (starting at 0).
   */
  private byte[] plainBlockView(FrameIndex index, int frame, byte[] block, int off, int len,
      Zlib.Scratch scratch) {
    checkBlock(index, frame, block, off, len);
    if (index.format() != StreamFormat.ASVR) {
      return block;
    }
    byte[] plain = scratch.blockBuffer(len);
    decryptInto(frame, block, off, len, plain);
    return plain;
  }

  private void checkBlock(FrameIndex index, int frame, byte[] block, int off, int len) {
    if (index == null) {
      throw new InvalidArgumentException("index must not be null");
    }
    if (frame < 0 || frame >= index.frameCount()) {
      throw InvalidArgumentException.frame(frame, index.frameCount());
    }
    if (block == null) {
      throw new InvalidArgumentException("block must not be null");
    }
    if (off < 0 || len < 0 || off > block.length - len) {
      throw new InvalidArgumentException(
          "block range [" + off + ", +" + len + ") is outside an array of " + block.length + " bytes");
    }
    if (len != index.blockLength(frame)) {
      throw new InvalidArgumentException("frame " + frame + " block is " + index.blockLength(frame)
          + " bytes, got " + len);
    }
  }

  /**
   * Deflate expands at most 1032:1 (a 258-byte match costs at least 2 bits), so a zlib stream of
   * {@code n} bytes never inflates to more than {@code 1032 * n} bytes.
   */
  static final long MAX_DEFLATE_RATIO = 1032;

  /**
   * Reads {@code declared} (u32 at the block start) and applies V12, then V14 when no zlib stream of
   * {@code streamBytes} bytes could inflate to it: both before the payload buffer is allocated, so a
   * few-byte block cannot make the reader allocate up to the cap.
   */
  private int declared(byte[] b, int off, long streamBytes, int frame) {
    long declared = u32(b, off);
    if (declared > maxPayloadBytes) {
      throw new FormatException("V12", source, frame, "declared payload length " + declared
          + " bytes is above the cap of " + maxPayloadBytes + " bytes");
    }
    if (declared > MAX_DEFLATE_RATIO * streamBytes) {
      throw new FormatException("V14", source, frame, "declared payload length " + declared
          + " bytes cannot come from a " + streamBytes + "-byte zlib stream (deflate expands at most "
          + MAX_DEFLATE_RATIO + ":1)");
    }
    return (int) declared;
  }

  private void decryptInto(int frame, byte[] block, int off, int len, byte[] dst) {
    System.arraycopy(block, off, dst, 0, len);
    FrameCipher.xor(requireKey(), frame, 0, dst, 0, len);
  }

  /** The 16 header bytes decrypted with key id 0xFFFFFFFF from keystream byte 0. */
  private byte[] plainHeaderAsvr(byte[] bytes) {
    byte[] h = new byte[HEADER_LENGTH];
    System.arraycopy(bytes, 0, h, 0, HEADER_LENGTH);
    FrameCipher.xor(requireKey(), FrameCipher.HEADER_KEY_ID, 0, h, 0, HEADER_LENGTH);
    return h;
  }

  private byte[] requireKey() {
    if (key == null) {
      throw passphraseRequired(source);
    }
    return key;
  }

  private static KeyException passphraseRequired(String source) {
    return new KeyException(null, source + ": ASVR stream: passphrase required to decrypt it");
  }

  private static boolean startsWithMagic(byte[] b) {
    if (b.length < ASVP_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < ASVP_MAGIC.length; i++) {
      if (b[i] != ASVP_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static long u32(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
  }

  static long u64(byte[] b, int i) {
    return u32(b, i) | u32(b, i + 4) << 32;
  }

  private static long compressBound(long n) {
    return n + (n >>> 12) + (n >>> 14) + (n >>> 25) + 13;
  }

  private static final String[] MARKUP_STARTS = {"<!doctype", "<html", "<?xml", "<head", "<body"};

  /**
   * True when the first bytes are an HTML or XML page's start (after blanks). Encrypted ASVR bytes start
   * this way with probability below 2^-40, so this never hides a real stream.
   */
  static boolean looksLikeMarkup(byte[] head) {
    int i = 0;
    while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
      i++;
    }
    for (String start : MARKUP_STARTS) {
      if (head.length - i >= start.length()) {
        boolean match = true;
        for (int k = 0; k < start.length() && match; k++) {
          match = Character.toLowerCase((char) (head[i + k] & 0xFF)) == start.charAt(k);
        }
        if (match) {
          return true;
        }
      }
    }
    return false;
  }

  private static String printablePrefix(byte[] head) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(head.length, 9); i++) {
      char c = (char) (head[i] & 0xFF);
      b.append(c >= 0x20 && c < 0x7F ? c : '.');
    }
    return b.toString().strip();
  }
}
