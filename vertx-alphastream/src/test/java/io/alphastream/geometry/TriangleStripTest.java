package io.alphastream.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.raster.ReferenceFill;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The triangles of {@link TriangleStrip} cover exactly the canonical even-odd fill (FORMAT.md 10.1
 * step 4) of every channel: each pixel centre inside the fill lies in exactly one triangle of that
 * channel, and no centre outside lies in any. The canonical outline (step 5) is not part of the
 * triangles. The oracle is the library's test oracle (FORMAT.md 10.2 verbatim, through
 * {@link ReferenceFill}); frames come from the fixtures through the library's reader.
 */
class TriangleStripTest {

  @Test
  void theOracleReproducesTheGoldenMasks() throws Exception {
    // The oracle checks each pixel against every edge: the 2048x1024 goldens would take too long here.
    List<Polygons> small = frames("small.asvp");
    List<Polygons> edge = frames("edge-cases.asvp");
    int checked = 0;
    for (JsonObject g : goldens()) {
      if (g.getInteger("width") >= 2048) {
        continue;
      }
      List<Polygons> frames = g.getString("source").startsWith("small") ? small : edge;
      byte[] mask = ReferenceFill.mask(frames.get(g.getInteger("frame")), g.getInteger("width"),
          g.getInteger("height"));
      assertThat(sha256(mask)).as(g.getString("file")).isEqualTo(g.getString("r8_sha256"));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(8);
  }

  @Test
  void trianglesTileTheFillOfEveryGoldenFrame() {
    List<Polygons> small = frames("small.asvp");
    List<Polygons> edge = frames("edge-cases.asvp");
    for (JsonObject g : goldens()) {
      int w = g.getInteger("width");
      if (w == 2048 && g.getString("source").startsWith("small")) {
        continue; // same frames at 640x320 and 333x177 keep the exact-arithmetic test fast
      }
      List<Polygons> frames = g.getString("source").startsWith("small") ? small : edge;
      Polygons p = frames.get(g.getInteger("frame"));
      assertExactTiling(p, w, g.getInteger("height"), g.getString("file"));
    }
  }

  @Test
  void trianglesTileTheFillOfManySmallFixtureFrames() {
    List<Polygons> small = frames("small.asvp");
    for (int f = 0; f < small.size(); f += 7) {
      assertExactTiling(small.get(f), 320, 160, "small frame " + f);
    }
  }

  @Test
  void randomSelfIntersectingPolygonsAtNativeSize() {
    // Small coordinates at 2048x1024 put pixel centres exactly on many edges (odd steps),
    // which is where an inexact triangulation would show.
    Random rnd = new Random(4242);
    for (int iter = 0; iter < 300; iter++) {
      Polygons p = randomFrame(rnd, 48);
      assertExactTiling(p, 2048, 1024, "random native #" + iter);
    }
  }

  @Test
  void randomPolygonsWithRepeatsCollinearRunsAndRetracedEdges() {
    Random rnd = new Random(7);
    for (int iter = 0; iter < 300; iter++) {
      Polygons.Builder b = new Polygons.Builder().beginChannel();
      int n = 3 + rnd.nextInt(25);
      int x = rnd.nextInt(40);
      int y = rnd.nextInt(40);
      for (int i = 0; i < n; i++) {
        switch (rnd.nextInt(5)) {
          case 0 -> { } // repeated point
          case 1 -> x += rnd.nextInt(3) - 1; // short step, often collinear with the previous one
          case 2 -> { // retrace: go back to an earlier point
            if (i > 1) {
              b.add(x, y);
              x = rnd.nextInt(40);
              y = rnd.nextInt(40);
            }
          }
          default -> {
            x = rnd.nextInt(40);
            y = rnd.nextInt(40);
          }
        }
        b.add(x, y);
      }
      Polygons p = b.build();
      assertExactTiling(p, 256, 128, "degenerate #" + iter);
      assertExactTiling(p, 2048, 1024, "degenerate native #" + iter);
    }
  }

  @Test
  void holeLeftByARetracedBridgeIsNotFilled() {
    // Outer square, a bridge to an inner square, the inner square, back over the bridge:
    // the bridge cancels (even-odd) and the inner square is a hole.
    Polygons p = new Polygons.Builder().beginChannel()
        .add(0, 0).add(40, 0).add(40, 40).add(0, 40).add(0, 0)
        .add(10, 10).add(10, 30).add(30, 30).add(30, 10).add(10, 10)
        .build();
    assertExactTiling(p, 2048, 1024, "bridge hole");
    byte[] fill = ReferenceFill.fill(p, 0, 2048, 1024);
    assertThat(fill[20 * 2048 + 20]).as("inside the hole").isZero();
    assertThat(fill[5 * 2048 + 5]).as("between the squares").isEqualTo((byte) 1);
  }

  @Test
  void floatOutputIsExactWhenNoCrossingPointsAreNeeded() {
    List<Polygons> edge = frames("edge-cases.asvp");
    int exactChannels = 0;
    for (Polygons p : edge) {
      for (int c = 0; c < p.channelCount(); c++) {
        Polygons one = single(p, c);
        if (!TriangleStrip.mesh(one, 0).integerVertices()) {
          continue;
        }
        exactChannels++;
        for (int[] size : new int[][] {{640, 320}, {333, 177}}) {
          TriangleRaster r = new TriangleRaster(size[0], size[1]);
          float[] v = TriangleStrip.vertices(one);
          for (int t = 0; t < v.length; t += 6) {
            r.add(new TriangleRaster.Q[] {TriangleRaster.Q.of(v[t]), TriangleRaster.Q.of(v[t + 2]), TriangleRaster.Q.of(v[t + 4])},
                new TriangleRaster.Q[] {TriangleRaster.Q.of(v[t + 1]), TriangleRaster.Q.of(v[t + 3]), TriangleRaster.Q.of(v[t + 5])});
          }
          byte[] fill = ReferenceFill.fill(one, 0, size[0], size[1]);
          for (int i = 0; i < fill.length; i++) {
            assertThat(r.count[i]).as("pixel %d", i).isEqualTo(fill[i]);
          }
        }
      }
    }
    assertThat(exactChannels).isGreaterThan(5);
  }

  /**
   * What the float output guarantees for self-crossing channels (docs/cabi.md, Triangles): rasterizing the
   * float triangles with the canonical pixel-centre rule differs from the canonical fill only at pixel centres
   * that lie exactly on an edge of the channel's polygon, where a crossing point rounded to float moves a
   * triangle edge through the centre. Checked on every {@code STEP}-th frame of small.asvp (same polygons as
   * small.asvr) at native size, where centres (x+0.5, y+0.5) fall on edges most often; with
   * {@code -Dalphastream.geometry.allFrames=true} every frame (the numbers in docs/cabi.md).
   */
  @Test
  void floatOutputDiffersFromTheFillOnlyAtPixelCentresOnAnEdge() {
    int step = Boolean.getBoolean("alphastream.geometry.allFrames") ? 1 : 16;
    List<Polygons> small = frames("small.asvp");
    int differing = 0;
    int offEdge = 0;
    int framesWithDifferences = 0;
    int crossingChannels = 0;
    int checkedFrames = 0;
    for (int f = 0; f < small.size(); f += step) {
      checkedFrames++;
      Polygons p = small.get(f);
      int before = differing;
      for (int c = 0; c < p.channelCount(); c++) {
        Polygons one = single(p, c);
        if (TriangleStrip.mesh(one, 0).integerVertices()) {
          continue; // exact from the floats (floatOutputIsExactWhenNoCrossingPointsAreNeeded)
        }
        crossingChannels++;
        TriangleRaster r = new TriangleRaster(2048, 1024);
        float[] v = TriangleStrip.vertices(one);
        for (int t = 0; t < v.length; t += 6) {
          r.add(new TriangleRaster.Q[] {TriangleRaster.Q.of(v[t]), TriangleRaster.Q.of(v[t + 2]), TriangleRaster.Q.of(v[t + 4])},
              new TriangleRaster.Q[] {TriangleRaster.Q.of(v[t + 1]), TriangleRaster.Q.of(v[t + 3]), TriangleRaster.Q.of(v[t + 5])});
        }
        byte[] fill = ReferenceFill.fill(one, 0, 2048, 1024);
        for (int i = 0; i < fill.length; i++) {
          if (r.count[i] != fill[i]) {
            differing++;
            if (!centreOnAnEdge(one, i % 2048, i / 2048)) {
              offEdge++;
            }
          }
        }
      }
      if (differing > before) {
        framesWithDifferences++;
      }
    }
    System.out.printf("float triangles vs canonical fill, small.asvp at 2048x1024, %d frames, %d self-crossing "
        + "channels: %d pixels differ, in %d frames, %d of them off every edge%n", checkedFrames, crossingChannels,
        differing, framesWithDifferences, offEdge);
    assertThat(crossingChannels).as("the fixture has self-crossing channels").isPositive();
    assertThat(offEdge).as("differing pixel centres not on an edge").isZero();
  }

  /** Whether the centre of native pixel (px, py) lies exactly on an edge of channel 0 of {@code p}. */
  private static boolean centreOnAnEdge(Polygons p, int px, int py) {
    long cx = 2L * px + 1; // doubled coordinates: the centre is (px + 0.5, py + 0.5)
    long cy = 2L * py + 1;
    int n = p.pointCount(0);
    for (int i = 0; i < n; i++) {
      long x0 = 2L * p.x(i);
      long y0 = 2L * p.y(i);
      long x1 = 2L * p.x((i + 1) % n);
      long y1 = 2L * p.y((i + 1) % n);
      boolean collinear = (x1 - x0) * (cy - y0) - (y1 - y0) * (cx - x0) == 0;
      if (collinear && cx >= Math.min(x0, x1) && cx <= Math.max(x0, x1) && cy >= Math.min(y0, y1)
          && cy <= Math.max(y0, y1)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void floatLayoutIsSixFloatsPerTriangleInNativeCoordinates() {
    Polygons square = new Polygons.Builder().beginChannel()
        .add(100, 100).add(300, 100).add(300, 200).add(100, 200).build();
    float[] v = TriangleStrip.vertices(square);
    assertThat(v).hasSize(12);
    double area = 0;
    for (int t = 0; t < v.length; t += 6) {
      double a = ((v[t + 2] - v[t]) * (double) (v[t + 5] - v[t + 1]) - (v[t + 3] - v[t + 1]) * (double) (v[t + 4] - v[t])) / 2;
      assertThat(a).as("counter-clockwise, x right / y up").isPositive();
      area += a;
    }
    assertThat(area).isEqualTo(200.0 * 100.0);
    for (float f : v) {
      assertThat(f).isIn(100f, 200f, 300f);
    }
  }

  @Test
  void channelsWithFewerThanThreePointsGiveNoTriangles() {
    Polygons p = new Polygons.Builder().beginChannel().add(5, 5).beginChannel().add(1, 1).add(90, 90).build();
    assertThat(TriangleStrip.vertices(p)).isEmpty();
  }

  // --- helpers ---

  /** Every frame of a plain fixture, through the library's reader. */
  private static List<Polygons> frames(String name) {
    try (StreamFile f = Fixtures.open(Fixtures.path(name), new ReaderOptions())) {
      List<Polygons> out = new ArrayList<>(f.frameCount());
      for (int i = 0; i < f.frameCount(); i++) {
        out.add(f.frame(i));
      }
      return out;
    }
  }

  /** Manifest golden entries: file, source, frame, width, height, r8_sha256. */
  static List<JsonObject> goldens() {
    JsonArray a = new JsonObject(Fixtures.manifestJson()).getJsonArray("golden");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(a.getJsonObject(i));
    }
    return out;
  }

  private static Polygons randomFrame(Random rnd, int box) {
    Polygons.Builder b = new Polygons.Builder();
    int channels = 1 + rnd.nextInt(3);
    for (int c = 0; c < channels; c++) {
      b.beginChannel();
      int n = 3 + rnd.nextInt(12);
      int ox = rnd.nextInt(box);
      int oy = rnd.nextInt(box);
      for (int i = 0; i < n; i++) {
        b.add(ox + rnd.nextInt(box) - box / 2, oy + rnd.nextInt(box) - box / 2);
      }
    }
    return b.build();
  }

  private static Polygons single(Polygons p, int c) {
    Polygons.Builder b = new Polygons.Builder().beginChannel();
    for (int i = 0; i < p.pointCount(c); i++) {
      b.add(p.x(p.start(c) + i), p.y(p.start(c) + i));
    }
    return b.build();
  }

  /** Per channel: every pixel centre is covered by exactly as many triangles as the fill says (0 or 1). */
  static void assertExactTiling(Polygons p, int w, int h, String what) {
    for (int c = 0; c < p.channelCount(); c++) {
      EvenOddTriangulator.Mesh m = TriangleStrip.mesh(p, c);
      TriangleRaster r = new TriangleRaster(w, h);
      int[] t = m.triangles;
      for (int k = 0; k < t.length; k += 3) {
        TriangleRaster.Q[] xs = new TriangleRaster.Q[3];
        TriangleRaster.Q[] ys = new TriangleRaster.Q[3];
        for (int j = 0; j < 3; j++) {
          xs[j] = TriangleRaster.Q.of(m.x[t[k + j]], m.d[t[k + j]]);
          ys[j] = TriangleRaster.Q.of(m.y[t[k + j]], m.d[t[k + j]]);
        }
        r.add(xs, ys);
      }
      byte[] fill = ReferenceFill.fill(p, c, w, h);
      int wrong = 0;
      int first = -1;
      for (int i = 0; i < fill.length; i++) {
        if (r.count[i] != fill[i]) {
          wrong++;
          if (first < 0) {
            first = i;
          }
        }
      }
      assertThat(wrong).as("%s channel %d at %dx%d: pixels whose triangle count differs from the fill "
          + "(first at x=%d y=%d)", what, c, w, h, first % w, first / w).isZero();
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

}
