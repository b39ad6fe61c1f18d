package io.alphastream.raster;

import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The clipped outline drawing visits exactly the in-canvas pixels of the unclipped line procedure of
 * FORMAT.md 10.1, wherever the end points are: inside, just outside, or hundreds of thousands of pixels
 * away (the largest end points V20 allows at 16384 pixels are about -262 000 and +524 000).
 */
class LineClipTest {

  @Test
  void clippedLinesEqualThePlainProcedureNearTheCanvas() {
    Random r = new Random(1L);
    for (int i = 0; i < 20_000; i++) {
      int w = 1 + r.nextInt(40);
      int h = 1 + r.nextInt(40);
      int margin = 1 + r.nextInt(60);
      check(w, h, -margin + r.nextInt(w + 2 * margin), -margin + r.nextInt(h + 2 * margin),
          -margin + r.nextInt(w + 2 * margin), -margin + r.nextInt(h + 2 * margin));
    }
  }

  @Test
  void clippedLinesEqualThePlainProcedureFarOutsideTheCanvas() {
    Random r = new Random(2L);
    for (int i = 0; i < 300; i++) {
      int w = 1 + r.nextInt(64);
      int h = 1 + r.nextInt(64);
      check(w, h, far(r), far(r), far(r), far(r));
    }
    for (int i = 0; i < 300; i++) { // one end inside, one far away
      int w = 1 + r.nextInt(64);
      int h = 1 + r.nextInt(64);
      check(w, h, r.nextInt(w), r.nextInt(h), far(r), far(r));
      check(w, h, far(r), far(r), r.nextInt(w), r.nextInt(h));
    }
    for (int i = 0; i < 300; i++) { // nearly axis-parallel long lines grazing the canvas
      int w = 1 + r.nextInt(64);
      int h = 1 + r.nextInt(64);
      int y = -2 + r.nextInt(h + 4);
      check(w, h, far(r), y, far(r), y + r.nextInt(5) - 2);
      int x = -2 + r.nextInt(w + 4);
      check(w, h, x, far(r), x + r.nextInt(5) - 2, far(r));
    }
  }

  @Test
  void specialDirectionsAndSinglePoints() {
    int w = 9;
    int h = 7;
    for (int x0 = -3; x0 <= w + 2; x0++) {
      for (int y0 = -3; y0 <= h + 2; y0++) {
        for (int d = -12; d <= 12; d++) {
          check(w, h, x0, y0, x0 + d, y0); // horizontal
          check(w, h, x0, y0, x0, y0 + d); // vertical
          check(w, h, x0, y0, x0 + d, y0 + d); // diagonals
          check(w, h, x0, y0, x0 + d, y0 - d);
          check(w, h, x0, y0, x0 + 2 * d, y0 + d); // ties of the error term
          check(w, h, x0, y0, x0 + d, y0 + 2 * d);
        }
      }
    }
  }

  private static int far(Random r) {
    return -270_000 + r.nextInt(800_000);
  }

  private static void check(int w, int h, int x0, int y0, int x1, int y1) {
    byte[] expected = new byte[w * h];
    byte[] actual = new byte[w * h];
    ReferenceRasterizer.line(expected, w, h, x0, y0, x1, y1);
    Rasterizer.drawLine(actual, w, h, x0, y0, x1, y1);
    for (int k = 0; k < w * h; k++) {
      if (actual[k] != expected[k]) {
        fail("line (%d,%d)->(%d,%d) on %dx%d: pixel (%d,%d) is %d, procedure gives %d", x0, y0, x1, y1, w, h,
            k % w, k / w, actual[k] & 0xFF, expected[k] & 0xFF);
      }
    }
  }
}
