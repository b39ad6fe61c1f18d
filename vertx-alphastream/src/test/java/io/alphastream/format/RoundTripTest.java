package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.source.StreamFile;
import io.alphastream.format.crypto.PassphraseKeys;
import io.alphastream.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Polygons → StreamWriter (ASVP and ASVR) → StreamFile → the same Polygons. */
class RoundTripTest {

  private static List<Polygons> frames() {
    List<Polygons> frames = new ArrayList<>();
    frames.add(Polygons.EMPTY);
    frames.add(new Polygons.Builder().beginChannel().add(5, 6).build()); // 1 point
    frames.add(new Polygons.Builder().beginChannel().add(0, 0).add(127, -128).build()); // 2 points, extremes
    frames.add(new Polygons.Builder() // negative and out-of-canvas coordinates
        .beginChannel().add(10, 10).add(-100, 10).add(-200, -118).add(-250, -200)
        .beginChannel().add(65535, 65535).add(65535 - 128, 65535).add(65535 - 1, 65535 - 127)
        .build());
    frames.add(new Polygons.Builder() // a closing edge of any length needs no split
        .beginChannel().add(0, 0).add(100, 0).add(100, 100).add(200, 200).add(300, 300)
        .beginChannel().add(1000, 500)
        .beginChannel().add(1200, 200).add(1210, 200).add(1210, 210)
        .build());
    Polygons.Builder walk = new Polygons.Builder().beginChannel(); // to the V20 limits in steps of -128/+127
    for (int x = 32640; x >= -32768; x -= 128) {
      walk.add(x, 5);
    }
    walk.beginChannel();
    for (int y = 65535 - 127 * 516; y <= 65535; y += 127) {
      walk.add(7, y);
    }
    frames.add(walk.build());
    Random random = new Random(42);
    for (int f = 0; f < 20; f++) { // random small-step polygons, many channels
      Polygons.Builder b = new Polygons.Builder();
      int channels = random.nextInt(15);
      for (int c = 0; c < channels; c++) {
        b.beginChannel();
        int x = random.nextInt(2048);
        int y = random.nextInt(1024);
        b.add(x, y);
        int points = random.nextInt(300);
        for (int j = 0; j < points; j++) {
          x += random.nextInt(256) - 128;
          y += random.nextInt(256) - 128;
          b.add(x, y);
        }
      }
      frames.add(b.build());
    }
    return frames;
  }

  private static byte[] write(StreamWriter w, ByteArrayOutputStream out, List<Polygons> frames) {
    try (w) {
      for (Polygons p : frames) {
        w.addFrame(p);
      }
    }
    return out.toByteArray();
  }

  private static List<Polygons> read(byte[] bytes, String source, ReaderOptions options) {
    List<Polygons> frames = new ArrayList<>();
    try (StreamFile f = Fixtures.open(bytes, source, options)) {
      for (int i = 0; i < f.frameCount(); i++) {
        frames.add(f.frame(i));
      }
    }
    return frames;
  }

