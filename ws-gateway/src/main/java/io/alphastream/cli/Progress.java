package io.alphastream.cli;

import java.io.PrintStream;

/**
 * Progress of a long loop on stderr: a line at every further 10 % and at least once a second, never
 * on stdout (which stays clean for --json and for piping).
 */
final class Progress {
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private final PrintStream err;
  private final String what;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastTenth;

  Progress(PrintStream err, String what, long total) {
    this.err = err;
    this.what = what;
    this.total = total;
  }

  /** Reports that {@code done} of the total items are finished. */
  void update(long done) {
    long now = System.nanoTime();
    long tenth = total == 0 ? 10 : done * 10 / total;
    if (tenth > lastTenth || now - lastNanos >= INTERVAL_NANOS) {
      lastTenth = tenth;
      lastNanos = now;
      err.printf("%s: %d/%d frames (%d%%)%n", what, done, total, total == 0 ? 100 : done * 100 / total);
    }
  }

  /** Seconds since this progress started. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
