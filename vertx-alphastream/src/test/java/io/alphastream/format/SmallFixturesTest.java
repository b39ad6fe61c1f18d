package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** small.asvp and small.asvr decode to exactly what manifest.json records. */
class SmallFixturesTest {
  private static StreamFile asvp;
  private static StreamFile asvr;

  @BeforeAll
  static void open() {
    asvp = Fixtures.open(Fixtures.path("small.asvp"), new ReaderOptions());
    asvr = Fixtures.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"));
  }

  @AfterAll
  static void close() {
    asvp.close();
    asvr.close();
  }

  @Test
  void fixtureFilesAreTheOnesTheManifestDescribes() {
    for (String name : new String[] {"small.asvp", "small.asvr"}) {
      byte[] bytes = Fixtures.bytes(name);
      assertThat(bytes).hasSize(Manifest.file(name).getInteger("bytes"));
      assertThat(Manifest.sha256(bytes)).isEqualTo(Manifest.file(name).getString("sha256"));
    }
  }

  @Test
  void asvpIndexMatchesManifest() {
    JsonObject m = Manifest.file("small.asvp");
    FrameIndex index = asvp.index();
    assertThat(index.format()).isEqualTo(StreamFormat.ASVP);
    assertThat(index.frameCount()).isEqualTo(m.getInteger("frames"));
    assertThat(index.tableLength()).isEqualTo(m.getLong("sizes_table_len"));
    assertThat(index.headerFrameCount()).isEqualTo(m.getLong("header_frame_count_field"));
    assertThat(index.fileLength()).isEqualTo(m.getLong("bytes"));
    assertThat(index.offset(0)).isEqualTo(16 + m.getLong("sizes_table_len"));
  }

  @Test
  void asvrIndexMatchesManifest() {
    JsonObject m = Manifest.file("small.asvr");
    FrameIndex index = asvr.index();
    assertThat(index.format()).isEqualTo(StreamFormat.ASVR);
    assertThat(index.frameCount()).isEqualTo(m.getInteger("frames"));
    assertThat(index.tableLength()).isEqualTo(m.getLong("sizes_table_len"));
    assertThat(index.fileLength()).isEqualTo(m.getLong("bytes"));
  }

  @Test
  void indexStatisticsDescribeTheBlocks() {
    JsonObject m = Manifest.file("small.asvp");
    FrameIndex index = asvp.index();
    long min = Long.MAX_VALUE;
    long max = 0;
    long sum = 0;
    for (int i = 0; i < index.frameCount(); i++) {
      assertThat(index.offset(i)).isEqualTo(16 + m.getLong("sizes_table_len") + sum);
      min = Math.min(min, index.length(i));
      max = Math.max(max, index.length(i));
      sum += index.length(i);
    }
    // The blocks fill the file after header and table (V11), so the mean follows from the manifest alone.
    long body = m.getLong("bytes") - 16 - m.getLong("sizes_table_len");
    assertThat(sum).isEqualTo(body);
    assertThat(index.meanBlockLength()).isEqualTo(body / (double) m.getInteger("frames"));
    assertThat(index.minBlockLength()).isEqualTo(min);
    assertThat(index.maxBlockLength()).isEqualTo(max);
    assertThat(index.durationSeconds()).isEqualTo(4.0); // 240 frames at 60 fps (fixtures README)
    assertThat(index.durationMicros()).isEqualTo(4_000_000L);
  }

  @Test
  void asvpGoldenFramesMatchManifest() {
    checkGoldenFrames(asvp, Manifest.file("small.asvp").getJsonObject("golden_frames"));
  }

  @Test
  void asvrGoldenFramesMatchManifest() {
    checkGoldenFrames(asvr, Manifest.file("small.asvr").getJsonObject("golden_frames"));
  }

  @Test
  void asvrDecodesToTheSameFramesAsAsvp() {
    assertThat(Manifest.file("small.asvr").getString("same_frames_as")).isEqualTo("small.asvp");
    assertThat(asvr.frameCount()).isEqualTo(asvp.frameCount());
    for (int i = 0; i < asvp.frameCount(); i++) {
      assertThat(asvr.frame(i)).as("frame %d", i).isEqualTo(asvp.frame(i));
      assertThat(asvr.plainBlock(i)).as("plain block %d", i).isEqualTo(asvp.block(i));
    }
  }

  @Test
  void everyFrameHasAChannelCountInTheManifestRange() {
    JsonArray range = Manifest.file("small.asvp").getJsonArray("channel_count_range");
    for (int i = 0; i < asvp.frameCount(); i++) {
      assertThat(asvp.frame(i).channelCount()).as("frame %d", i)
          .isBetween(range.getInteger(0), range.getInteger(1));
    }
  }

  static void checkGoldenFrames(StreamFile file, JsonObject frames) {
    assertThat(frames.fieldNames()).isNotEmpty();
    for (String key : frames.fieldNames()) {
      int f = Integer.parseInt(key);
      JsonObject expected = frames.getJsonObject(key);
      byte[] payload = file.payload(f);
      assertThat(payload).as("frame %d payload", f).hasSize(expected.getInteger("payload_len"));
      assertThat(Manifest.sha256(payload)).as("frame %d payload sha256", f)
          .isEqualTo(expected.getString("payload_sha256"));
      Polygons p = file.frame(f);
      assertThat(p.channelCount()).as("frame %d channels", f).isEqualTo(expected.getInteger("channels"));
      JsonArray sizes = expected.getJsonArray("channel_sizes");
      for (int c = 0; c < p.channelCount(); c++) {
        // A record of b bytes holds (b - 4) / 2 + 1 points (FORMAT.md 5.3).
        assertThat(4 + 2 * (p.pointCount(c) - 1)).as("frame %d channel %d size", f, c)
            .isEqualTo(sizes.getInteger(c));
      }
    }
  }
}
