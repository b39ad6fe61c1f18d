package io.alphastream.cli;

import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code bench}: the opaque-pixel checksum equals the sum of the golden masks' opaque counts. */
class BenchCommandTest {

  @Test
  void singleGoldenFrame() {
    JsonObject golden = Cli.golden("golden/small_f119_640x320.png");
    Cli.Result r = Cli.run("bench", fixture("small.asvp"), "--frames", "119-119", "--size", "640x320",
        "--threads", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("opaque +" + golden.getLong("opaque") + " pixels")
        .containsPattern("decode +[0-9.]+ frames/s").containsPattern("rasterize +[0-9.]+ frames/s")
        .containsPattern("checksum +[0-9.]+ s").containsPattern("pass +[0-9.]+ s");
  }

  @Test
  void rangeOverSeveralThreadsSumsEveryMask() {
    long expected = Cli.golden("golden/small_f0_333x177.png").getLong("opaque")
        + Cli.golden("golden/small_f1_333x177.png").getLong("opaque");
    Cli.Result r = Cli.run("bench", fixture("small.asvp"), "--frames", "0-1", "--size", "333x177",
        "--threads", "2", "--warmup-ms", "0", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonObject json = r.json();
    assertThat(json.getLong("opaquePixels")).isEqualTo(expected);
    assertThat(json.getInteger("frames")).isEqualTo(2);
    assertThat(json.getInteger("threads")).isEqualTo(2);
    assertThat(json.getDouble("decodeFramesPerSecond")).isPositive();
    assertThat(json.getDouble("rasterizeFramesPerSecond")).isPositive();
    // the phases are timed apart and all inside the timed pass
    assertThat(json.getDouble("checksumSeconds")).isPositive();
    assertThat(json.getDouble("passSeconds")).isGreaterThanOrEqualTo(json.getDouble("decodeSeconds"));
  }

  @Test
  void wholeFileByDefault() {
    long expected = 0;
    for (int f = 0; f < 8; f++) {
      expected += Cli.golden("golden/edge_f" + f + "_640x320.png").getLong("opaque");
    }
    Cli.Result r = Cli.run("bench", fixture("edge-cases.asvp"), "--size", "640x320", "--threads", "3",
        "--warmup-ms", "0", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.json().getLong("opaquePixels")).isEqualTo(expected);
    assertThat(r.json().getInteger("frames")).isEqualTo(8);
  }

  @Test
  void badRangesAndThreadCountsAreUsageErrors() {
    Cli.run("bench", fixture("small.asvp"), "--frames", "0-240").assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("bench", fixture("small.asvp"), "--frames", "5-4").assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("bench", fixture("small.asvp"), "--frames", "x").assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("bench", fixture("small.asvp"), "--threads", "0").assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("bench", fixture("small.asvp"), "--warmup-ms", "-1").assertsOneErrorLine(ExitCode.USAGE);
  }

  @Test
  void aCorruptFrameInTheRangeIsExit3() {
    Cli.Result r = Cli.run("bench", fixture("malformed/odd-delta-bytes.asvp"), "--size", "64x32",
        "--threads", "2");
    r.assertsOneErrorLine(ExitCode.INVALID_INPUT);
    assertThat(r.errorLine()).contains("V19").contains("frame 1");
  }
}
