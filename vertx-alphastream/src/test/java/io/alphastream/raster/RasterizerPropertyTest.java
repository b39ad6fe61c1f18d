package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.alphastream.format.Polygons;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scan-line {@link Rasterizer} produces exactly the mask of the per-pixel {@link ReferenceRasterizer}
 * (FORMAT.md section 10 transcribed literally) on random frames at random sizes.
 */
class RasterizerPropertyTest {

  private final Rasterizer rasterizer = new Rasterizer(); // reused across cases: scratch reuse is part of the test

  @Test
  void matchesTheReferenceOnRandomFramesAtRandomSizes() {
    Random r = new Random(20240601L);
    for (int i = 0; i < 1500; i++) {
      int w = 1 + r.nextInt(r.nextBoolean() ? 8 : 48);
      int h = 1 + r.nextInt(r.nextBoolean() ? 8 : 48);
      assertMatchesReference("random #" + i, RandomPolygons.frame(r), w, h);
    }
  }

  @Test
  void matchesTheReferenceWhenEdgesRunExactlyThroughPixelCentres() {
    // x multiples of 16 and y multiples of 8 land on centres at these sizes (sa = 1024 (2px+1) = x W).
    int[] widths = {16, 32, 64, 128};
    int[] heights = {8, 16, 32, 64};
    Random r = new Random(7L);
    for (int i = 0; i < 400; i++) {
      int w = widths[r.nextInt(widths.length)];
      int h = heights[r.nextInt(heights.length)];
      assertMatchesReference("snapped #" + i, RandomPolygons.frame(r), w, h);
    }
  }

  @Test
  void matchesTheReferenceAtSizesOfOnePixelAndOddOrNonTwoToOneShapes() {
    int[][] sizes = {{1, 1}, {1, 2}, {2, 1}, {1, 37}, {37, 1}, {3, 3}, {7, 29}, {31, 5}, {65, 33}, {50, 50}};
    Random r = new Random(11L);
    for (int[] size : sizes) {
      for (int i = 0; i < 60; i++) {
        assertMatchesReference("size " + size[0] + "x" + size[1] + " #" + i, RandomPolygons.frame(r), size[0],
            size[1]);
      }
    }
  }

  @Test
  void matchesTheReferenceOnLargerFramesOfManyPointsAtAnOddSize() {
    Random r = new Random(3L);
    for (int i = 0; i < 6; i++) {
      Polygons.Builder b = new Polygons.Builder();
      for (int c = 0; c < 4; c++) { // random walks with format-sized steps: long, concave, self-crossing
        b.beginChannel();
        int x = r.nextInt(2048);
        int y = r.nextInt(1024);
        for (int k = 0; k < 120; k++) {
          b.add(x, y);
          x += r.nextInt(256) - 128;
          y += r.nextInt(256) - 128;
        }
      }
      assertMatchesReference("walk #" + i, b.build(), 133, 71);
    }
  }

  @Test
  void matchesTheReferenceAtLargeSizesWithPointsAtTheEndsOfTheValidRange() {
    // The largest products of section 10.2: W = H = 16384 with coordinates -32768 and 65535 (a 268 MP
    // mask, so the reference is evaluated at 40 000 sampled pixels plus every pixel of its outline).
    Polygons p = new Polygons.Builder().beginChannel()
        .add(-32768, -32768).add(65535, 65535).add(65535, 500).add(-32768, 600).add(1000, -32768)
        .build(); // the first and third edge cross the canvas, the others pass far outside
    int w = 16384;
    int h = 16384;
    byte[] fast = rasterizer.rasterize(p, w, h).data();
    long[] a = new long[p.pointCount(0)];
    long[] b = new long[p.pointCount(0)];
    for (int k = 0; k < a.length; k++) {
      a[k] = (long) p.x(k) * w;
      b[k] = (long) p.y(k) * h;
    }
    Random r = new Random(5L);
    int insideSamples = 0;
    Set<Long> outline = new HashSet<>(); // in-canvas pixels of the plain line procedure, as y * w + x
    for (int k = 0; k < a.length; k++) {
      int j = (k + 1) % a.length;
      ReferenceRasterizer.line(Math.floorDiv(a[k], 2048), Math.floorDiv(b[k], 1024), Math.floorDiv(a[j], 2048),
          Math.floorDiv(b[j], 1024), (x, y) -> {
            if (x >= 0 && x < w && y >= 0 && y < h) {
              outline.add(y * w + x);
            }
          });
    }
    assertThat(outline).hasSizeGreaterThan(16384); // a diagonal and a nearly horizontal line
    for (int i = 0; i < 40_000; i++) {
      int px = r.nextInt(w);
      int py = r.nextInt(h);
      boolean inside = ReferenceRasterizer.insideEvenOdd(a, b, 1024L * (2 * px + 1), 512L * (2 * py + 1));
      insideSamples += inside ? 1 : 0;
      byte expected = inside || outline.contains((long) py * w + px) ? (byte) 255 : 0;
      assertThat(fast[py * w + px]).as("pixel (%d, %d)", px, py).isEqualTo(expected);
    }
    assertThat(insideSamples).as("samples inside the fill").isBetween(1000, 39_000);
    for (long k : outline) { // every outline pixel is set
      if (fast[(int) k] == 0) {
        fail("outline pixel (%d, %d) missing", k % w, k / w);
      }
    }
  }

  private void assertMatchesReference(String what, Polygons p, int w, int h) {
    byte[] expected = ReferenceRasterizer.rasterize(p, w, h);
    byte[] actual = new byte[w * h + 3];
    actual[w * h] = 7; // bytes past w*h must stay untouched
    java.util.Arrays.fill(actual, 0, w * h, (byte) 0x55); // and the mask part is overwritten completely
    rasterizer.rasterize(p, w, h, actual);
    for (int k = 0; k < w * h; k++) {
      if (actual[k] != expected[k]) {
        fail("%s at %dx%d: pixel (%d, %d) is %d, reference %d; frame:%s", what, w, h, k % w, k / w,
            actual[k] & 0xFF, expected[k] & 0xFF, RandomPolygons.describe(p));
      }
    }
    assertThat(actual[w * h]).as("byte after the mask").isEqualTo((byte) 7);
  }
}
