package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic: reservations that fit, recorded bytes, the caches' share and the pressure. */
class MemoryBudgetTest {

  @Test
  void reservationsFitUnderTheLimitCountingTheCaches() {
    AtomicLong caches = new AtomicLong(300);
    MemoryBudget b = new MemoryBudget(1000, caches::get);
    assertThat(b.used()).isZero(); // caches are read on refresh only
    b.refreshCaches();
    assertThat(b.used()).isEqualTo(300);
    assertThat(b.tryReserve(700)).isTrue();
    assertThat(b.tryReserve(1)).isFalse();
    assertThat(b.admits(0)).isTrue();
    assertThat(b.admits(1)).isFalse();
    assertThat(b.takePressure()).isEqualTo(1);
    assertThat(b.takePressure()).isZero();
    b.release(700);
    b.add(900); // bytes that exist already are recorded even over the limit
    assertThat(b.used()).isEqualTo(1200);
    assertThat(b.held()).isEqualTo(900);
    assertThat(b.tryReserve(5)).isFalse();
    assertThat(b.tryReserve(3)).isFalse();
    assertThat(b.takePressure()).as("the largest refused").isEqualTo(5);
    b.release(900);
    caches.set(0);
    b.refreshCaches();
    assertThat(b.used()).isZero();
    assertThat(b.tryReserve(1000)).isTrue();
  }

  @Test
  void onlyNeededBytesThatDoNotFitRecordPressure() {
    MemoryBudget b = new MemoryBudget(100, () -> 0);
    assertThat(b.tryReserve(101, false)).isFalse();
    assertThat(b.takePressure()).as("an optional reservation").isZero();
    b.pressure(40);
    assertThat(b.tryReserve(101, true)).isFalse();
    assertThat(b.takePressure()).isEqualTo(101);
    assertThat(b.held()).isZero();
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> new MemoryBudget(0, () -> 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
