package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** {@code info}: values checked against manifest.json and against the file's own sizes table. */
class InfoCommandTest {

  @Test
  void jsonForSmallAsvpMatchesTheManifestAndTheSizesTable() throws Exception {
    Cli.Result r = Cli.run("info", fixture("small.asvp"), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject info = r.json(); // stdout is exactly one JSON object
    JsonObject m = Cli.manifest().getJsonObject("files").getJsonObject("small.asvp");

    assertThat(info.getString("format")).isEqualTo("ASVP");
    assertThat(info.getString("version")).isEqualTo("PLN1");
    assertThat(info.getInteger("frames")).isEqualTo(m.getInteger("frames"));
    assertThat(info.getLong("fileBytes")).isEqualTo(m.getLong("bytes"));
    assertThat(info.getLong("sizesTableBytes")).isEqualTo(m.getLong("sizes_table_len"));
    assertThat(info.getDouble("durationSeconds")).isEqualTo(m.getInteger("frames") / 60.0);
    assertThat(info.getString("duration")).isEqualTo("0:04.000"); // fixtures README: duration 4 s

    LongSummaryStatistics blocks = sizesTable(Fixtures.bytes("small.asvp"));
    JsonObject b = info.getJsonObject("blockBytes");
    assertThat(b.getLong("min")).isEqualTo(blocks.getMin());
    assertThat(b.getLong("max")).isEqualTo(blocks.getMax());
    assertThat(b.getDouble("mean")).isCloseTo(blocks.getAverage(), within(0.05));
  }

  @Test
  void jsonForSmallAsvrReportsTheSaltItWasOpenedWith() throws Exception {
    Cli.Result r = Cli.run(concat(new String[] {"info", fixture("small.asvr"), "--json"}, SMALL_ASVR_KEY));
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject info = r.json();
    JsonObject m = Cli.manifest().getJsonObject("files").getJsonObject("small.asvr");
    assertThat(info.getString("format")).isEqualTo("ASVR");
    assertThat(info.getString("version")).isEqualTo(m.getString("version"));
    assertThat(info.getLong("sceneId")).isEqualTo(m.getLong("scene_id"));
    assertThat(info.getString("name")).isEqualTo(m.getString("name"));
    assertThat(info.getInteger("frames")).isEqualTo(m.getInteger("frames"));
    assertThat(info.getLong("fileBytes")).isEqualTo(m.getLong("bytes"));
    assertThat(info.getLong("sizesTableBytes")).isEqualTo(m.getLong("sizes_table_len"));
    // same blocks as small.asvp (encryption keeps lengths)
    LongSummaryStatistics blocks = sizesTable(Fixtures.bytes("small.asvp"));
    assertThat(info.getJsonObject("blockBytes").getLong("max")).isEqualTo(blocks.getMax());
  }

  @Test
  void passphraseMayComeFromTheEnvironmentAsHex() {
    String hex = new String(Fixtures.bytes("test-passphrase.hex")).trim();
    Cli.Result r = Cli.run(Map.of(Main.PASSPHRASE_ENV, hex),
        "info", fixture("small.asvr"), "--scene-id", "4242", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().getInteger("frames")).isEqualTo(240);
    assertThat(r.out() + r.err()).doesNotContain(hex);
  }

  @Test
  void textOutputNamesEveryField() {
    Cli.Result r = Cli.run("info", fixture("edge-cases.asvp"));
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject m = Cli.manifest().getJsonObject("files").getJsonObject("edge-cases.asvp");
    assertThat(r.out())
        .containsPattern("format +ASVP")
        .containsPattern("version +PLN1")
        .containsPattern("frames +" + m.getInteger("frames") + "\n")
        .containsPattern("duration +0:00\\.133 \\(0\\.133 s at 60 fps\\)") // 8 frames = 0.1333 s
        .containsPattern("file size +" + m.getLong("bytes") + " bytes")
        .containsPattern("sizes table +\\d+ bytes")
        .containsPattern("block bytes +min \\d+, max \\d+, mean \\d+\\.\\d");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void durationsFormatAsMinutesSecondsMillis() {
    // FORMAT.md appendix B: 16 375 frames at 60 fps is 4 min 32.9 s
    assertThat(InfoCommand.formatDuration(16_375 * 1_000_000L / 60)).isEqualTo("4:32.917");
    assertThat(InfoCommand.formatDuration(3_600_000_000L + 61_000_000L)).isEqualTo("1:01:01.000");
  }

  /** The sizes table of an ASVP file, parsed here with java.util.zip (independent of the reader). */
  static LongSummaryStatistics sizesTable(byte[] file) throws Exception {
    ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int tableLength = bb.getInt(12);
    Inflater inflater = new Inflater();
    inflater.setInput(file, 16, tableLength);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!inflater.finished()) {
      table.write(buf, 0, inflater.inflate(buf));
    }
    inflater.end();
    ByteBuffer t = ByteBuffer.wrap(table.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    LongSummaryStatistics stats = new LongSummaryStatistics();
    while (t.remaining() >= 8) {
      stats.accept(t.getLong());
    }
    return stats;
  }
}
