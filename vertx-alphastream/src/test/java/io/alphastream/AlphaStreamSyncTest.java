package io.alphastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.format.Polygons;
import io.alphastream.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed's synchronous API from plain threads, as the C ABI uses it: builder from plain values, start,
 * getFrame / getPolygons, last error, close twice. Each handle owns its Vert.x here.
 */
class AlphaStreamSyncTest {

  @Test
  void builderRejectsBadValuesWithTypedErrors() {
    assertThatThrownBy(() -> AlphaStream.builder().build()).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("source");
    assertThatThrownBy(() -> AlphaStream.builder().workers(0)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> AlphaStream.builder().passphraseHex("not hex")).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("passphrase must be hex digits");
    assertThatThrownBy(() -> AlphaStream.builder().source("x.asvp").prefetchFrames(600).build())
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("prefetchFrames");
  }

  @Test
  void beforeStartEverythingIsAnErrorNotAnException() {
    AlphaStream s = AlphaStream.builder().source(Fixtures.path("small.asvp").toString()).build();
    assertThat(s.totalFrames()).isEqualTo(-1);
    assertThat(s.getFrame(0, 64, 32)).isEmpty();
    assertThat(s.lastError().get()).hasMessageContaining("not open");
    s.close();
    s.close();
    assertThat(s.start()).isFalse();
    assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.CLOSED);
  }

  @Test
  void aWrongPassphraseFailsStartWithBadKey() {
    byte[] wrong = Fixtures.testPassphrase();
    wrong[31] ^= 0x40;
    try (AlphaStream s = AlphaStream.builder().source(Fixtures.path("small.asvr").toString()).passphrase(wrong)
        .sceneId(4242).workers(1).build()) {
      assertThat(s.start()).isFalse();
      assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.BAD_KEY);
      assertThat(s.lastError().get()).hasMessageContaining("V02");
      assertThat(s.isOpen()).isFalse();
    }
  }

  @Test
  void aMissingFileFailsStartWithAnIoError() {
    try (AlphaStream s = AlphaStream.builder().source(Fixtures.path("no-such-file.asvp").toString()).build()) {
      assertThat(s.start()).isFalse();
      assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.IO);
    }
  }

  @Test
  void startGetFramePolygonsAndClose() {
    AlphaStream s = AlphaStream.builder().source(Fixtures.path("small.asvp").toString()).workers(2)
        .prefetchFrames(8).frameWaitMs(10_000).build();
    assertThat(s.start()).isTrue();
    assertThat(s.start()).as("idempotent").isTrue();
    assertThat(s.totalFrames()).isEqualTo(240);
    // timebase t_n = n / 60 s: frame <-> time, out of range is an error, not clamped
    assertThat(s.frameAt(0)).isZero();
    assertThat(s.frameAt(3_983_333)).isEqualTo(238);
    assertThat(s.frameAt(3_983_334)).isEqualTo(239);
    assertThat(s.timeOf(239)).isEqualTo(3_983_334);
    assertThat(s.frameAt(4_000_000)).isEqualTo(-1);
    assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    s.clearError();
    s.setRate(0);
    assertThat(s.getPolygons(100)).isPresent(); // marks the play position; processed in order on the engine
    assertThat(s.position()).isEqualTo(100);
    s.setRate(30);
    Optional<R8Frame> f = s.getFrame(239, 640, 320);
    assertThat(f).isPresent();
    assertThat(f.get().bytes()).hasSize(640 * 320);
    Optional<Polygons> p = s.getPolygons(239);
    assertThat(p.get().channelCount()).isEqualTo(12); // manifest: frame 239 has 12 channels
    assertThat(s.lastError()).isEmpty();
    s.close();
    s.close();
    assertThat(s.getFrame(0, 64, 32)).isEmpty();
    assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.CLOSED);
  }

  /**
   * A start that times out, then close, many times (the C ABI's timed-out CV_init): the open settles before
   * the facade's own Vert.x closes, so nothing is logged and no thread dies of an uncaught exception. Before
   * the fix: "SEVERE: Unhandled exception java.lang.IllegalStateException: Promise already completed" (the
   * reader deployment completed twice) and RejectedExecutionException in the open's worker threads.
   */
  @Test
  void aTimedOutStartThenCloseLogsNothing() throws Exception {
    java.util.List<String> logged = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    java.util.logging.Handler collect = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r.getLevel() + " " + r.getLoggerName() + " " + r.getMessage() + " " + r.getThrown());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> logged.add("uncaught in " + t.getName() + ": " + e));
    java.util.Set<Thread> before0 = Thread.getAllStackTraces().keySet();
    root.addHandler(collect);
    try {
      for (int i = 0; i < 8; i++) {
        AlphaStream s = AlphaStream.builder().source(Fixtures.path("small.asvr").toString())
            .passphrase(Fixtures.testPassphrase()).sceneId(4242).openTimeoutMs(1 + i % 3).build();
        boolean started = s.start();
        s.closeAsync().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        if (started) { // a fast machine may open in 1 ms; the close must be quiet either way
          assertThat(s.isOpen()).isFalse();
        }
      }
      // whatever the opens still do in the background happens on the instances' own threads: wait (a
      // condition, bounded) until every thread they started has ended, so a late log is caught too
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> !before0.contains(t) && t.getName().startsWith("vert.x-"))) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll the condition, do not burn a core
      }
    } finally {
      root.removeHandler(collect);
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertThat(logged).isEmpty();
  }
}
