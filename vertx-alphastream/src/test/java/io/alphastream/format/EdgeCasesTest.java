package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** edge-cases.asvp: all 8 hand-made frames decode as the manifest and the fixtures README describe. */
class EdgeCasesTest {
  private static StreamFile file;

  @BeforeAll
  static void open() {
    file = Fixtures.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions());
  }

  @AfterAll
  static void close() {
    file.close();
  }

  @Test
  void opensWithAllFrames() {
    JsonObject m = Manifest.file("edge-cases.asvp");
    assertThat(file.frameCount()).isEqualTo(m.getInteger("frames")).isEqualTo(8);
    assertThat(file.index().fileLength()).isEqualTo(m.getLong("bytes"));
    assertThat(Manifest.sha256(Fixtures.bytes("edge-cases.asvp"))).isEqualTo(m.getString("sha256"));
  }

  @Test
  void everyFrameMatchesTheManifest() {
    JsonObject info = Manifest.file("edge-cases.asvp").getJsonObject("frames_info");
    assertThat(info.fieldNames()).hasSize(8);
    SmallFixturesTest.checkGoldenFrames(file, info);
  }

  @Test
  void frame0HasNoChannels() {
    assertThat(file.frame(0)).isEqualTo(Polygons.EMPTY);
  }

  @Test
  void frame1HasOneTwoAndThreePointChannels() {
    Polygons p = file.frame(1);
    assertThat(p.channelCount()).isEqualTo(3);
    assertThat(new int[] {p.pointCount(0), p.pointCount(1), p.pointCount(2)}).containsExactly(1, 2, 3);
  }

  @Test
  void frame4AccumulatesBelowZeroAndBeyondTheCanvas() {
    Polygons p = file.frame(4);
    int minX = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    int maxY = Integer.MIN_VALUE;
    for (int i = 0; i < p.totalPoints(); i++) {
      minX = Math.min(minX, p.x(i));
      maxX = Math.max(maxX, p.x(i));
      maxY = Math.max(maxY, p.y(i));
    }
    assertThat(minX).isNegative();
    assertThat(maxX).isGreaterThan(2047);
    assertThat(maxY).isGreaterThan(1023);
  }

  @Test
  void frame7HasStepsOfExactlyMinus128AndPlus127() {
    Polygons p = file.frame(7);
    assertThat(p.pointCount(0)).isEqualTo(1);
    boolean minus128 = false;
    boolean plus127 = false;
    for (int c = 0; c < p.channelCount(); c++) {
      for (int j = p.start(c) + 1; j < p.start(c) + p.pointCount(c); j++) {
        for (int d : new int[] {p.x(j) - p.x(j - 1), p.y(j) - p.y(j - 1)}) {
          minus128 |= d == -128;
          plus127 |= d == 127;
        }
      }
    }
    assertThat(minus128).isTrue();
    assertThat(plus127).isTrue();
  }

  @Test
  void reencodingEveryFrameReproducesItsPayload() {
    for (int i = 0; i < file.frameCount(); i++) {
      assertThat(FramePayloads.encode(file.frame(i))).as("frame %d", i).isEqualTo(file.payload(i));
    }
  }
}
