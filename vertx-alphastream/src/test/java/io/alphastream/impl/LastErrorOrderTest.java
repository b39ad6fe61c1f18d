package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.R8Frame;
import io.alphastream.engine.InstrumentedSource;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "The last error" is the error of the last call, per instance: a failure of an older call that arrives
 * late (a future completing after newer calls) never replaces it. The late failures come from frame loads
 * held at a gate of the source ({@code malformed/frame-zlib-corrupt.asvp}: frame 1 fails V13 once read).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LastErrorOrderTest {
  private Vertx vertx;
  private InstrumentedSource source;
  private AlphaStream stream;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    // the gate starts past the end: opening reads freely; gateFrom(0) then holds every frame read
    source = new InstrumentedSource(vertx, Fixtures.bytes("malformed/frame-zlib-corrupt.asvp"), "corrupt.asvp", 0,
        true).gateFrom(Long.MAX_VALUE);
    stream = AlphaStream.builder().source(source).prefetchFrames(0).rate(0).frameWaitMs(20).build();
    assertThat(stream.start()).as("%s", stream.lastError()).isTrue();
    source.gateFrom(0);
  }

  @AfterEach
  void close() throws Exception {
    source.openGate();
    stream.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aLateFailureOfAnOlderCallDoesNotReplaceANewerError() throws Exception {
    Future<R8Frame> older = stream.frame(1, 64, 32); // held at the gate
    assertThat(stream.getFrame(7777, 64, 32)).isEmpty(); // the newer call fails at once
    assertThat(stream.lastError().get()).hasMessageContaining("7777");
    source.openGate();
    Throwable late = awaitFailure(older); // its failure has been offered to lastError by now
    assertThat(late).hasMessageContaining("V13");
    assertThat(stream.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(stream.lastError().get()).hasMessageContaining("7777");
  }

  @Test
  void aLateFailureReplacesNotReadyWhenNoNewerCallStarted() {
    assertThat(stream.getFrame(1, 64, 32, 20)).isEmpty(); // held: "not ready" now
    assertThat(stream.lastError().get().code()).isEqualTo(ErrorCode.NOT_READY);
    source.openGate();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stream.lastError().get().code() == ErrorCode.NOT_READY && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls a condition (the load's failure)
    }
    assertThat(stream.lastError().get()).hasMessageContaining("V13");
  }

  @Test
  void clearErrorIsNotUndoneByALateFailure() throws Exception {
    Future<R8Frame> older = stream.frame(1, 64, 32);
    stream.clearError();
    source.openGate();
    awaitFailure(older);
    assertThat(stream.lastError()).isEmpty();
  }

  /**
   * Many threads start calls that fail late (held frame loads) and calls that fail at once; then one final
   * call fails with its own text. Once every late failure has arrived, the last error is still the final
   * call's.
   */
  @Test
  void withManyThreadsTheLastErrorIsTheLastCallsEvenWhenOlderCallsFailLater() throws Exception {
    int threads = 16;
    List<Future<R8Frame>> late = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 20; i++) {
          late.add(stream.frame(1, 64 + id, 32 + i)); // each size is its own held load
          stream.getFrame(5000 + id, 64, 32); // fails at once
          stream.frameAt(-1 - id); // fails at once
        }
      });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(stream.getFrame(9999, 64, 32)).isEmpty(); // the last call
    source.openGate();
    for (Future<R8Frame> f : late) {
      awaitFailure(f);
    }
    assertThat(late).hasSize(threads * 20);
    assertThat(stream.lastError().get()).hasMessageContaining("9999");
  }

  private static Throwable awaitFailure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(AlphaStreamException.class);
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