  @Test
  void asvpRoundTripIsExact() {
    List<Polygons> frames = frames();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = write(StreamWriter.asvp(out), out, frames);
    assertThat(new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ASVPPLN1");
    assertThat(StreamReader.u32(bytes, 8)).as("true frame count in the header").isEqualTo(frames.size());
    assertThat(bytes[16] & 0xFF).as("zlib level 6 header").isEqualTo(0x78);
    assertThat(bytes[17] & 0xFF).isEqualTo(0x9C);
    assertThat(read(bytes, "rt.asvp", new ReaderOptions())).isEqualTo(frames);
  }

  @Test
  void asvrRoundTripIsExact() {
    List<Polygons> frames = frames();
    byte[] key = PassphraseKeys.derive(Fixtures.testPassphrase(), 7, "1.5.0", "rt.asvr");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = write(StreamWriter.asvr(out, key), out, frames);
    ReaderOptions options = new ReaderOptions().setPassphrase(Fixtures.testPassphrase()).setSceneId(7);
    assertThat(read(bytes, "https://h/x/rt.asvr?sig=1", options)).isEqualTo(frames);
  }

  @Test
  void longStepsAreSplitIntoPointsOnTheEdge() {
    Polygons input = new Polygons.Builder()
        .beginChannel().add(100, 100).add(400, 100).add(400, 354).add(100, 100)
        .beginChannel().add(1000, 1000).add(1000 + 255, 1000 + 1) // no grid point on the edge: nearest
        .build();
    // Independent expectation: 300 = 3 steps of 100; 254 = 2 of 127; (-300, -254): 3 steps, (-100, -84.67)
    // rounded to nearest; (255, 1) = 3 steps to the nearest grid points (85, 0.33) and (170, 0.67).
    Polygons expected = new Polygons.Builder()
        .beginChannel().add(100, 100).add(200, 100).add(300, 100).add(400, 100)
        .add(400, 227).add(400, 354)
        .add(300, 269).add(200, 185).add(100, 100)
        .beginChannel().add(1000, 1000).add(1085, 1000).add(1170, 1001).add(1255, 1001)
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = write(StreamWriter.asvp(out), out, List.of(input));
    assertThat(read(bytes, "split.asvp", new ReaderOptions())).containsExactly(expected);
    // The split polygon encodes without further change.
    assertThat(FrameDecoder.parse(FramePayloads.encode(expected), "x", 0)).isEqualTo(expected);
  }

  @Test
  void splitStepsStayInRangeAndKeepEveryOriginalPoint() {
    Random random = new Random(7);
    for (int t = 0; t < 200; t++) {
      int x0 = random.nextInt(65536);
      int y0 = random.nextInt(65536);
      int x1 = random.nextInt(65536 + 32768) - 32768;
      int y1 = random.nextInt(65536 + 32768) - 32768;
      Polygons in = new Polygons.Builder().beginChannel().add(x0, y0).add(x1, y1).build();
      Polygons out = FrameDecoder.parse(FramePayloads.encode(in), "x", 0);
      int n = out.pointCount(0);
      assertThat(out.channelCount()).isEqualTo(1);
      assertThat(out.x(0)).isEqualTo(x0);
      assertThat(out.y(0)).isEqualTo(y0);
      assertThat(out.x(n - 1)).isEqualTo(x1);
      assertThat(out.y(n - 1)).isEqualTo(y1);
      for (int j = 1; j < n; j++) {
        assertThat(out.x(j) - out.x(j - 1)).isBetween(-128, 127);
        assertThat(out.y(j) - out.y(j - 1)).isBetween(-128, 127);
        // Within half a pixel of the edge, measured along the dominant axis (cross product bound).
        long cross = (long) (out.x(j) - x0) * (y1 - y0) - (long) (out.y(j) - y0) * (x1 - x0);
        long len = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
        assertThat(Math.abs(cross)).isLessThanOrEqualTo(len);
      }
    }
  }

  @Test
  void asvrToAsvpBlockCopyGivesIdenticalFrames() {
    byte[] asvpBytes;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamFile asvr = Fixtures.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"));
        StreamWriter w = StreamWriter.asvp(out)) {
      for (int i = 0; i < asvr.frameCount(); i++) {
        w.addBlock(asvr.plainBlock(i));
      }
    }
    asvpBytes = out.toByteArray();
    try (StreamFile asvr = Fixtures.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"));
        StreamFile copy = Fixtures.open(asvpBytes, "copy.asvp", new ReaderOptions())) {
      assertThat(copy.index().format()).isEqualTo(StreamFormat.ASVP);
      assertThat(copy.frameCount()).isEqualTo(asvr.frameCount());
      for (int i = 0; i < copy.frameCount(); i++) {
        assertThat(copy.frame(i)).as("frame %d", i).isEqualTo(asvr.frame(i));
      }
    }
  }

  @Test
  void asvpToAsvrBlockCopyUnderANewKeyGivesIdenticalFrames() {
    byte[] key = PassphraseKeys.derive(Fixtures.testPassphrase(), 99, "2.0", "copy.asvr");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamFile asvp = Fixtures.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions());
        StreamWriter w = StreamWriter.asvr(out, key)) {
      for (int i = 0; i < asvp.frameCount(); i++) {
        w.addBlock(asvp.plainBlock(i));
      }
    }
    ReaderOptions options = new ReaderOptions().setPassphrase(Fixtures.testPassphrase()).setSceneId(99)
        .setVersion("2.0");
    try (StreamFile asvp = Fixtures.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions());
        StreamFile copy = Fixtures.open(out.toByteArray(), "copy.asvr", options)) {
      assertThat(copy.index().format()).isEqualTo(StreamFormat.ASVR);
      for (int i = 0; i < copy.frameCount(); i++) {
        assertThat(copy.frame(i)).as("frame %d", i).isEqualTo(asvp.frame(i));
        assertThat(copy.block(i)).as("block %d is encrypted", i).isNotEqualTo(asvp.block(i));
      }
    }
  }
}
