package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.TransportException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers failed loads so that a failing source sees a bounded request rate however many callers ask
 * and however often. One per stream, shared by every consumer of its reader. Two memories, each with a
 * capped exponential delay: after the {@code n}-th consecutive failure the next attempt waits
 * {@code min(maxDelay, initialDelay * 2^(n-1))}.
 *
 * <ul>
 *   <li><b>The source.</b> A failed range read (server error, timeout, refused connection, 404...) opens
 *       it: until the delay has passed every load fails at once with that read's error, without a
 *       request. Then exactly one load goes through as a probe; its success closes the source again, its
 *       failure doubles the delay. Reads that were already in flight when the source failed do not
 *       lengthen the delay.</li>
 *   <li><b>A frame.</b> A load whose bytes arrived but whose decode failed (corrupt block, wrong key) is
 *       remembered for that frame alone, with its own delay: a bad frame is not re-read and re-inflated
 *       each time someone asks for it.</li>
 *   <li><b>A changed resource</b> ({@link TransportException.Kind#CHANGED}: the origin's ETag,
 *       Last-Modified or length differs from the opened version) is final: every later load fails at once
 *       with that error, since the index no longer describes the bytes. The stream must be reopened.</li>
 * </ul>
 * Neutral outcomes ({@code NOT_READY}, {@code CLOSED}, bad arguments) change nothing. Event-loop confined
 * (the reader's); every admitted load must be {@linkplain #finished finished} exactly once.
 */
final class LoadBackoff {
  /** Failed frames remembered at most; the eldest is forgotten first (it is then simply tried again). */
  static final int MAX_FRAMES = 4096;

  /** Whether a load may start; a refused one fails with {@link #refusal}. */
  record Admission(AlphaStreamException refusal, boolean probe, long epoch) {
    boolean allowed() {
      return refusal == null;
    }
  }

  private record FrameFailure(AlphaStreamException error, long until, int failures) {}

  private final long initialNanos;
  private final long maxNanos;
  private final LongSupplier nanoTime;
  private final Map<Integer, FrameFailure> frames = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, FrameFailure> eldest) {
      return size() > MAX_FRAMES;
    }
  };
  private AlphaStreamException changed;
  private AlphaStreamException sourceError; // non-null while the source is failing
  private int sourceFailures;
  private long sourceUntil;
  private boolean probing;
  // bumped each time the source is found failing: outcomes of reads admitted before that say nothing new
  private long epoch;
  private long refused;

  LoadBackoff(long initialDelayMs, long maxDelayMs, LongSupplier nanoTime) {
    if (initialDelayMs < 1 || maxDelayMs < initialDelayMs) {
      throw new IllegalArgumentException("need 1 <= initialDelayMs <= maxDelayMs: " + initialDelayMs + ", " + maxDelayMs);
    }
    this.initialNanos = initialDelayMs * 1_000_000L;
    this.maxNanos = maxDelayMs * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  /** The delay after {@code failures} consecutive failures, in nanoseconds. */
  long delayNanos(int failures) {
    int doublings = Math.min(Math.max(0, failures - 1), 40);
    long d = initialNanos;
    for (int i = 0; i < doublings && d < maxNanos; i++) {
      d *= 2;
    }
    return Math.min(maxNanos, d);
  }

  /**
   * The error a load of {@code frame} would be refused with now, or null if it may try (then call
   * {@link #admit}, which may still refuse it); changes nothing. Lets a load fail fast before it waits for a
   * read slot.
   */
  AlphaStreamException peek(int frame) {
    if (changed != null) {
      return changed;
    }
    long now = nanoTime.getAsLong();
    FrameFailure f = frames.get(frame);
    if (f != null && now - f.until() < 0) {
      return f.error();
    }
    if (sourceError != null && (probing || now - sourceUntil < 0)) {
      return sourceError;
    }
    return null;
  }

  /** Whether a load of {@code frame} may start now (at most one probe while the source is failing). */
  Admission admit(int frame) {
    if (changed != null) {
      return refuse(changed);
    }
    long now = nanoTime.getAsLong();
    FrameFailure f = frames.get(frame);
    if (f != null && now - f.until() < 0) {
      return refuse(f.error());
    }
    if (sourceError != null) {
      if (probing || now - sourceUntil < 0) {
        return refuse(sourceError);
      }
      probing = true;
      return new Admission(null, true, epoch);
    }
    return new Admission(null, false, epoch);
  }

  private Admission refuse(AlphaStreamException e) {
    refused++;
    return new Admission(e, false, epoch);
  }

  /**
   * The read of an admitted load completed ({@code failure} null: it succeeded). Only reads admitted since
   * the source was last found failing (the probe, or any read while it is healthy) change its state: a
   * read that was in flight when the source started failing neither lengthens the delay nor, succeeding
   * late, ends it.
   */
  void readFinished(Admission admission, AlphaStreamException failure) {
    if (admission.probe()) {
      probing = false;
    }
    boolean current = admission.epoch() == epoch;
    if (failure == null) {
      if (current) {
        sourceError = null;
        sourceFailures = 0;
      }
      return;
    }
    if (neutral(failure)) {
      return;
    }
    if (failure instanceof TransportException t && t.kind() == TransportException.Kind.CHANGED) {
      changed = t;
      return;
    }
    if (current) {
      epoch++;
      sourceFailures++;
      sourceUntil = nanoTime.getAsLong() + delayNanos(sourceFailures);
      sourceError = failure;
    }
  }

  /** The decode of a frame whose read succeeded completed ({@code failure} null: it succeeded). */
  void decodeFinished(int frame, AlphaStreamException failure) {
    if (failure == null) {
      frames.remove(frame);
    } else if (!neutral(failure)) { // e.g. a worker timeout says nothing about the frame
      FrameFailure old = frames.get(frame);
      int n = old == null ? 1 : old.failures() + 1;
      frames.put(frame, new FrameFailure(failure, nanoTime.getAsLong() + delayNanos(n), n));
    }
  }

  private static boolean neutral(AlphaStreamException e) {
    ErrorCode c = e.code();
    return c == ErrorCode.NOT_READY || c == ErrorCode.CLOSED || c == ErrorCode.INVALID_ARGUMENT
        || (e instanceof TransportException t && t.kind() == TransportException.Kind.CLOSED);
  }

  /** The error every load fails with since the resource changed, or null. */
  AlphaStreamException changed() {
    return changed;
  }

  /** Whether the source is failing (refusing loads or probing). */
  boolean sourceFailing() {
    return sourceError != null;
  }

  /** Loads {@link #admit} refused without touching the source so far. */
  long refused() {
    return refused;
  }
}
