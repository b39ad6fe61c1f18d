package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.FormatException;
import io.alphastream.format.FramePayloads;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamWriter;
import io.alphastream.sample.SampleGenerator;
import io.alphastream.source.StreamFile;
import io.alphastream.transport.RangeSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Writes the vectors the js-client checks its decoder and rasterizer against (js-client/test/
 * raster-crosscheck.test.js in Node, js-client/e2e/raster.e2e.test.js in Chromium): random frames with a
 * fixed seed, written through our writer into {@code target/js-crosscheck/crosscheck.asvp}, and in
 * {@code crosscheck.json} what the Java reader and {@link Rasterizer} make of each block: the rule it
 * breaks, or the SHA-256 and opaque count of its masks at several sizes. Besides valid frames (random
 * polygons of every shape class of {@link RandomPolygons}, long self-crossing walks, combs with many
 * crossings per row, demo-like frames, extreme coordinates, large frames of thousands of points) it holds blocks broken on purpose (payload
 * and zlib mutations) so the client's rule ids are compared too.
 *
 * <p>test.sh runs the Maven build before the js-client tests, so the file is there when they need it; the
 * js tests fail when it is missing.
 */
class JsCrossCheckVectorsTest {

  static final Path DIR = Path.of("target", "js-crosscheck");
  private static final long SEED = 20261207L;
  private static final int VALID_FRAMES = 1200;
  private static final int BROKEN_FRAMES = 400;
  private static final int[][] FIXED_SIZES = {
      {1920, 960}, {2048, 1024}, {640, 320}, {333, 177}, {1, 1}, {1, 37}, {37, 1}, {16384, 2}, {3, 16384},
      {16384, 1}, {1, 16384}, {1280, 640}, {1023, 511}};
  /** Sizes big enough in both directions that the crossing products pass 2^53 (the client's BigInt path). */
  private static final int[][] LARGE_SIZES = {{16384, 512}, {4096, 2048}, {8192, 1024}, {512, 16384}};

  private final Rasterizer rasterizer = new Rasterizer();

  @Test
  void writesRandomFramesBrokenBlocksAndTheJavaMasksForTheJsClient() throws Exception {
    Random r = new Random(SEED);
    List<byte[]> blocks = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < VALID_FRAMES; i++) {
      String[] kind = new String[1];
      Polygons p = validFrame(r, i, kind);
      blocks.add(FramePayloads.block(FramePayloads.encode(p)));
      kinds.add(kind[0]);
    }
    for (int i = 0; i < BROKEN_FRAMES; i++) {
      String[] kind = new String[1];
      blocks.add(brokenBlock(r, blocks.get(r.nextInt(VALID_FRAMES)), kind));
      kinds.add(kind[0]);
    }

    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (StreamWriter w = StreamWriter.asvp(file)) {
      for (byte[] b : blocks) {
        w.addBlock(b);
      }
      w.finish();
    }
    byte[] bytes = file.toByteArray();

    JsonArray frames = new JsonArray();
    int valid = 0;
    int broken = 0;
    try (StreamFile stream = StreamFile.open(RangeSource.memory(Buffer.buffer(bytes), "crosscheck.asvp"), new ReaderOptions())) {
      for (int i = 0; i < blocks.size(); i++) {
        JsonObject f = new JsonObject().put("frame", i).put("kind", kinds.get(i));
        Polygons p;
        try {
          p = stream.frame(i);
        } catch (FormatException e) {
          assertThat(e.frame()).isEqualTo(i);
          frames.add(f.put("rule", e.rule()).put("message", e.getMessage()));
          broken++;
          continue;
        }
        valid++;
        JsonArray masks = new JsonArray();
        for (int[] size : sizesFor(r, i, kinds.get(i))) {
          masks.add(mask(p, size[0], size[1]));
        }
        frames.add(f.put("channels", p.channelCount()).put("points", p.totalPoints()).put("masks", masks));
      }
    }
    assertThat(valid).isGreaterThanOrEqualTo(VALID_FRAMES); // some mutations leave a valid frame
    assertThat(broken).isGreaterThan(BROKEN_FRAMES / 2);

