package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.FormatException;
import io.alphastream.FrameNotReadyException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failure memory of a reader, on a hand-driven clock: delays, probes, frames, CHANGED, neutral outcomes. */
class LoadBackoffTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final LoadBackoff backoff = new LoadBackoff(100, 800, now::get);

  private void advanceMs(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  private static TransportException serverError() {
    return new TransportException(Kind.SERVER_ERROR, true, "http://origin/a.asvp: status 503", null);
  }

  @Test
  void delaysDoubleUpToTheCap() {
    assertThat(backoff.delayNanos(1)).isEqualTo(100_000_000L);
    assertThat(backoff.delayNanos(2)).isEqualTo(200_000_000L);
    assertThat(backoff.delayNanos(3)).isEqualTo(400_000_000L);
    assertThat(backoff.delayNanos(4)).isEqualTo(800_000_000L);
    assertThat(backoff.delayNanos(5)).isEqualTo(800_000_000L);
    assertThat(backoff.delayNanos(1_000)).isEqualTo(800_000_000L);
    assertThatThrownBy(() -> new LoadBackoff(0, 10, now::get)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LoadBackoff(10, 5, now::get)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailingSourceRefusesEveryFrameUntilOneProbeIsDue() {
    LoadBackoff.Admission first = backoff.admit(0);
    LoadBackoff.Admission inFlight = backoff.admit(1); // started before the source was known to fail
    LoadBackoff.Admission lateSuccess = backoff.admit(2);
    assertThat(first.allowed()).isTrue();
    assertThat(first.probe()).isFalse();
    backoff.readFinished(first, serverError());
    backoff.readFinished(inFlight, serverError()); // does not lengthen the delay
    backoff.readFinished(lateSuccess, null); // nor does a read that was in flight end it
    assertThat(backoff.sourceFailing()).isTrue();
    for (int f = 0; f < 50; f++) {
      assertThat(backoff.admit(f).refusal()).as("frame %d", f).isInstanceOf(TransportException.class);
      assertThat(backoff.peek(f)).isInstanceOf(TransportException.class);
    }
    advanceMs(99);
    assertThat(backoff.admit(7).allowed()).isFalse();
    advanceMs(1); // 100 ms: exactly one probe
    assertThat(backoff.peek(7)).isNull();
    LoadBackoff.Admission probe = backoff.admit(7);
    assertThat(probe.allowed()).isTrue();
    assertThat(probe.probe()).isTrue();
    assertThat(backoff.peek(8)).as("one probe at a time").isNotNull();
    assertThat(backoff.admit(8).allowed()).as("one probe at a time").isFalse();
    backoff.readFinished(probe, serverError());
    advanceMs(199);
    assertThat(backoff.admit(8).allowed()).as("second delay is 200 ms").isFalse();
    advanceMs(1);
    probe = backoff.admit(8);
    assertThat(probe.probe()).isTrue();
    backoff.readFinished(probe, null); // the source answers again
    assertThat(backoff.sourceFailing()).isFalse();
    for (int f = 0; f < 10; f++) {
      LoadBackoff.Admission a = backoff.admit(f);
      assertThat(a.allowed()).isTrue();
      assertThat(a.probe()).isFalse();
    }
    assertThat(backoff.refused()).isEqualTo(50 + 1 + 1 + 1);
  }

  @Test
  void theNumberOfProbesOverAnOutageFollowsTheSchedule() {
    // an outage of 10 s, a load asked for every millisecond: probes at 0, 100, 300, 700, 1500, 2300, ...
    int attempts = 0;
    for (int ms = 0; ms < 10_000; ms++) {
      LoadBackoff.Admission a = backoff.admit(ms % 240);
      if (a.allowed()) {
        attempts++;
        backoff.readFinished(a, serverError());
      }
      advanceMs(1);
    }
    // 1 + 4 (100+200+400+800 = 1500 ms) + (10000 - 1500) / 800
    assertThat(attempts).isEqualTo(1 + 4 + (10_000 - 1_500) / 800);
  }

  @Test
  void aChangedResourceIsFinal() {
    LoadBackoff.Admission a = backoff.admit(3);
    TransportException changed = new TransportException(Kind.CHANGED, "http://origin/a.asvp: the resource changed", null);
    backoff.readFinished(a, changed);
    advanceMs(3_600_000);
    for (int f = 0; f < 20; f++) {
      assertThat(backoff.admit(f).refusal()).isSameAs(changed);
      assertThat(backoff.peek(f)).isSameAs(changed);
    }
    assertThat(backoff.changed()).isSameAs(changed);
  }

  @Test
  void aFrameThatFailsToDecodeIsRememberedAloneWithItsOwnDelay() {
    backoff.readFinished(backoff.admit(5), null);
    FormatException bad = new FormatException("V14", "a.asvp", 5, "bad zlib stream");
    backoff.decodeFinished(5, bad);
    assertThat(backoff.sourceFailing()).isFalse();
    assertThat(backoff.admit(5).refusal()).isSameAs(bad);
    assertThat(backoff.admit(6).allowed()).isTrue();
    advanceMs(100);
    assertThat(backoff.admit(5).allowed()).isTrue();
    backoff.decodeFinished(5, bad);
    advanceMs(199);
    assertThat(backoff.admit(5).allowed()).isFalse();
    advanceMs(1);
    assertThat(backoff.admit(5).allowed()).isTrue();
    backoff.decodeFinished(5, null); // decoded after all (e.g. a transient worker problem)
    assertThat(backoff.admit(5).allowed()).isTrue();
  }

  @Test
  void notReadyClosedAndAbandonedProbesChangeNothing() {
    backoff.readFinished(backoff.admit(0), new FrameNotReadyException("queue full"));
    backoff.readFinished(backoff.admit(0), new StreamClosedException("a.asvp"));
    backoff.decodeFinished(0, new FrameNotReadyException("worker did not answer in time"));
    assertThat(backoff.sourceFailing()).isFalse();
    assertThat(backoff.admit(0).allowed()).isTrue();

    backoff.readFinished(backoff.admit(1), serverError());
    advanceMs(100);
    LoadBackoff.Admission probe = backoff.admit(2);
    assertThat(probe.probe()).isTrue();
    backoff.readFinished(probe, new TransportException(Kind.CLOSED, "a.asvp: closed", null)); // closing, not an answer
    LoadBackoff.Admission again = backoff.admit(2);
    assertThat(again.probe()).as("the probe slot is free again, same delay").isTrue();
  }
}
