package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.alphastream.source.StreamFile;
import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reader's pure steps on exactly the byte ranges a range-fetching client would have. */
class StreamReaderTest {
  private static final byte[] SMALL = Fixtures.bytes("small.asvp");

  @Test
  void stepsWorkOnExactlyTheRangesTheyNeed() {
    StreamReader r = StreamReader.create("small.asvp", new ReaderOptions());
    Header h = r.readHeader(Arrays.copyOf(SMALL, 16), SMALL.length);
    JsonObject m = Manifest.file("small.asvp");
    assertThat(h).isEqualTo(new Header(StreamFormat.ASVP, m.getLong("sizes_table_len"),
        m.getLong("header_frame_count_field")));
    assertThat(h.tableEnd()).isEqualTo(16 + m.getLong("sizes_table_len"));
    FrameIndex index = r.readIndex(h, Arrays.copyOf(SMALL, (int) h.tableEnd()), SMALL.length);
    assertThat(index.frameCount()).isEqualTo(m.getInteger("frames"));
    // One frame's block, placed at an offset inside a bigger buffer.
    int f = 119;
    byte[] buf = new byte[index.length(f) + 10];
    System.arraycopy(SMALL, (int) index.offset(f), buf, 7, index.length(f));
    byte[] payload = r.inflateFrame(index, f, buf, 7, index.length(f));
    assertThat(Manifest.sha256(payload)).isEqualTo(
        m.getJsonObject("golden_frames").getJsonObject("119").getString("payload_sha256"));
    assertThat(r.decodeFrame(index, f, buf, 7, index.length(f))).isEqualTo(FrameDecoder.parse(payload, "s", f));
    assertThat(r.plainBlock(index, f, buf, 7, index.length(f)))
        .isEqualTo(Arrays.copyOfRange(SMALL, (int) index.offset(f), (int) index.offset(f) + index.length(f)));
  }

  @Test
  void payloadCapIsConfigurable() {
    int len = Manifest.file("small.asvp").getJsonObject("golden_frames").getJsonObject("0").getInteger("payload_len");
    try (StreamFile exact = Fixtures.open(SMALL, "small.asvp",
        new ReaderOptions().setMaxPayloadBytes(len))) {
      assertThat(exact.payload(0)).hasSize(len);
    }
    try (StreamFile below = Fixtures.open(SMALL, "small.asvp",
        new ReaderOptions().setMaxPayloadBytes(len - 1))) {
      Throwable t = catchThrowable(() -> below.frame(0));
      MalformedFixturesTest.assertRule(t, "V12", 0, "small.asvp");
      assertThat(t.getMessage()).contains(Integer.toString(len)).contains(Integer.toString(len - 1));
    }
  }

  @Test
  void detectionUsesMagicFirstThenTheName() {
    // ASVP magic wins even when the name says .asvr
    try (StreamFile f = Fixtures.open(SMALL, "https://h/p/renamed.asvr", new ReaderOptions())) {
      assertThat(f.index().format()).isEqualTo(StreamFormat.ASVP);
    }
    // encrypted bytes under a name that is not .asvr: not recognised
    Throwable t = catchThrowable(() -> Fixtures.open(Fixtures.bytes("small.asvr"),
        "small.bin", Manifest.asvrOptions("small.asvr").setName(null)));
    MalformedFixturesTest.assertRule(t, "V02", -1, "small.bin");
    // ... unless the salt name is set explicitly
    try (StreamFile f = Fixtures.open(Fixtures.bytes("small.asvr"), "small.bin",
        Manifest.asvrOptions("small.asvr"))) {
      assertThat(f.index().format()).isEqualTo(StreamFormat.ASVR);
    }
    // ... or the format is forced
    try (StreamFile f = Fixtures.open(Fixtures.bytes("small.asvr"), "small.bin",
        Manifest.asvrOptions("small.asvr").setFormat(StreamFormat.ASVR))) {
      assertThat(f.index().format()).isEqualTo(StreamFormat.ASVR);
    }
    // forcing ASVP on an encrypted file is V02 on the magic
    Throwable forced = catchThrowable(() -> Fixtures.open(Fixtures.bytes("small.asvr"),
        "small.asvr", new ReaderOptions().setFormat(StreamFormat.ASVP)));
    assertThat(forced).isInstanceOf(FormatException.class).hasMessageContaining("ASVPPLN1");
    assertThat(((FormatException) forced).rule()).isEqualTo("V02");
  }

  @Test
  void forcedAsvrOnAPlainFileIsAWrongKey() {
    Throwable t = catchThrowable(() -> Fixtures.open(SMALL, "small.asvr",
        Manifest.asvrOptions("small.asvr").setFormat(StreamFormat.ASVR)));
    assertThat(t).isInstanceOf(KeyException.class);
    assertThat(((KeyException) t).rule()).isEqualTo("V02");
  }

  @Test
  void badArguments() {
    assertThatThrownBy(() -> StreamReader.create(null, new ReaderOptions())).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamReader.create("", new ReaderOptions())).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamReader.create("a.asvp", null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamReader.create("https://h/dir/", Manifest.asvrOptions(null).setFormat(StreamFormat.ASVR)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("salt name");

    StreamReader r = StreamReader.create("small.asvp", new ReaderOptions());
    assertThatThrownBy(() -> r.readHeader(null, 100)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readHeader(new byte[16], -1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readHeader(new byte[15], 100)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readHeader(new byte[5], 5)).isInstanceOf(FormatException.class); // V01, not an argument error

    Header h = r.readHeader(SMALL, SMALL.length);
    assertThatThrownBy(() -> r.readIndex(null, SMALL, SMALL.length)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readIndex(h, null, SMALL.length)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readIndex(h, Arrays.copyOf(SMALL, (int) h.tableEnd() - 1), SMALL.length))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readIndex(new Header(StreamFormat.ASVP, 0, 0), SMALL, SMALL.length))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.readIndex(new Header(StreamFormat.ASVP, -5, 0), SMALL, SMALL.length))
        .isInstanceOf(InvalidArgumentException.class);

    FrameIndex index = r.readIndex(h, SMALL, SMALL.length);
    int len = index.length(0);
    byte[] block = Arrays.copyOfRange(SMALL, (int) index.offset(0), (int) index.offset(0) + len);
    for (int bad : new int[] {-1, index.frameCount(), Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> r.decodeFrame(index, bad, block, 0, len)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("out of range");
      assertThatThrownBy(() -> r.inflateFrame(index, bad, block, 0, len)).isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> r.plainBlock(index, bad, block, 0, len)).isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> index.offset(bad)).isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> index.length(bad)).isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> index.blockLength(bad)).isInstanceOf(InvalidArgumentException.class);
    }
    assertThatThrownBy(() -> r.decodeFrame(null, 0, block, 0, len)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.decodeFrame(index, 0, null, 0, len)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.decodeFrame(index, 0, block, -1, len)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.decodeFrame(index, 0, block, 1, len)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.decodeFrame(index, 0, block, 0, -1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> r.decodeFrame(index, 0, block, 0, len - 1)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("frame 0 block is " + len);
    assertThatThrownBy(() -> r.decodeFrame(index, 1, block, 0, len)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void frameDecoderArguments() {
    assertThatThrownBy(() -> FrameDecoder.parse(null, "s", 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameDecoder.parse(new byte[4], null, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FrameDecoder.parse(new byte[4], "s", -1)).isInstanceOf(InvalidArgumentException.class);
    assertThat(FrameDecoder.parse(new byte[4], "s", 0)).isEqualTo(Polygons.EMPTY);
  }
}
