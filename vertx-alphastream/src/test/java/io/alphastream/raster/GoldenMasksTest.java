package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden mask of the fixtures (manifest.json "golden": file, source, frame, width, height, opaque,
 * r8_sha256) is reproduced byte for byte from the frame decoded by {@link StreamFile}: the SHA-256 of
 * the R8 buffer, the count of opaque pixels, and the pixels of the golden PNG all agree.
 */
class GoldenMasksTest {

  private static final Map<String, StreamFile> STREAMS = new HashMap<>();
  private final Rasterizer rasterizer = new Rasterizer();

  @BeforeAll
  static void openStreams() {
    for (String name : new String[] {"small.asvp", "edge-cases.asvp"}) {
      STREAMS.put(name, Fixtures.open(Fixtures.path(name), name, new ReaderOptions()));
    }
  }

  @AfterAll
  static void closeStreams() {
    STREAMS.values().forEach(StreamFile::close);
  }

  static Stream<Arguments> golden() {
    JsonObject manifest = new JsonObject(Fixtures.manifestJson());
    return manifest.getJsonArray("golden").stream()
        .map(JsonObject.class::cast)
        .map(g -> Arguments.of(g.getString("file"), g));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void rasterizesTheGoldenMaskExactly(String file, JsonObject golden) {
    Polygons frame = STREAMS.get(golden.getString("source")).frame(golden.getInteger("frame"));
    int w = golden.getInteger("width");
    int h = golden.getInteger("height");

    Mask mask = rasterizer.rasterize(frame, w, h);

    assertThat(sha256(mask.data())).as("R8 SHA-256").isEqualTo(golden.getString("r8_sha256"));
    assertThat(mask.opaqueCount()).as("opaque pixels").isEqualTo(golden.getLong("opaque"));
    Mask png = MaskPng.decode(Fixtures.bytes(file));
    assertThat(png.width()).isEqualTo(w);
    assertThat(png.height()).isEqualTo(h);
    assertThat(png.data()).as("pixels of " + file).isEqualTo(mask.data());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void goldenPngDecodesToTheManifestHash(String file, JsonObject golden) {
    Mask png = MaskPng.decode(Fixtures.bytes(file));
    assertThat(sha256(png.data())).isEqualTo(golden.getString("r8_sha256"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void reusedBufferGivesTheSameMask(String file, JsonObject golden) {
    // Scratch and output reuse: draw an unrelated frame first, then the golden one into the same buffer.
    int w = golden.getInteger("width");
    int h = golden.getInteger("height");
    byte[] out = new byte[w * h];
    rasterizer.rasterize(STREAMS.get("edge-cases.asvp").frame(6), w, h, out); // all 255
    rasterizer.rasterize(STREAMS.get(golden.getString("source")).frame(golden.getInteger("frame")), w, h, out);
    assertThat(sha256(out)).isEqualTo(golden.getString("r8_sha256"));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
