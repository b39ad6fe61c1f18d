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
  record Admission(AlphaStreamException refusal, boolean probe) {
    static final Admission GO = new Admission(null, false);
    static final Admission PROBE = new Admission(null, true);

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
      return Admission.PROBE;
    }
    return Admission.GO;
  }

  private Admission refuse(AlphaStreamException e) {
    refused++;
    return new Admission(e, false);
  }

  /** An admitted load completed: {@code readFailure} if its read failed, else {@code decodeFailure} or success (both null). */
  void finished(int frame, Admission admission, AlphaStreamException readFailure, AlphaStreamException decodeFailure) {
    if (admission.probe()) {
      probing = false;
    }
    if (readFailure != null) {
      readFailed(admission, readFailure);
      return;
    }
    if (decodeFailure != null && neutral(decodeFailure)) {
      return; // e.g. a worker timeout: nothing learned about the source or the frame
    }
    sourceError = null; // the read worked: the source is serving
    sourceFailures = 0;
    if (decodeFailure == null) {
      frames.remove(frame);
    } else {
      FrameFailure old = frames.get(frame);
      int n = old == null ? 1 : old.failures() + 1;
      frames.put(frame, new FrameFailure(decodeFailure, nanoTime.getAsLong() + delayNanos(n), n));
    }
  }

  private void readFailed(Admission admission, AlphaStreamException err) {
    if (neutral(err)) {
      return;
    }
    if (err instanceof TransportException t && t.kind() == TransportException.Kind.CHANGED) {
      changed = t;
      return;
    }
    if (sourceError == null || admission.probe()) {
      sourceFailures++;
      sourceUntil = nanoTime.getAsLong() + delayNanos(sourceFailures);
    }
    sourceError = err; // the latest error is what refused loads report
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

  /** Loads refused without touching the source so far. */
  long refused() {
    return refused;
  }
}
