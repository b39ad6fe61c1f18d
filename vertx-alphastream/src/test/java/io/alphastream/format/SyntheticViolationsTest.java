package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.alphastream.source.StreamFile;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.SourceMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.alphastream.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Rule boundaries and zlib corner cases the malformed fixtures do not cover, built byte by byte from
 * FORMAT.md sections 2-5 (not with the writer under test, except where noted).
 */
class SyntheticViolationsTest {

  private static byte[] zlib(byte[] data, byte[] dictionary) {
    Deflater d = new Deflater(6);
    if (dictionary != null) {
      d.setDictionary(dictionary);
    }
    d.setInput(data);
    d.finish();
    byte[] out = new byte[data.length + 64];
    int n = d.deflate(out);
    d.end();
    return Arrays.copyOf(out, n);
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  private static byte[] u64(long v) {
    return concat(u32(v), u32(v >>> 32));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** ASVP file with the given compressed table and blocks. */
  private static byte[] asvp(long headerCount, byte[] compressedTable, byte[]... blocks) {
    return concat("ASVPPLN1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), u32(headerCount),
        u32(compressedTable.length), compressedTable, concat(blocks));
  }

  private static byte[] table(long... sizes) {
    byte[] t = new byte[0];
    for (long s : sizes) {
      t = concat(t, u64(s));
    }
    return t;
  }

  /** A valid block holding {@code payload}. */
  private static byte[] block(byte[] payload) {
    return concat(u32(payload.length), zlib(payload, null));
  }

  private static Throwable openFails(byte[] file) {
    return catchThrowable(() -> Fixtures.open(file, "synthetic.asvp", new ReaderOptions()).close());
  }

  private static Throwable frameFails(byte[] file, int frame) {
    try (StreamFile f = Fixtures.open(file, "synthetic.asvp", new ReaderOptions())) {
      return catchThrowable(() -> f.frame(frame));
    }
  }

  private static final byte[] EMPTY_FRAME = block(u32(0));

  @Test
  void headerFrameCountZeroMeansNotRecorded() {
    byte[] file = asvp(0, zlib(table(EMPTY_FRAME.length), null), EMPTY_FRAME);
    try (StreamFile f = Fixtures.open(file, "synthetic.asvp", new ReaderOptions())) {
      assertThat(f.frameCount()).isEqualTo(1);
      assertThat(f.index().headerFrameCount()).isZero();
      assertThat(f.frame(0)).isEqualTo(Polygons.EMPTY);
    }
  }

  @Test
  void anyValidZlibHeaderIsAccepted() {
    for (int level : new int[] {0, 1, 3, 9}) { // 78 01, 78 5E, 78 DA and stored blocks
      Deflater d = new Deflater(level);
      byte[] payload = FramePayloads.encode(new Polygons.Builder().beginChannel().add(1, 2).add(3, 4).build());
      d.setInput(payload);
      d.finish();
      byte[] z = new byte[200];
      int n = d.deflate(z);
      d.end();
      byte[] blk = concat(u32(payload.length), Arrays.copyOf(z, n));
      byte[] file = asvp(1, zlib(table(blk.length), null), blk);
      try (StreamFile f = Fixtures.open(file, "synthetic.asvp", new ReaderOptions())) {
        assertThat(f.payload(0)).as("level %d", level).isEqualTo(payload);
      }
    }
  }

  @Test
  void tableWithPresetDictionaryTrailingBytesOrTruncationIsV05() {
    byte[] t = table(EMPTY_FRAME.length);
    byte[] dict = zlib(t, new byte[] {1, 2, 3});
    MalformedFixturesTest.assertRule(openFails(asvp(1, dict, EMPTY_FRAME)), "V05", -1, "synthetic.asvp");
    byte[] trailing = concat(zlib(t, null), new byte[] {0});
    MalformedFixturesTest.assertRule(openFails(asvp(1, trailing, EMPTY_FRAME)), "V05", -1, "synthetic.asvp");
    byte[] z = zlib(t, null);
    byte[] cut = Arrays.copyOf(z, z.length - 1);
    MalformedFixturesTest.assertRule(openFails(asvp(1, cut, EMPTY_FRAME)), "V05", -1, "synthetic.asvp");
  }

  @Test
  void declaredLengthBeyondWhatTheStreamCanHoldIsV14BeforeInflating() {
    byte[] z = zlib(u32(0), null); // a valid stream of a 4-byte payload
    long impossible = StreamReader.MAX_DEFLATE_RATIO * z.length + 1;
    byte[] tooMuch = concat(u32(impossible), z);
    byte[] file = asvp(2, zlib(table(EMPTY_FRAME.length, tooMuch.length), null), EMPTY_FRAME, tooMuch);
    Throwable err = frameFails(file, 1);
    MalformedFixturesTest.assertRule(err, "V14", 1, "synthetic.asvp");
    assertThat(err).hasMessageContaining("cannot come from a " + z.length + "-byte zlib stream");

    // exactly at the bound is not refused up front: the inflater decides (here: too short, V14 too)
    byte[] atBound = concat(u32(impossible - 1), z);
    byte[] file2 = asvp(2, zlib(table(EMPTY_FRAME.length, atBound.length), null), EMPTY_FRAME, atBound);
    Throwable err2 = frameFails(file2, 1);
    MalformedFixturesTest.assertRule(err2, "V14", 1, "synthetic.asvp");
    assertThat(err2).hasMessageNotContaining("cannot come from");
  }

  @Test
  void frameWithPresetDictionaryIsV13() {
    byte[] dictBlock = concat(u32(4), zlib(u32(0), new byte[] {9, 9}));
    byte[] file = asvp(2, zlib(table(EMPTY_FRAME.length, dictBlock.length), null), EMPTY_FRAME, dictBlock);
    MalformedFixturesTest.assertRule(frameFails(file, 1), "V13", 1, "synthetic.asvp");
  }

  @Test
  void tableBoundIsExact() {
    // Body of 3 blocks of 4+ bytes: a table of exactly 8 x floor(body / 4) bytes is allowed ...
    byte[] blk = concat(u32(0), new byte[0]); // 4-byte block: declared 0, empty stream (V13 at decode)
    int body = 3 * blk.length; // 12 -> bound 8 * 3 = 24 bytes = 3 entries
    byte[] ok = asvp(3, zlib(table(4, 4, 4), null), blk, blk, blk);
    try (StreamFile f = Fixtures.open(ok, "synthetic.asvp", new ReaderOptions())) {
      assertThat(f.frameCount()).isEqualTo(body / 4);
      MalformedFixturesTest.assertRule(catchThrowable(() -> f.frame(0)), "V13", 0, "synthetic.asvp");
    }
    // ... one more entry exceeds the bound: V07 (not V11) although it would also fail V11
    byte[] over = asvp(0, zlib(table(4, 4, 4, 0), null), blk, blk, blk);
    MalformedFixturesTest.assertRule(openFails(over), "V07", -1, "synthetic.asvp");
  }

  @Test
  void hugeTableEntriesDoNotOverflow() {
    byte[] file = asvp(2, zlib(table(EMPTY_FRAME.length, -1L), null), EMPTY_FRAME, EMPTY_FRAME);
    MalformedFixturesTest.assertRule(openFails(file), "V11", -1, "synthetic.asvp");
    byte[] wrap = asvp(2, zlib(table(Long.MAX_VALUE, Long.MAX_VALUE), null), EMPTY_FRAME, EMPTY_FRAME);
    MalformedFixturesTest.assertRule(openFails(wrap), "V11", -1, "synthetic.asvp");
  }

  @Test
  void tableLengthBeyondAnyEncodingIsRefusedBeforeReading() {
    StreamReader r = StreamReader.create("big.asvp", new ReaderOptions());
    byte[] header = concat("ASVPPLN1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), u32(0), u32(0xFFFF_FFFFL));
    Throwable t = catchThrowable(() -> r.readHeader(header, 1L << 40));
    MalformedFixturesTest.assertRule(t, "V07", -1, "big.asvp");
  }

  @Test
  void coordinateBoundsAreInclusive() {
    // Walk x from 0 down to exactly -32768 (allowed) with steps of -128, then one step further (V20).
    ByteArrayOutputStream rec = new ByteArrayOutputStream();
    rec.writeBytes(new byte[] {0, 0, 0, 0});
    for (int i = 0; i < 256; i++) {
      rec.write(-128);
      rec.write(0);
    }
    byte[] atLimit = rec.toByteArray();
    rec.write(-1);
    rec.write(0);
    byte[] past = rec.toByteArray();
    Polygons p = FrameDecoder.parse(concat(u32(1), u32(atLimit.length), atLimit), "s", 0);
    assertThat(p.x(p.totalPoints() - 1)).isEqualTo(-32768);
    MalformedFixturesTest.assertRule(catchThrowable(() -> FrameDecoder.parse(
        concat(u32(1), u32(past.length), past), "s.asvp", 3)), "V20", 3, "s.asvp");
    // y upwards: start at 65535 and step +1
    byte[] up = concat(u32(1), u32(6), new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, 0, 1});
    MalformedFixturesTest.assertRule(catchThrowable(() -> FrameDecoder.parse(up, "s.asvp", 3)), "V20", 3, "s.asvp");
  }

  @Test
  void channelTableBoundary() {
    // C = 1 with no room for its size entry: 4 + 4 > 4 (V16); C = 0 with 4 extra bytes: V17.
    MalformedFixturesTest.assertRule(catchThrowable(() -> FrameDecoder.parse(u32(1), "s.asvp", 2)), "V16", 2, "s.asvp");
    MalformedFixturesTest.assertRule(catchThrowable(() -> FrameDecoder.parse(concat(u32(0), u32(0)), "s.asvp", 2)),
        "V17", 2, "s.asvp");
    MalformedFixturesTest.assertRule(catchThrowable(() -> FrameDecoder.parse(new byte[3], "s.asvp", 2)), "V15", 2, "s.asvp");
  }

  /**
   * A file of {@code size} bytes we never materialise: {@code prefix}, then {@link #EMPTY_FRAME}, then
   * zeros. The length of every read is added to {@code reads}.
   */
  private static RangeSource virtualFile(byte[] prefix, long size, List<Integer> reads, String name) {
    return new RangeSource() {
      @Override
      public String uri() {
        return name;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public Future<Buffer> read(long offset, int len) {
        reads.add(len);
        byte[] dst = new byte[len];
        for (int i = 0; i < len; i++) {
          long pos = offset + i;
          dst[i] = pos < prefix.length ? prefix[(int) pos]
              : pos < prefix.length + EMPTY_FRAME.length ? EMPTY_FRAME[(int) (pos - prefix.length)] : 0;
        }
        return Future.succeededFuture(Buffer.buffer(dst));
      }

      @Override
      public SourceMetrics metrics() {
        return SourceMetrics.EMPTY;
      }

      @Override
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
  }

  @Test
  void blockLargerThanAnArrayIsV13ForThatFrameOnly() throws IOException {
    long big = (1L << 31) + 100;
    byte[] prefix = asvp(2, zlib(table(EMPTY_FRAME.length, big), null));
    long size = prefix.length + EMPTY_FRAME.length + big;
    try (StreamFile f = StreamFile.open(virtualFile(prefix, size, new ArrayList<>(), "big.asvp"),
        new ReaderOptions())) {
      assertThat(f.frame(0)).isEqualTo(Polygons.EMPTY);
      assertThat(f.index().length(1)).isEqualTo(Integer.MAX_VALUE);
      assertThat(f.index().blockLength(1)).isEqualTo(big);
      MalformedFixturesTest.assertRule(catchThrowable(() -> f.frame(1)), "V13", 1, "big.asvp");
    }
  }

  /**
   * A block can only be as long as a zlib stream of at most the payload cap (9 bits per byte at worst)
   * plus its declared length: a longer one is V13 before it is read or allocated.
   */
  @Test
  void blockLongerThanAnyEncodingOfTheCapIsRefusedBeforeReading() throws IOException {
    int cap = 1 << 20;
    long limit = 4 + cap + cap / 8 + 65_536; // FORMAT.md 9 V12 cap, deflate's 9-bit worst case
    byte[] prefix = asvp(3, zlib(table(EMPTY_FRAME.length, limit, limit + 1), null));
    long size = prefix.length + EMPTY_FRAME.length + limit + limit + 1;
    List<Integer> reads = new ArrayList<>();
    ReaderOptions options = new ReaderOptions().setMaxPayloadBytes(cap);
    try (StreamFile f = StreamFile.open(virtualFile(prefix, size, reads, "long.asvp"), options)) {
      assertThat(f.reader().maxBlockLength()).isEqualTo(limit);
      // at the limit: read, then found to be a bad zlib stream (zeros)
      MalformedFixturesTest.assertRule(catchThrowable(() -> f.frame(1)), "V13", 1, "long.asvp");
      assertThat(reads).contains((int) limit);
      reads.clear();
      // one byte past it: refused without a read
      Throwable t = catchThrowable(() -> f.frame(2));
      MalformedFixturesTest.assertRule(t, "V13", 2, "long.asvp");
      assertThat(t).hasMessageContaining("longer than");
      assertThat(reads).isEmpty();
      assertThat(f.frame(0)).isEqualTo(Polygons.EMPTY); // the other frames stay readable
    }
  }
}
