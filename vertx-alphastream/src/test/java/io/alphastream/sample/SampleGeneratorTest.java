package io.alphastream.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.format.Polygons;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample animation: deterministic, realistic in shape and size, slowly changing. */
class SampleGeneratorTest {

  private static final int FRAMES = 240;
  private static List<Polygons> frames;

  @BeforeAll
  static void generate() {
    frames = SampleGenerator.generate(FRAMES, SampleGenerator.DEMO_SEED);
  }

  @Test
  void sameSeedGivesTheSameFrames() {
    assertThat(SampleGenerator.generate(FRAMES, SampleGenerator.DEMO_SEED)).isEqualTo(frames);
  }

  @Test
  void aShorterRunIsAPrefixOfALongerOne() {
    assertThat(SampleGenerator.generate(30, SampleGenerator.DEMO_SEED)).isEqualTo(frames.subList(0, 30));
  }

  @Test
  void theAnimationFunctionGivesTheSameFramesInAnyOrder() {
    IntFunction<Polygons> animation = SampleGenerator.animation(SampleGenerator.DEMO_SEED);
    for (int f = FRAMES - 1; f >= 0; f -= 7) { // backwards: no frame depends on the one before
      assertThat(animation.apply(f)).as("frame %d", f).isEqualTo(frames.get(f));
    }
    assertThatThrownBy(() -> animation.apply(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void differentSeedsGiveDifferentFrames() {
    List<Polygons> other = SampleGenerator.generate(FRAMES, 7L);
    for (int f = 0; f < FRAMES; f++) {
      assertThat(other.get(f)).as("frame %d", f).isNotEqualTo(frames.get(f));
    }
  }

  @Test
  void zeroFramesIsEmptyAndNegativeIsRejected() {
    assertThat(SampleGenerator.generate(0, 1L)).isEmpty();
    assertThatThrownBy(() -> SampleGenerator.generate(-1, 1L))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void everyFrameHasTenToFourteenChannelsAndAboutFifteenHundredToTwoThousandPoints() {
    for (long seed : new long[] {SampleGenerator.DEMO_SEED, 1L, 2L, 3L}) {
      for (Polygons p : SampleGenerator.generate(FRAMES, seed)) {
        assertThat(p.channelCount()).isBetween(10, 14);
        assertThat(p.totalPoints()).isBetween(1_200, 2_000);
      }
    }
    double mean = frames.stream().mapToInt(Polygons::totalPoints).average().orElseThrow();
    assertThat(mean).isBetween(1_500.0, 2_000.0);
  }

  @Test
  void everyStepFitsASignedByteSoEncodingNeverSplits() {
    for (Polygons p : frames) {
      for (int c = 0; c < p.channelCount(); c++) {
        int s = p.start(c);
        for (int i = 1; i < p.pointCount(c); i++) {
          assertThat(p.x(s + i) - p.x(s + i - 1)).isBetween(-128, 127);
          assertThat(p.y(s + i) - p.y(s + i - 1)).isBetween(-128, 127);
        }
      }
    }
  }

  @Test
  void theLastTwoChannelsAreOneSilhouettePerEyeInsideItsEye() {
    boolean leftClipped = false;
    for (Polygons p : frames) {
      int left = p.channelCount() - 2;
      int right = p.channelCount() - 1;
      assertThat(p.pointCount(left)).isGreaterThan(500);
      assertThat(p.pointCount(right)).isGreaterThan(500);
      int[] lb = bounds(p, left);
      int[] rb = bounds(p, right);
      // FORMAT.md section 7: left eye x 0..1023, right eye x 1024..2047; y of the real frame 338..936
      assertThat(lb[0]).isBetween(300, 1023);
      assertThat(lb[1]).isBetween(600, 1023);
      assertThat(rb[0]).isBetween(1024 + 300, 2047);
      assertThat(rb[1]).isBetween(1024 + 600, 2047);
      assertThat(lb[2]).isBetween(250, 450);
      assertThat(lb[3]).isBetween(850, 1023);
      // the right eye sees the same person a little to the left (small disparity)
      assertThat((rb[0] - 1024) - lb[0]).isBetween(-64, -8);
      leftClipped |= lb[1] == 1023;
    }
    assertThat(leftClipped).as("some frames clip the left silhouette at x = 1023").isTrue();
  }

  @Test
  void specksHaveOneToSevenPointsAndSomeDrawNothing() {
    int under3 = 0;
    for (Polygons p : frames) {
      for (int c = 0; c < p.channelCount() - 2; c++) {
        assertThat(p.pointCount(c)).isBetween(1, 7);
        int[] b = bounds(p, c);
        boolean leftEye = b[1] <= 1023;
        assertThat(leftEye || b[0] >= 1024).as("speck stays inside one eye").isTrue();
        assertThat(b[2]).isGreaterThanOrEqualTo(0);
        assertThat(b[3]).isLessThanOrEqualTo(1023);
        if (p.pointCount(c) < 3) {
          under3++;
        }
      }
    }
    assertThat(under3).isPositive();
  }

  @Test
  void consecutiveFramesDifferSlightly() {
    for (int f = 1; f < FRAMES; f++) {
      Polygons a = frames.get(f - 1);
      Polygons b = frames.get(f);
      assertThat(b).isNotEqualTo(a);
      int[] ba = bounds(a, a.channelCount() - 2);
      int[] bb = bounds(b, b.channelCount() - 2);
      for (int k = 0; k < 4; k++) {
        assertThat(Math.abs(bb[k] - ba[k])).as("frame %d bound %d", f, k).isLessThanOrEqualTo(12);
      }
    }
  }

  /** {minX, maxX, minY, maxY} of one channel. */
  private static int[] bounds(Polygons p, int channel) {
    int[] b = {Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE};
    for (int i = p.start(channel); i < p.start(channel) + p.pointCount(channel); i++) {
      b[0] = Math.min(b[0], p.x(i));
      b[1] = Math.max(b[1], p.x(i));
      b[2] = Math.min(b[2], p.y(i));
      b[3] = Math.max(b[3], p.y(i));
    }
    return b;
  }
}
