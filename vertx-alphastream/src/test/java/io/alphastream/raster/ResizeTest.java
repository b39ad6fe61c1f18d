package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Centre-aligned nearest neighbour of FORMAT.md section 12:
 * {@code src_x = floor((2x + 1) in_w / (2 out_w))}, {@code src_y = floor((2y + 1) in_h / (2 out_h))}.
 * The expected pixels below were worked out from that formula by hand; the masks hold distinct byte values
 * so every output pixel names the source pixel it came from.
 */
class ResizeTest {

  /** A mask whose pixel (x, y) holds 10 y + x. */
  private static Mask numbered(int w, int h) {
    byte[] data = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        data[y * w + x] = (byte) (10 * y + x);
      }
    }
    return new Mask(w, h, data);
  }

  private static int[] pixels(Mask m) {
    int[] out = new int[m.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = m.data()[i] & 0xFF;
    }
    return out;
  }

  @Test
  void equalSizesGiveAnEqualCopy() {
    Mask in = numbered(7, 5);
    Mask out = Resize.resize(in, 7, 5);
    assertThat(out.data()).isEqualTo(in.data()).isNotSameAs(in.data());
  }

  @Test
  void halvingPicksTheSecondPixelOfEachPair() {
    // 4x2 -> 2x1: src_x = floor((2x+1) 4 / 4) = 1, 3; src_y = floor(1 * 2 / 2) = 1.
    assertThat(pixels(Resize.resize(numbered(4, 2), 2, 1))).containsExactly(11, 13);
  }

  @Test
  void threeToTwoPicksTheCorners() {
    // 3x3 -> 2x2: floor((2x+1) 3 / 4) = floor(0.75), floor(2.25) = 0, 2 on both axes.
    assertThat(pixels(Resize.resize(numbered(3, 3), 2, 2))).containsExactly(0, 2, 20, 22);
  }

  @Test
  void upscalingUsesCentresNotCorners() {
    // 2x1 -> 5x1: floor((2x+1) 2 / 10) = floor(0.2, 0.6, 1.0, 1.4, 1.8) = 0, 0, 1, 1, 1.
    // (The corner-aligned floor(x 2 / 5) would give 0, 0, 0, 1, 1.)
    assertThat(pixels(Resize.resize(numbered(2, 1), 5, 1))).containsExactly(0, 0, 1, 1, 1);
    // 1x2 -> 1x3: floor((2y+1) 2 / 6) = floor(1/3, 1, 5/3) = 0, 1, 1 -> values 0, 10, 10.
    assertThat(pixels(Resize.resize(numbered(1, 2), 1, 3))).containsExactly(0, 10, 10);
  }

  @Test
  void nonUniformScalesOnEachAxis() {
    // 5x3 -> 2x4: x: floor((2x+1) 5 / 4) = floor(1.25, 3.75) = 1, 3;
    //             y: floor((2y+1) 3 / 8) = floor(0.375, 1.125, 1.875, 2.625) = 0, 1, 1, 2.
    assertThat(pixels(Resize.resize(numbered(5, 3), 2, 4))).containsExactly(1, 3, 11, 13, 11, 13, 21, 23);
  }

  @Test
  void toOnePixelTakesTheCentre() {
    // floor(1 * 9 / 2) = 4, floor(1 * 5 / 2) = 2.
    assertThat(pixels(Resize.resize(numbered(9, 5), 1, 1))).containsExactly(24);
  }

  @Test
  void integerUpscalingReplicatesAndDownscalingBackRestores() {
    Random r = new Random(4L);
    for (int i = 0; i < 50; i++) {
      int w = 1 + r.nextInt(30);
      int h = 1 + r.nextInt(30);
      int k = 1 + r.nextInt(5);
      byte[] data = new byte[w * h];
      r.nextBytes(data);
      Mask in = new Mask(w, h, data);
      Mask up = Resize.resize(in, w * k, h * k);
      for (int y = 0; y < h * k; y++) {
        for (int x = 0; x < w * k; x++) {
          assertThat(up.get(x, y)).isEqualTo(in.get(x / k, y / k)); // each source pixel becomes a k x k block
        }
      }
      assertThat(Resize.resize(up, w, h).data()).isEqualTo(data);
    }
  }

  @Test
  void acceptsTheExtremeSizes() {
    Mask wide = Resize.resize(numbered(4, 2), 16384, 1);
    assertThat(wide.width()).isEqualTo(16384);
    assertThat(wide.get(0, 0)).isEqualTo(10); // src_y = floor(1 * 2 / 2) = 1
    assertThat(wide.get(16383, 0)).isEqualTo(13);
    Mask tall = Resize.resize(numbered(1, 1), 1, 16384);
    assertThat(tall.opaqueCount()).isZero();
    assertThat(tall.height()).isEqualTo(16384);
  }

  @Test
  void rejectsSizesOutsideOneTo16384AndNull() {
    Mask in = numbered(2, 2);
    for (int bad : new int[] {0, -5, 16385}) {
      assertThatThrownBy(() -> Resize.resize(in, bad, 2)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("width");
      assertThatThrownBy(() -> Resize.resize(in, 2, bad)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("height");
    }
    assertThatThrownBy(() -> Resize.resize(null, 2, 2)).isInstanceOf(InvalidArgumentException.class);
  }
}
