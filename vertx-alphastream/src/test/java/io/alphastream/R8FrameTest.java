package io.alphastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.raster.Mask;
import org.junit.jupiter.api.Test;

/** An R8 frame is the caller's own copy, a value (index, size, pixels), and never has the wrong length. */
class R8FrameTest {

  @Test
  void copyOfOwnsItsPixelsAndIsAValue() {
    Mask mask = new Mask(3, 2, new byte[] {0, (byte) 255, 0, 7, 8, 9});
    R8Frame a = R8Frame.copyOf(4, mask);
    assertThat(a.bytes()).isNotSameAs(mask.data()).isEqualTo(mask.data());
    assertThat(a.stride()).isEqualTo(3);
    assertThat(a).isEqualTo(R8Frame.copyOf(4, mask)).hasSameHashCodeAs(R8Frame.copyOf(4, mask));
    assertThat(a).isNotEqualTo(R8Frame.copyOf(5, mask));

    a.bytes()[1] = 1; // the caller may write to its copy; the mask is unaffected
    assertThat(mask.get(1, 0)).isEqualTo(255);
    assertThat(a).isNotEqualTo(R8Frame.copyOf(4, mask));
    assertThat(a).hasToString("R8Frame[index=4, 3x2]");
  }

  @Test
  void theLengthMustMatchTheSize() {
    assertThatThrownBy(() -> new R8Frame(0, 3, 2, new byte[5])).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("3x2, 5 bytes");
    assertThatThrownBy(() -> new R8Frame(0, 3, 2, null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new R8Frame(-1, 3, 2, new byte[6])).isInstanceOf(InvalidArgumentException.class);
  }
}
