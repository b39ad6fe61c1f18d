package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.ErrorCode;
import io.alphastream.InvalidArgumentException;
import io.alphastream.format.Polygons;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonical rule of FORMAT.md section 10 on hand-computed cases. At 2048 x 1024 the scale is 1, so a
 * native point (x, y) is the pixel corner (x, y) and each expectation can be worked out on paper.
 */
class RasterizerTest {

  private final Rasterizer rasterizer = new Rasterizer();

  /** The square with corners (10, 10) and (20, 20) as one channel, optionally traversed twice. */
  private static Polygons.Builder square(Polygons.Builder b, int laps) {
    b.beginChannel();
    for (int lap = 0; lap < laps; lap++) {
      b.add(10, 10).add(20, 10).add(20, 20).add(10, 20);
    }
    return b;
  }

  private static boolean inBox(int x, int y, int x0, int y0, int x1, int y1) {
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
  }

  @Test
  void squareCoversItsFillAndItsOutline() {
    // Fill: centres (px + 1/2, py + 1/2) inside [10, 20) x [10, 20) -> pixels 10..19 on both axes.
    // Outline: the four edges between end pixels (10,10), (20,10), (20,20), (10,20) add column and row 20.
    Mask mask = rasterizer.rasterize(square(new Polygons.Builder(), 1).build(), 2048, 1024);
    assertThat(mask.opaqueCount()).isEqualTo(11 * 11);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 30; x++) {
        assertThat(mask.get(x, y)).as("(%d, %d)", x, y).isEqualTo(inBox(x, y, 10, 10, 20, 20) ? 255 : 0);
      }
    }
  }

  @Test
  void selfOverlapCutsEvenOddHolesButTheOutlineStays() {
    // The same square twice in one channel: every centre is crossed twice, so the fill cancels; the
    // outline (the 40 border pixels of the 11 x 11 box) remains.
    Mask mask = rasterizer.rasterize(square(new Polygons.Builder(), 2).build(), 2048, 1024);
    assertThat(mask.opaqueCount()).isEqualTo(11 * 11 - 9 * 9);
    assertThat(mask.get(15, 15)).isZero();
    assertThat(mask.get(10, 15)).isEqualTo(255);
    assertThat(mask.get(20, 20)).isEqualTo(255);
  }

  @Test
  void overlappingChannelsUniteInsteadOfCuttingHoles() {
    Polygons twoChannels = square(square(new Polygons.Builder(), 1), 1).build();
    Mask mask = rasterizer.rasterize(twoChannels, 2048, 1024);
    assertThat(mask.opaqueCount()).isEqualTo(11 * 11);
    assertThat(mask.get(15, 15)).isEqualTo(255);
  }

  @Test
  void channelsOfFewerThanThreePointsDrawNothingNotEvenAnOutline() {
    Polygons specks = new Polygons.Builder()
        .beginChannel().add(100, 100)
        .beginChannel().add(200, 200).add(400, 300)
        .beginChannel() // empty channel
        .build();
    for (int[] size : new int[][] {{2048, 1024}, {640, 320}, {333, 177}, {1, 1}}) {
      assertThat(rasterizer.rasterize(specks, size[0], size[1]).opaqueCount()).isZero();
    }
  }

  @Test
  void threeEqualPointsDrawOnlyTheirPixel() {
    // No edge counts for the fill (all horizontal), the outline is the single end pixel (5, 7).
    Mask mask = rasterizer.rasterize(new Polygons.Builder().beginChannel().add(5, 7).add(5, 7).add(5, 7).build(),
        2048, 1024);
    assertThat(mask.opaqueCount()).isEqualTo(1);
    assertThat(mask.get(5, 7)).isEqualTo(255);
  }

  @Test
  void aRectangleOverTheWholeCanvasCoversEveryPixelAtEverySize() {
    Polygons canvas = new Polygons.Builder().beginChannel().add(0, 0).add(2048, 0).add(2048, 1024).add(0, 1024)
        .build();
    for (int[] size : new int[][] {{1, 1}, {7, 3}, {333, 177}, {16384, 1}, {1, 16384}, {1920, 960}}) {
      Mask mask = rasterizer.rasterize(canvas, size[0], size[1]);
      assertThat(mask.opaqueCount()).as("%dx%d", size[0], size[1]).isEqualTo((long) size[0] * size[1]);
    }
  }

  @Test
  void pointsOutsideTheCanvasAreClippedNotWrapped() {
    // A rectangle from (-1000, -1000) to (1000, 500) covers the top-left block (0..1000) x (0..500):
    // the fill reaches column 999 / row 499 and the outline adds column 1000 and row 500.
    Polygons p = new Polygons.Builder().beginChannel().add(-1000, -1000).add(1000, -1000).add(1000, 500)
        .add(-1000, 500).build();
    Mask mask = rasterizer.rasterize(p, 2048, 1024);
    assertThat(mask.opaqueCount()).isEqualTo(1001L * 501);
    assertThat(mask.get(1000, 500)).isEqualTo(255);
    assertThat(mask.get(1001, 0)).isZero();
    assertThat(mask.get(2047, 1023)).isZero();
  }

  @Test
  void channelOrderDoesNotMatter() {
    Random r = new Random(9L);
    for (int i = 0; i < 200; i++) {
      Polygons p = RandomPolygons.frame(r);
      List<Integer> order = new ArrayList<>();
      for (int c = 0; c < p.channelCount(); c++) {
        order.add(c);
      }
      Collections.shuffle(order, r);
      Polygons.Builder b = new Polygons.Builder();
      for (int c : order) {
        b.beginChannel();
        for (int k = 0; k < p.pointCount(c); k++) {
          b.add(p.x(p.start(c) + k), p.y(p.start(c) + k));
        }
      }
      int w = 1 + r.nextInt(64);
      int h = 1 + r.nextInt(64);
      assertThat(rasterizer.rasterize(b.build(), w, h).data()).isEqualTo(rasterizer.rasterize(p, w, h).data());
    }
  }

  @Test
  void manyEdgesActiveInOneRowStillMatchTheReference() {
    // A comb of 150 teeth: 300 edges cross every row of the band, past the insertion-sort limit.
    Polygons.Builder b = new Polygons.Builder().beginChannel();
    for (int t = 0; t < 150; t++) {
      b.add(10 + 13 * t, 100).add(16 + 13 * t, 900);
    }
    b.add(2000, 1000).add(5, 1000);
    Polygons comb = b.build();
    assertThat(rasterizer.rasterize(comb, 300, 90).data()).isEqualTo(ReferenceRasterizer.rasterize(comb, 300, 90));
  }

  @Test
  void aHugeChannelThenOrdinaryFramesStillMatchTheReference() {
    // 70 000 points: more than the scratch the rasterizer keeps between calls, so it grows and is dropped.
    Random r = new Random(12L);
    Polygons.Builder b = new Polygons.Builder().beginChannel();
    int x = 1024;
    int y = 512;
    for (int k = 0; k < 70_000; k++) {
      b.add(x, y);
      x = Math.max(-500, Math.min(2500, x + r.nextInt(255) - 127));
      y = Math.max(-500, Math.min(1500, y + r.nextInt(255) - 127));
    }
    Polygons huge = b.build();
    assertThat(rasterizer.rasterize(huge, 24, 12).data()).isEqualTo(ReferenceRasterizer.rasterize(huge, 24, 12));
    for (int i = 0; i < 20; i++) {
      Polygons p = RandomPolygons.frame(r);
      assertThat(rasterizer.rasterize(p, 40, 20).data()).isEqualTo(ReferenceRasterizer.rasterize(p, 40, 20));
    }
  }

  @Test
  void rejectsSizesOutsideOneTo16384() {
    Polygons p = Polygons.EMPTY;
    for (int bad : new int[] {0, -1, 16385, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> rasterizer.rasterize(p, bad, 10)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("width").hasMessageContaining(String.valueOf(bad));
      assertThatThrownBy(() -> rasterizer.rasterize(p, 10, bad)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("height");
      assertThatThrownBy(() -> rasterizer.rasterize(p, bad, 10, new byte[100]))
          .isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void rejectsAnOutputBufferSmallerThanTheMask() {
    assertThatThrownBy(() -> rasterizer.rasterize(Polygons.EMPTY, 10, 10, new byte[99]))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("99").hasMessageContaining("10x10")
        .satisfies(e -> assertThat(((InvalidArgumentException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void rejectsNullArguments() {
    assertThatThrownBy(() -> rasterizer.rasterize(null, 10, 10)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> rasterizer.rasterize(Polygons.EMPTY, 10, 10, null))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void overwritesExactlyWidthTimesHeightBytes() {
    byte[] out = new byte[10 * 10 + 5];
    java.util.Arrays.fill(out, (byte) 0x7F);
    rasterizer.rasterize(Polygons.EMPTY, 10, 10, out);
    for (int k = 0; k < 100; k++) {
      assertThat(out[k]).isZero();
    }
    for (int k = 100; k < out.length; k++) {
      assertThat(out[k]).isEqualTo((byte) 0x7F);
    }
  }
}