    Files.createDirectories(DIR);
    Files.write(DIR.resolve("crosscheck.asvp"), bytes);
    JsonObject json = new JsonObject().put("seed", SEED).put("file", "crosscheck.asvp")
        .put("frames", frames);
    Files.writeString(DIR.resolve("crosscheck.json"), json.encode());
    assertThat(Files.size(DIR.resolve("crosscheck.asvp"))).isEqualTo(bytes.length);
  }

  private JsonObject mask(Polygons p, int w, int h) throws Exception {
    Mask m = rasterizer.rasterize(p, w, h);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.data()));
    return new JsonObject().put("width", w).put("height", h).put("opaque", m.opaqueCount()).put("sha256", sha);
  }

  /** Two or three sizes per frame: one of the fixed list (cycled), a random small and a random medium one. */
  private static List<int[]> sizesFor(Random r, int frame, String kind) {
    List<int[]> sizes = new ArrayList<>();
    if ((kind.equals("extreme") || kind.equals("far")) && (frame / 10) % 4 == 0) { // 8 MiB masks: a few suffice
      sizes.add(LARGE_SIZES[frame % LARGE_SIZES.length]);
    }
    sizes.add(FIXED_SIZES[frame % FIXED_SIZES.length]);
    sizes.add(new int[] {1 + r.nextInt(64), 1 + r.nextInt(64)});
    sizes.add(new int[] {1 + r.nextInt(700), 1 + r.nextInt(400)});
    return sizes;
  }

  private static Polygons validFrame(Random r, int i, String[] kind) {
    switch (i % 10) {
      case 0, 1, 2, 3 -> {
        kind[0] = "random";
        return storable(r, RandomPolygons.frame(r));
      }
      case 4, 5 -> {
        if (i % 40 == 5) { // blocks of 10-60 KB: the client feeds its inflater in several pieces
          kind[0] = "large";
          return large(r);
        }
        kind[0] = "walk";
        return walks(r);
      }
      case 6 -> {
        kind[0] = "comb";
        return comb(r);
      }
      case 7 -> {
        kind[0] = "demo";
        return SampleGenerator.animation(r.nextLong()).apply(r.nextInt(600));
      }
      case 8 -> {
        kind[0] = "extreme";
        return extreme(r);
      }
      default -> {
        kind[0] = "far";
        Polygons.Builder b = new Polygons.Builder();
        for (int c = 0, n = 1 + r.nextInt(3); c < n; c++) {
          b.beginChannel().add(r.nextInt(65536), r.nextInt(65536));
          for (int k = 0, m = 2 + r.nextInt(8); k < m; k++) {
            b.add(RandomPolygons.MIN + r.nextInt(RandomPolygons.MAX - RandomPolygons.MIN + 1),
                RandomPolygons.MIN + r.nextInt(RandomPolygons.MAX - RandomPolygons.MIN + 1));
          }
        }
        return b.build();
      }
    }
  }

  /**
   * What the format can store: channels of at least one point whose first point lies in [0, 65535] (a u16);
   * an empty channel is dropped, a channel starting below 0 gets an in-canvas start point.
   */
  private static Polygons storable(Random r, Polygons p) {
    Polygons.Builder b = new Polygons.Builder();
    for (int c = 0; c < p.channelCount(); c++) {
      int n = p.pointCount(c);
      if (n == 0) {
        continue;
      }
      b.beginChannel();
      int s = p.start(c);
      if (p.x(s) < 0 || p.y(s) < 0) {
        b.add(r.nextInt(2048), r.nextInt(1024));
      }
      for (int k = 0; k < n; k++) {
        b.add(p.x(s + k), p.y(s + k));
      }
    }
    return b.build();
  }

  /** Long random walks with format-sized steps: concave, self-crossing, leaving the canvas. */
  private static Polygons walks(Random r) {
    Polygons.Builder b = new Polygons.Builder();
    for (int c = 0, n = 1 + r.nextInt(4); c < n; c++) {
      b.beginChannel();
      int x = r.nextInt(2048);
      int y = r.nextInt(1024);
      for (int k = 0, m = 3 + r.nextInt(300); k < m; k++) {
        b.add(x, y);
        x += r.nextInt(255) - 127;
        y += r.nextInt(255) - 127;
      }
    }
    return b.build();
  }

  /** Many long walks with random steps: thousands of points that compress poorly. */
  private static Polygons large(Random r) {
    Polygons.Builder b = new Polygons.Builder();
    for (int c = 0, n = 4 + r.nextInt(12); c < n; c++) {
      b.beginChannel();
      int x = r.nextInt(2048);
      int y = r.nextInt(1024);
      for (int k = 0, m = 500 + r.nextInt(2500); k < m; k++) {
        b.add(x, y);
        x = Math.max(-2000, Math.min(4000, x + r.nextInt(255) - 127));
        y = Math.max(-1000, Math.min(2000, y + r.nextInt(255) - 127));
      }
    }
    return b.build();
  }

  /** A zig-zag comb: many edges cross each row (past the insertion-sort limit of 48). */
  private static Polygons comb(Random r) {
    Polygons.Builder b = new Polygons.Builder().beginChannel();
    int teeth = 20 + r.nextInt(80);
    int top = r.nextInt(400);
    int bottom = top + 100 + r.nextInt(500);
    int x = r.nextInt(200);
    int step = 1 + r.nextInt(40);
    for (int t = 0; t < teeth; t++) {
      b.add(x, top + r.nextInt(20));
      x += step;
      b.add(x, bottom - r.nextInt(20));
      x += step;
    }
    b.add(x, bottom + 50);
    return b.build();
  }

  /** Points at the ends of the V20 range: the largest products of FORMAT.md 10.2. */
  private static Polygons extreme(Random r) {
    int[] xs = {RandomPolygons.MIN, RandomPolygons.MAX, 0, 2047, 1024};
    int[] ys = {RandomPolygons.MIN, RandomPolygons.MAX, 0, 1023, 512};
    Polygons.Builder b = new Polygons.Builder();
    for (int c = 0, n = 1 + r.nextInt(3); c < n; c++) {
      b.beginChannel().add(r.nextInt(2) * 65535, r.nextInt(2) * 65535);
      for (int k = 0, m = 2 + r.nextInt(5); k < m; k++) {
        b.add(xs[r.nextInt(xs.length)], ys[r.nextInt(ys.length)]);
      }
    }
    return b.build();
  }

  /** A block broken at the payload level (re-deflated, so V15-V20) or at the zlib level (V12-V14). */
  private static byte[] brokenBlock(Random r, byte[] validBlock, String[] kind) throws Exception {
    byte[] payload = inflate(validBlock);
    switch (r.nextInt(12)) {
      case 0 -> {
        kind[0] = "payload-byte-flips";
        for (int k = 0, n = 1 + r.nextInt(3); k < n && payload.length > 0; k++) {
          int at = r.nextInt(Math.min(payload.length, 4 + 4 * Math.max(1, channelCount(payload)) + 8));
          payload[at] ^= (byte) (1 + r.nextInt(255));
        }
        return FramePayloads.block(payload);
      }
      case 1 -> {
        kind[0] = "payload-truncated";
        return FramePayloads.block(Arrays.copyOf(payload, r.nextInt(payload.length + 1)));
      }
      case 2 -> {
        kind[0] = "payload-extended";
        byte[] longer = Arrays.copyOf(payload, payload.length + 1 + r.nextInt(9));
        return FramePayloads.block(longer);
      }
      case 3 -> {
        kind[0] = "channel-count";
        long[] counts = {0xFFFFFFFFL, 0x40000000L, channelCount(payload) + 1L, r.nextInt(1 << 20)};
        putU32(payload, 0, counts[r.nextInt(counts.length)]);
        return FramePayloads.block(payload);
      }
      case 4 -> {
        kind[0] = "channel-size";
        int c = channelCount(payload);
        if (c > 0) {
          // A record made too short or odd; half the time the next one takes up the difference, so the
          // sizes still add up (V18, V19) instead of failing V17.
          int k = r.nextInt(c);
          long size = u32(payload, 4 + 4 * k);
          long[] sizes = {0, 2, 3, 5, size + 1, size - 1, size + 2};
          long changed = sizes[r.nextInt(sizes.length)];
          putU32(payload, 4 + 4 * k, changed);
          if (k + 1 < c && r.nextBoolean()) {
            putU32(payload, 4 + 4 * (k + 1), u32(payload, 4 + 4 * (k + 1)) + size - changed);
          }
        }
        return FramePayloads.block(payload);
      }
      case 5 -> {
        kind[0] = "coordinates";
        // One channel walking out of [-32768, 65535] (or right up to its edge) with maximal steps.
        int steps = 1 + r.nextInt(300);
        boolean up = r.nextBoolean();
        int start = up ? 65535 - 127 * r.nextInt(steps + 1) : r.nextInt(128);
        byte[] p = new byte[4 + 4 + 4 + 2 * steps + (up ? 0 : 2 * 258)];
        int records = p.length - 8;
        putU32(p, 0, 1);
        putU32(p, 4, records);
        p[8] = (byte) start;
        p[9] = (byte) (start >>> 8);
        p[10] = (byte) r.nextInt(256);
        p[11] = (byte) r.nextInt(4);
        for (int q = 12; q < p.length; q += 2) {
          p[q] = (byte) (up ? 127 : -128);
          p[q + 1] = (byte) (r.nextInt(256) - 128);
        }
        return FramePayloads.block(p);
      }
      case 6 -> {
        kind[0] = "zlib-byte-flip";
        byte[] b = validBlock.clone();
        int at = 4 + r.nextInt(b.length - 4);
        b[at] ^= (byte) (1 + r.nextInt(255));
        return b;
      }
      case 7 -> {
        kind[0] = "zlib-truncated";
        return Arrays.copyOf(validBlock, 4 + r.nextInt(validBlock.length - 4));
      }
      case 8 -> {
        kind[0] = "zlib-trailing";
        byte[] b = Arrays.copyOf(validBlock, validBlock.length + 1 + r.nextInt(8));
        for (int q = validBlock.length; q < b.length; q++) {
          b[q] = (byte) r.nextInt(256);
        }
        return b;
      }
      case 9 -> {
        kind[0] = "declared";
        byte[] b = validBlock.clone();
        long d = u32(b, 0);
        long[] declared = {0, d - 1, d + 1, 16L << 20, (16L << 20) + 1, 0x80000000L, 0xFFFFFFFFL,
            1032L * (b.length - 4), 1032L * (b.length - 4) + 1};
        putU32(b, 0, declared[r.nextInt(declared.length)]);
        return b;
      }
      case 10 -> {
        kind[0] = "garbage";
        byte[] b = new byte[4 + r.nextInt(200)];
        r.nextBytes(b);
        putU32(b, 0, r.nextInt(4096));
        return b;
      }
      default -> {
        kind[0] = "trailing-adler";
        // Trailing bytes equal to the stream's own Adler-32: the block still ends with the right checksum.
        byte[] b = Arrays.copyOf(validBlock, validBlock.length + 4);
        System.arraycopy(validBlock, validBlock.length - 4, b, validBlock.length, 4);
        return b;
      }
    }
  }

  private static byte[] inflate(byte[] block) throws Exception {
    java.util.zip.Inflater inf = new java.util.zip.Inflater();
    try {
      inf.setInput(block, 4, block.length - 4);
      byte[] out = new byte[(int) u32(block, 0)];
      int n = inf.inflate(out);
      assertThat(n).isEqualTo(out.length);
      return out;
    } finally {
      inf.end();
    }
  }

  private static int channelCount(byte[] payload) {
    return payload.length < 4 ? 0 : (int) Math.min(u32(payload, 0), 1 << 20);
  }

  private static long u32(byte[] b, int i) {
    return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
  }

  private static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }
}
