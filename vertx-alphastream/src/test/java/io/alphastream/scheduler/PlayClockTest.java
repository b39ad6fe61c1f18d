package io.alphastream.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The play position against a fake clock: frame n is at n / rate seconds after the anchor. */
class PlayClockTest {
  private final AtomicLong now = new AtomicLong(1_000);

  private void advanceMs(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  @Test
  void advancesAtTheRateFromTheAnchor() {
    PlayClock clock = new PlayClock(now::get, 240, 60);
    assertThat(clock.position()).isZero();
    advanceMs(1000);
    assertThat(clock.position()).isEqualTo(60);
    clock.seek(100);
    assertThat(clock.position()).isEqualTo(100);
    advanceMs(16);  // 0.96 frame: still frame 100
    assertThat(clock.position()).isEqualTo(100);
    advanceMs(1);   // 1.02 frames
    assertThat(clock.position()).isEqualTo(101);
  }

  @Test
  void changingTheRateKeepsThePosition() {
    PlayClock clock = new PlayClock(now::get, 1000, 60);
    advanceMs(500);
    clock.setRate(30);
    assertThat(clock.position()).isEqualTo(30);
    advanceMs(1000);
    assertThat(clock.position()).isEqualTo(60);
    clock.setRate(0);
    advanceMs(10_000);
    assertThat(clock.position()).as("paused").isEqualTo(60);
  }

  @Test
  void stopsAtTheLastFrame() {
    PlayClock clock = new PlayClock(now::get, 240, 60);
    advanceMs(60_000);
    assertThat(clock.position()).isEqualTo(239);
  }

  @Test
  void fractionalRates() {
    PlayClock clock = new PlayClock(now::get, 100_000, 29.97);
    advanceMs(100_000); // 2997 frames
    assertThat(clock.position()).isEqualTo(2997);
  }
}
