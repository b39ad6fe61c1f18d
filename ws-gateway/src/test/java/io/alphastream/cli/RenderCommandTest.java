package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code render}: output equals the golden masks (R8 SHA-256 from the manifest, PNG pixels via ImageIO). */
class RenderCommandTest {
  @TempDir Path tmp;

  /** Every golden entry below 2048 x 1024 (the full-size ones are covered by one test below). */
  static Stream<JsonObject> smallGoldens() {
    JsonArray all = Cli.manifest().getJsonArray("golden");
    List<JsonObject> picked = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getInteger("width") < 2048) {
        picked.add(all.getJsonObject(i));
      }
    }
    return picked.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallGoldens")
  void r8OutputHasTheManifestSha256(JsonObject golden) throws Exception {
    Path out = tmp.resolve("mask.r8");
    Cli.Result r = Cli.run("render", fixture(golden.getString("source")),
        "--frame", golden.getInteger("frame").toString(),
        "--size", golden.getInteger("width") + "x" + golden.getInteger("height"), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    byte[] r8 = Files.readAllBytes(out);
    assertThat(r8).hasSize(golden.getInteger("width") * golden.getInteger("height"));
    assertThat(Cli.sha256(r8)).isEqualTo(golden.getString("r8_sha256"));
    assertThat(r.out()).contains(golden.getLong("opaque") + " opaque pixels");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallGoldens")
  void pngOutputHasTheGoldenPixels(JsonObject golden) throws Exception {
    Path out = tmp.resolve("mask.png");
    Cli.Result r = Cli.run("render", fixture(golden.getString("source")),
        "--frame", golden.getInteger("frame").toString(),
        "--size", golden.getInteger("width") + "x" + golden.getInteger("height"), "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    BufferedImage ours = ImageIO.read(out.toFile());
    BufferedImage expected = ImageIO.read(new ByteArrayInputStream(Fixtures.bytes(golden.getString("file"))));
    assertThat(ours.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY); // 8-bit grayscale
    assertThat(gray(ours)).isEqualTo(gray(expected));
  }

  @Test
  void defaultSizeIsNative2048x1024() throws Exception {
    JsonObject golden = Cli.golden("golden/small_f239_2048x1024.png");
    Path out = tmp.resolve("full.r8");
    Cli.Result r = Cli.run("render", fixture("small.asvp"), "--frame", "239", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Cli.sha256(Files.readAllBytes(out))).isEqualTo(golden.getString("r8_sha256"));
  }

  @Test
  void encryptedSourceRendersTheSameMasks() throws Exception {
    JsonObject golden = Cli.golden("golden/small_f119_640x320.png");
    Path out = tmp.resolve("enc.r8");
    Cli.Result r = Cli.run(concat(new String[] {"render", fixture("small.asvr"), "--frame", "119",
        "--size", "640x320", "--out", out.toString()}, SMALL_ASVR_KEY));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Cli.sha256(Files.readAllBytes(out))).isEqualTo(golden.getString("r8_sha256"));
  }

  @Test
  void fileUrlsAreSources() throws Exception {
    JsonObject golden = Cli.golden("golden/edge_f2_333x177.png");
    Path out = tmp.resolve("url.r8");
    Cli.Result r = Cli.run("render", Fixtures.path("edge-cases.asvp").toUri().toString(), "--frame", "2",
        "--size", "333x177", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Cli.sha256(Files.readAllBytes(out))).isEqualTo(golden.getString("r8_sha256"));
  }

  @Test
  void badArgumentsAreUsageErrorsAndWriteNothing() {
    Path out = tmp.resolve("x.png");
    Cli.run("render", fixture("small.asvp"), "--frame", "240", "--out", out.toString())
        .assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("render", fixture("small.asvp"), "--frame", "-1", "--out", out.toString())
        .assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("render", fixture("small.asvp"), "--frame", "1", "--size", "0x10", "--out", out.toString())
        .assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("render", fixture("small.asvp"), "--frame", "1", "--size", "16385x2", "--out", out.toString())
        .assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("render", fixture("small.asvp"), "--frame", "1", "--out", tmp.resolve("x.jpg").toString())
        .assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("render", fixture("small.asvp"), "--out", out.toString()).assertsOneErrorLine(ExitCode.USAGE);
    assertThat(out).doesNotExist();
  }

  static int[] gray(BufferedImage img) {
    Raster raster = img.getRaster();
    assertThat(raster.getNumBands()).isEqualTo(1);
    return raster.getPixels(0, 0, img.getWidth(), img.getHeight(), (int[]) null);
  }
}
