package io.alphastream.cache.impl;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Canary for the one workaround in {@link CaffeineFrameCache} that rests on another library's internals:
 * Caffeine has no option to stop logging failed async loads, and logs a WARNING with a stack trace for every
 * one except a {@code TimeoutException} or {@code CancellationException}
 * ({@code LocalAsyncCache.handleCompletion}). {@code QuietFailure} is a {@code TimeoutException} for that
 * reason. If Caffeine stops logging ordinary failures, the first test fails: the workaround can go. If it
 * starts logging timeouts too, the second fails (and {@code FrameCacheTest} with it): the workaround no
 * longer works. Raw Caffeine, same version as production, no code of ours.
 */
class CaffeineLoggingCanaryTest {

  static List<LogRecord> loggedWhileLoadFails(Supplier<Throwable> failure) {
    List<LogRecord> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine.cache");
    caffeine.addHandler(capture);
    try {
      AsyncLoadingCache<Integer, String> cache = Caffeine.newBuilder().executor(Runnable::run)
          .buildAsync((key, exec) -> CompletableFuture.failedFuture(failure.get()));
      CompletableFuture<String> f = cache.get(1);
      assertThat(f).isCompletedExceptionally();
      return logged;
    } finally {
      caffeine.removeHandler(capture);
    }
  }

  @Test
  void caffeineLogsAnOrdinaryFailedLoad() {
    assertThat(loggedWhileLoadFails(() -> new IllegalStateException("closed")))
        .as("Caffeine logs every failed load: why CaffeineFrameCache wraps failures in QuietFailure")
        .anySatisfy(r -> assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue()));
  }

  @Test
  void caffeineDoesNotLogATimeoutException() {
    assertThat(loggedWhileLoadFails(() -> new TimeoutException("quiet")))
        .as("the exemption QuietFailure relies on").isEmpty();
  }
}
