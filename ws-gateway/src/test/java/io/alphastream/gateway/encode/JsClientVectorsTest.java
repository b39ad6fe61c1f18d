package io.alphastream.gateway.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.FrameIndex;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamReader;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The js-client's decoder tests run against frame messages produced by this encoder, committed under
 * {@code js-client/test/vectors/}. This test rebuilds them and fails when the committed files differ, so
 * the two sides cannot drift. Regenerate with {@code -Dvectors.write=true}.
 */
class JsClientVectorsTest {
  private static final Path DIR = Paths.get("..", "js-client", "test", "vectors");

  /** Golden masks of the shared fixtures: source, frame, width, height. */
  private static final String[][] GOLDEN = {{"small.asvp", "119", "333", "177"}, {"small.asvp", "0", "640", "320"},
      {"edge-cases.asvp", "0", "333", "177"}, {"edge-cases.asvp", "6", "333", "177"},
      {"edge-cases.asvp", "5", "640", "320"}};

  /** name → (width, height, frame, R8 mask). */
  private static Map<String, Object[]> masks() throws Exception {
    Map<String, Object[]> m = new LinkedHashMap<>();
    for (String[] g : GOLDEN) {
      Golden.Entry e = Golden.entry(g[0], Integer.parseInt(g[1]), Integer.parseInt(g[2]), Integer.parseInt(g[3]));
      String name = (g[0].startsWith("small") ? "small" : "edge") + "_f" + g[1] + "_" + g[2] + "x" + g[3];
      m.put(name, new Object[] {e.width(), e.height(), e.frame(), e.r8()});
    }
    m.put("one_opaque_1x1", new Object[] {1, 1, 0, new byte[] {(byte) 255}});
    m.put("one_clear_1x1", new Object[] {1, 1, 1, new byte[] {0}});
    byte[] longRuns = new byte[300 * 200]; // runs of 20000 and 40000: three-byte varints
    Arrays.fill(longRuns, 20000, longRuns.length, (byte) 255);
    m.put("long_runs_300x200", new Object[] {300, 200, 4_000_000, longRuns});
    byte[] checker = new byte[17 * 9];
    for (int i = 0; i < checker.length; i++) {
      checker[i] = (byte) ((i % 2 == 0) ? 255 : 0);
    }
    m.put("alternating_17x9", new Object[] {17, 9, 65535, checker});
    Random rnd = new Random(6);
    byte[] noise = new byte[64 * 48];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = rnd.nextInt(3) == 0 ? (byte) 255 : 0;
    }
    m.put("noise_64x48", new Object[] {64, 48, 7, noise});
    return m;
  }

  private static Map<String, byte[]> files() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    JsonArray index = new JsonArray();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, Object[]> e : masks().entrySet()) {
      int w = (int) e.getValue()[0];
      int h = (int) e.getValue()[1];
      int frame = (int) e.getValue()[2];
      byte[] mask = (byte[]) e.getValue()[3];
      long opaque = 0;
      for (byte b : mask) {
        opaque += b == 0 ? 0 : 1;
      }
      for (Encoding enc : new Encoding[] {Encoding.R8, Encoding.RLE}) {
        if (enc == Encoding.R8 && mask.length > 100_000) {
          continue; // keeps the committed files small; r8 is a plain copy, covered by the smaller masks
        }
        String file = e.getKey() + "." + enc.wireName() + ".bin";
        byte[] msg = FrameEncoder.encodeBytes(enc, frame, mask, w, h);
        files.put(file, msg);
        index.add(new JsonObject().put("file", file).put("encoding", enc.wireName()).put("frame", frame)
            .put("width", w).put("height", h).put("payloadLength", msg.length - FrameHeader.LENGTH)
            .put("opaque", opaque).put("maskSha256", HexFormat.of().formatHex(sha.digest(mask))));
      }
    }
    // poly: the fixture's stored frame block behind the header; the mask is the golden one at the header's size
    for (String[] g : GOLDEN) {
      int frame = Integer.parseInt(g[1]);
      int w = Integer.parseInt(g[2]);
      int h = Integer.parseInt(g[3]);
      Golden.Entry e = Golden.entry(g[0], frame, w, h);
      String file = (g[0].startsWith("small") ? "small" : "edge") + "_f" + frame + "_" + w + "x" + h + ".poly.bin";
      byte[] msg = FrameEncoder.poly(frame, w, h, Buffer.buffer(storedBlock(g[0], frame))).getBytes();
      files.put(file, msg);
      index.add(new JsonObject().put("file", file).put("encoding", "poly").put("frame", frame)
          .put("width", w).put("height", h).put("payloadLength", msg.length - FrameHeader.LENGTH)
          .put("opaque", e.opaque()).put("maskSha256", e.sha256()));
    }
    files.put("vectors.json", (index.encodePrettily() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return files;
  }

  @Test
  void committedVectorsEqualWhatTheEncoderProduces() throws Exception {
    Map<String, byte[]> files = files();
    if (Boolean.getBoolean("vectors.write")) {
      Files.createDirectories(DIR);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Files.write(DIR.resolve(f.getKey()), f.getValue());
      }
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = DIR.resolve(f.getKey());
      assertThat(p).as("committed vector (regenerate with -Dvectors.write=true)").exists();
      assertThat(readAll(p)).as(f.getKey()).isEqualTo(f.getValue());
    }
    try (var listing = Files.list(DIR)) {
      assertThat(listing.map(p -> p.getFileName().toString())).as("no stale vectors")
          .containsExactlyInAnyOrderElementsOf(files.keySet());
    }
  }

  /** Block {@code frame} of a plain fixture, as the file stores it (located through its own sizes table). */
  static byte[] storedBlock(String fixture, int frame) {
    byte[] file = Fixtures.bytes(fixture);
    StreamReader r = StreamReader.create(fixture, new ReaderOptions());
    FrameIndex idx = r.readIndex(r.readHeader(file, file.length), file, file.length);
    int from = (int) idx.offset(frame);
    return Arrays.copyOfRange(file, from, from + idx.length(frame));
  }

  private static byte[] readAll(Path p) throws IOException {
    return Files.readAllBytes(p);
  }
}
