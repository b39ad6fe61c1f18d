package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.raster.Rasterizer;
import io.alphastream.sample.SampleGenerator;
import io.alphastream.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate}, and the bundled {@code sample:demo}: a generated file reads back as the generator's
 * frames, and the shipped sample is exactly what {@code generate} with the documented seed produces.
 */
class GenerateCommandTest {
  private static final String DEMO_RESOURCE = "/io/alphastream/sample/demo.asvp";
  @TempDir Path tmp;

  @Test
  void asvpReadsBackAsTheGeneratedFrames() throws Exception {
    Path out = tmp.resolve("gen.asvp");
    Cli.Result r = Cli.run("generate", out.toString(), "--frames", "45", "--seed", "99");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("45 frames").contains("seed 99");
    assertThat(r.err()).contains("generate: 45/45 frames (100%)"); // progress goes to stderr
    assertThat(frames(out, new ReaderOptions())).isEqualTo(SampleGenerator.generate(45, 99));

    Cli.Result info = Cli.run("info", out.toString(), "--json");
    assertThat(info.exit()).as(info.err()).isZero();
    assertThat(info.json().getInteger("frames")).isEqualTo(45);
    assertThat(info.json().getString("format")).isEqualTo("ASVP");
    assertThat(info.json().getLong("fileBytes")).isEqualTo(Files.size(out));
  }

  @Test
  void asvrNeedsTheKeyToReadBack() throws Exception {
    Path out = tmp.resolve("gen.asvr");
    Cli.Result r = Cli.run(concat(new String[] {"generate", out.toString(), "--frames", "12"}, SMALL_ASVR_KEY));
    assertThat(r.exit()).as(r.err()).isZero();
    ReaderOptions key = new ReaderOptions().setSceneId(4242).setPassphrase(Fixtures.testPassphrase());
    assertThat(frames(out, key)).isEqualTo(SampleGenerator.generate(12, SampleGenerator.DEMO_SEED));

    Cli.Result info = Cli.run(concat(new String[] {"info", out.toString(), "--json"}, SMALL_ASVR_KEY));
    assertThat(info.exit()).as(info.err()).isZero();
    assertThat(info.json().getString("name")).isEqualTo("gen.asvr"); // default salt name: the file name
    Cli.run("info", out.toString(), "--scene-id", "4242").assertsOneErrorLine(ExitCode.BAD_KEY);

    Path png = tmp.resolve("f5.png");
    Cli.Result render = Cli.run(concat(new String[] {"render", out.toString(), "--frame", "5", "--size",
        "512x256", "--out", png.toString()}, SMALL_ASVR_KEY));
    assertThat(render.exit()).as(render.err()).isZero();
    assertThat(RenderCommandTest.gray(ImageIO.read(png.toFile())))
        .isEqualTo(expectedMask(SampleGenerator.generate(6, SampleGenerator.DEMO_SEED).get(5), 512, 256));
  }

  @Test
  void asvrWithoutSceneIdOrPassphraseIsRefused() {
    Path out = tmp.resolve("x.asvr");
    Cli.run("generate", out.toString(), "--frames", "2", "--passphrase-file",
        Fixtures.path("test-passphrase.hex").toString()).assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("generate", out.toString(), "--frames", "2", "--scene-id", "1")
        .assertsOneErrorLine(ExitCode.BAD_KEY);
    Cli.run("generate", tmp.resolve("x.bin").toString()).assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("generate", tmp.resolve("y.asvp").toString(), "--frames", "0").assertsOneErrorLine(ExitCode.USAGE);
    assertThat(out).doesNotExist();
    assertThat(tmp).isEmptyDirectory(); // no half-written or temporary files left behind
  }

  @Test
  void shippedDemoSampleIsWhatGenerateProducesWithTheDocumentedSeed() throws Exception {
    byte[] shipped;
    try (InputStream in = GenerateCommandTest.class.getResourceAsStream(DEMO_RESOURCE)) {
      assertThat(in).as("bundled " + DEMO_RESOURCE).isNotNull();
      shipped = in.readAllBytes();
    }
    List<Polygons> expected = SampleGenerator.generate(SampleGenerator.DEMO_FRAMES, SampleGenerator.DEMO_SEED);
    List<Polygons> actual;
    try (StreamFile f = Fixtures.open(shipped, "demo.asvp", new ReaderOptions())) {
      assertThat(f.index().headerFrameCount()).isEqualTo(600);
      actual = all(f);
    }
    assertThat(actual).isEqualTo(expected);

    // `generate` with its defaults (documented in docs/cli.md) writes the same frames
    Path out = tmp.resolve("demo.asvp");
    Cli.Result r = Cli.run("generate", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(frames(out, new ReaderOptions())).isEqualTo(expected);
    assertThat(shipped.length).isLessThan(600 * 1024); // "a few hundred KB"
  }

  @Test
  void readmeCommandRendersTheBundledSample() throws Exception {
    Path png = tmp.resolve("demo.png");
    Cli.Result r = Cli.run("render", "sample:demo", "--frame", "120", "--size", "1280x640", "--out",
        png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1280);
    assertThat(img.getHeight()).isEqualTo(640);
    Polygons frame120 = SampleGenerator.generate(121, SampleGenerator.DEMO_SEED).get(120);
    assertThat(RenderCommandTest.gray(img)).isEqualTo(expectedMask(frame120, 1280, 640));

    Cli.Result info = Cli.run("info", "sample:demo", "--json");
    assertThat(info.exit()).as(info.err()).isZero();
    assertThat(info.json().getInteger("frames")).isEqualTo(600);
    assertThat(info.json().getDouble("durationSeconds")).isEqualTo(10.0);
  }

  private static int[] expectedMask(Polygons p, int w, int h) {
    byte[] mask = new Rasterizer().rasterize(p, w, h).data();
    int[] px = new int[mask.length];
    for (int i = 0; i < mask.length; i++) {
      px[i] = mask[i] & 0xFF;
    }
    return px;
  }

  private static List<Polygons> frames(Path file, ReaderOptions options) {
    try (StreamFile f = Fixtures.open(file, options)) {
      return all(f);
    }
  }

  private static List<Polygons> all(StreamFile f) {
    Polygons[] out = new Polygons[f.frameCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.frame(i);
    }
    return List.of(out);
  }
}
