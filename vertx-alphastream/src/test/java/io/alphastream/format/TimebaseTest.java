package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** FORMAT.md section 7: frame n at n/60 s; time to frame is floor(t_us * 60 / 1e6) in integers. */
class TimebaseTest {

  @Test
  void framesPerSecondIs60() {
    assertThat(Timebase.FPS).isEqualTo(60);
  }

  @Test
  void timeToFrameFloors() {
    assertThat(Timebase.frameAtMicros(0)).isZero();
    assertThat(Timebase.frameAtMicros(16_666)).isZero(); // 0.99996 frames
    assertThat(Timebase.frameAtMicros(16_667)).isEqualTo(1);
    assertThat(Timebase.frameAtMicros(1_000_000)).isEqualTo(60);
    assertThat(Timebase.frameAtMicros(3_983_333)).isEqualTo(238); // frame 239 starts at 3.98333.. s
    assertThat(Timebase.frameAtMicros(3_983_334)).isEqualTo(239);
    // 16 375 frames last 4 min 32.9 s (FORMAT.md appendix B)
    assertThat(Timebase.frameAtMicros(272_916_667)).isEqualTo(16_375);
  }

  @Test
  void largeTimesDoNotOverflow() {
    long t = Long.MAX_VALUE;
    // floor(t * 60 / 1e6) computed with BigInteger as the independent truth
    long expected = java.math.BigInteger.valueOf(t).multiply(java.math.BigInteger.valueOf(60))
        .divide(java.math.BigInteger.valueOf(1_000_000)).longValueExact();
    assertThat(Timebase.frameAtMicros(t)).isEqualTo(expected);
  }

  @Test
  void frameToTimeIsTheFirstMicrosecondShowingIt() {
    assertThat(Timebase.microsOfFrame(0)).isZero();
    assertThat(Timebase.microsOfFrame(1)).isEqualTo(16_667);
    assertThat(Timebase.microsOfFrame(3)).isEqualTo(50_000);
    assertThat(Timebase.microsOfFrame(239)).isEqualTo(3_983_334);
    assertThat(Timebase.microsOfFrame(240)).isEqualTo(4_000_000);
    for (long n = 0; n < 5000; n++) {
      long t = Timebase.microsOfFrame(n);
      assertThat(Timebase.frameAtMicros(t)).isEqualTo(n);
      if (t > 0) {
        assertThat(Timebase.frameAtMicros(t - 1)).isEqualTo(n - 1);
      }
    }
  }

  @Test
  void secondsOfFrame() {
    assertThat(Timebase.secondsOfFrame(240)).isEqualTo(4.0);
    assertThat(Timebase.secondsOfFrame(239)).isCloseTo(3.983, org.assertj.core.data.Offset.offset(0.001));
    assertThat(Timebase.secondsOfFrame(16_375)).isCloseTo(272.9, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void negativeArgumentsAreRejected() {
    assertThatThrownBy(() -> Timebase.frameAtMicros(-1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Timebase.microsOfFrame(-1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Timebase.secondsOfFrame(-1)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Timebase.microsOfFrame(Long.MAX_VALUE)).isInstanceOf(InvalidArgumentException.class);
  }
}
