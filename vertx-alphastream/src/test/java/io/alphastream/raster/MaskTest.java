package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** The R8 layout of FORMAT.md section 11 and the size bounds of section 10.1. */
class MaskTest {

  @Test
  void pixelXYIsByteYTimesWidthPlusX() {
    byte[] data = new byte[3 * 2];
    data[1 * 3 + 2] = (byte) 255;
    Mask m = new Mask(3, 2, data);
    assertThat(m.get(2, 1)).isEqualTo(255);
    assertThat(m.get(1, 1)).isZero();
    assertThat(m.stride()).isEqualTo(3);
    assertThat(m.data()).isSameAs(data);
  }

  @Test
  void opaqueCountCountsBytesOf255Only() {
    Mask m = new Mask(4, 1, new byte[] {0, (byte) 255, (byte) 254, (byte) 255});
    assertThat(m.opaqueCount()).isEqualTo(2);
  }

  @Test
  void opaqueCountMatchesAByteByByteCountForAnyBytesAndLength() {
    // every byte value next to 255 in every lane of a word, and every tail length 0..15
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int length = 1; length <= 80; length++) {
      for (int round = 0; round < 50; round++) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
          int pick = random.nextInt(4);
          data[i] = (byte) (pick == 0 ? 255 : pick == 1 ? random.nextInt(256) : pick == 2 ? 0x7F : 0xFE);
        }
        long expected = 0;
        for (byte b : data) {
          expected += b == (byte) 255 ? 1 : 0;
        }
        assertThat(new Mask(length, 1, data).opaqueCount()).as("length %d", length).isEqualTo(expected);
      }
    }
    byte[] all = new byte[16384];
    java.util.Arrays.fill(all, (byte) 255);
    assertThat(new Mask(16384, 1, all).opaqueCount()).isEqualTo(16384);
  }

  @Test
  void allocateGivesATransparentMask() {
    Mask m = Mask.allocate(16384, 1);
    assertThat(m.data()).hasSize(16384);
    assertThat(m.opaqueCount()).isZero();
  }

  @Test
  void rejectsBadSizesDataLengthsAndPixels() {
    assertThatThrownBy(() -> Mask.allocate(0, 1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Mask.allocate(1, 16385)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new Mask(2, 2, new byte[3])).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("4 bytes");
    assertThatThrownBy(() -> new Mask(2, 2, new byte[5])).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new Mask(2, 2, null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Mask.allocate(2, 2).get(2, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Mask.allocate(2, 2).get(0, -1)).isInstanceOf(InvalidArgumentException.class);
  }
}
