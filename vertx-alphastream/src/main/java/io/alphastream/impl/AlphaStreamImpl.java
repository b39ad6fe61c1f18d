package io.alphastream.impl;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamException;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.AlphaStreamStats;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.R8Frame;
import io.alphastream.StreamClosedException;
import io.alphastream.cache.CacheStatistics;
import io.alphastream.engine.ReaderStats;
import io.alphastream.format.Polygons;
import io.alphastream.format.Timebase;
import io.alphastream.raster.Mask;
import io.alphastream.scheduler.SchedulerOptions;
import io.alphastream.scheduler.SchedulerStats;
import io.alphastream.transport.RangeSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The facade: lifecycle (open once, close once), argument checks, the per-instance last error, and the
 * bounded waits of the synchronous API (through {@link SyncFrameSource}). The engine work is in
 * {@link StreamSession}.
 */
public final class AlphaStreamImpl implements AlphaStream {
  private static final int MAX_SIZE = Mask.MAX_SIZE;
  /**
   * Largest owned copy made on an event loop (256 KiB, about 10 us). {@link #frame} copies bigger masks on a
   * worker thread (a 16384 x 16384 mask is 256 MiB); {@link #getFrame} refuses them on an event loop.
   */
  static final int MAX_EVENT_LOOP_COPY = 1 << 18;

  private final AlphaStreamOptions options;
  private final RangeSource givenSource;
  private final Vertx givenVertx;
  /** Numbers the calls that can fail, in the order they start: "the last error" is the last call's. */
  private final AtomicLong calls = new AtomicLong();
  private final AtomicReference<Recorded> lastError = new AtomicReference<>();
  private final AtomicBoolean opening = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Promise<Void> opened = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private volatile Vertx vertx;
  private volatile Future<StreamSession> sessionFuture;
  /** Stops an open still in progress (a remote stream asking its address); set once the open starts. */
  private volatile Runnable cancelOpen = () -> {};
  private volatile StreamSession session;
  private volatile double rate;

  /** The error of call number {@code call}; {@code error == null} marks a {@link #clearError()}. */
  private record Recorded(long call, AlphaStreamException error) {}

  /** Use {@link AlphaStream#builder()}. Options are copied. */
  public AlphaStreamImpl(AlphaStreamOptions options, RangeSource source, Vertx vertx) {
    this.options = new AlphaStreamOptions(options);
    this.givenSource = source;
    this.givenVertx = vertx;
    this.rate = options.getScheduler().getRate();
  }

  // ---- lifecycle -----------------------------------------------------------------------------------

  @Override
  public Future<Void> open() {
    return open(begin());
  }

  private Future<Void> open(long call) {
    if (closing.get()) {
      return recorded(call, Future.failedFuture(new StreamClosedException(source())));
    }
    if (opening.compareAndSet(false, true)) {
      Vertx v = givenVertx != null ? givenVertx : Vertx.vertx(new VertxOptions()
          .setEventLoopPoolSize(1)                      // one stream: one reader event loop is enough
          .setWorkerPoolSize(options.getWorkers() + 1)); // decode workers + key derivation
      vertx = v;
      AlphaStreamOptions opts = new AlphaStreamOptions(options);
      opts.getScheduler().setRate(rate);
      Future<StreamSession> f = StreamSession.open(v, opts, givenSource, c -> cancelOpen = c);
      sessionFuture = f;
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          session = ar.result();
          opened.tryComplete();
        } else {
          opened.tryFail(SyncFrameSource.typed(ar.cause()));
        }
      });
    }
    return recorded(call, opened.future());
  }

  @Override
  public boolean start() {
    long call = begin();
    Future<Void> f = open(call);
    try {
      long wait = Context.isOnVertxThread() ? 0 : options.getOpenTimeoutMs();
      if (SyncFrameSource.await(f.map(v -> Boolean.TRUE), wait).isPresent()) {
        return true;
      }
      if (wait > 0) {
        record(call, new FrameNotReadyException(source() + ": not open after " + wait + " ms"));
      }
      return false;
    } catch (AlphaStreamException e) {
      record(call, e);
      return false;
    }
  }

  @Override
  public boolean isOpen() {
    return session != null && !closing.get();
  }

  @Override
  public Future<Void> closeAsync() {
    if (closing.compareAndSet(false, true)) {
      opened.tryFail(new StreamClosedException(source()));
      Future<StreamSession> f = sessionFuture;
      Future<Void> sessionClosed;
      if (f != null && !f.isComplete()) {
        cancelOpen.run(); // a remote stream still asking for its INFO stops now, not after openTimeoutMs
      }
      if (f == null) {
        sessionClosed = Future.succeededFuture();
      } else {
        // Still opening: let the open settle first, then close what it made. Closing our own Vert.x under a
        // deployment that is still starting made Vert.x complete that deployment twice ("Promise already
        // completed") and reject the open's pending worker tasks, both logged as unhandled exceptions.
        sessionClosed = f.transform(ar -> ar.succeeded() ? ar.result().close() : Future.succeededFuture());
      }
      Vertx v = vertx;
      // Release the rest even if a child failed to stop. Plain callbacks, not compose: a composed future
      // would try to complete on a context of the Vert.x instance being closed.
      sessionClosed.onComplete(ar -> {
        if (v != null && givenVertx == null) {
          v.close().onComplete(closed);
        } else {
          closed.tryComplete();
        }
      });
    }
    return closed.future();
  }

  @Override
  public void close() {
    long call = begin();
    Future<Void> f = closeAsync();
    if (!Context.isOnVertxThread()) {
      try {
        SyncFrameSource.await(f, options.getCloseTimeoutMs());
      } catch (AlphaStreamException e) {
        record(call, e);
      }
    }
  }

  // ---- info and playback ----------------------------------------------------------------------------

  @Override
  public int totalFrames() {
    StreamSession s = session;
    return s == null ? -1 : s.frameCount();
  }

  @Override
  public String source() {
    StreamSession s = session;
    if (s != null) {
      return s.locator();
    }
    if (givenSource != null) {
      return givenSource.uri();
    }
    if (options.getRemoteAddress() != null) {
      return "event-bus address " + options.getRemoteAddress();
    }
    return options.getSource();
  }

  @Override
  public String address() {
    StreamSession s = session;
    return s == null ? null : s.address();
  }

  @Override
  public void setRate(double fps) {
    long call = begin();
    try {
      SchedulerOptions.checkRate(fps);
    } catch (IllegalArgumentException e) {
      record(call, new InvalidArgumentException(e.getMessage()));
      return;
    }
    rate = fps;
    StreamSession s = session;
    if (s != null && !closing.get()) {
      s.setRate(fps);
    }
  }

  @Override
  public void seek(int frame) {
    long call = begin();
    try {
      session(frame).seek(frame);
    } catch (AlphaStreamException e) {
      record(call, e);
    }
  }

  @Override
  public int frameAt(long micros) {
    long call = begin();
    try {
      StreamSession s = session(0);
      long frame = Timebase.frameAtMicros(micros);
      if (frame >= s.frameCount()) {
        throw new InvalidArgumentException(source() + ": time " + micros + " us is frame " + frame
            + ", past the last frame " + (s.frameCount() - 1));
      }
      return (int) frame;
    } catch (AlphaStreamException e) {
      record(call, e);
      return -1;
    }
  }

  @Override
  public long timeOf(int frame) {
    long call = begin();
    try {
      session(frame);
      return Timebase.microsOfFrame(frame);
    } catch (AlphaStreamException e) {
      record(call, e);
      return -1;
    }
  }

  @Override
  public int position() {
    StreamSession s = session;
    return s == null ? -1 : s.position();
  }

  // ---- frames ---------------------------------------------------------------------------------------

  @Override
  public Optional<R8Frame> getFrame(int index, int width, int height) {
    return getFrame(index, width, height, options.getFrameWaitMs());
  }

  @Override
  public Optional<R8Frame> getFrame(int index, int width, int height, long waitMs) {
    return syncMask(begin(), "getFrame", index, width, height, waitMs).map(m -> R8Frame.copyOf(index, m));
  }

  @Override
  public boolean getFrameInto(int index, int width, int height, long waitMs, ByteBuffer dst) {
    long call = begin();
    long size = (long) width * height;
    if (dst == null || dst.isReadOnly() || dst.remaining() < size) {
      // refused before scheduling anything: the caller's buffer cannot take the mask
      record(call, new InvalidArgumentException(source() + ", frame " + index + ": getFrameInto needs a writable buffer with "
          + "at least " + size + " bytes remaining for " + width + "x" + height + ", got "
          + (dst == null ? "none" : dst.isReadOnly() ? "a read-only buffer" : dst.remaining() + " bytes")));
      return false;
    }
    Optional<Mask> m = syncMask(call, "getFrameInto", index, width, height, waitMs);
    if (m.isEmpty()) {
      return false;
    }
    int n = width * height; // checkSize passed, and remaining() >= n, so this fits an int
    dst.put(dst.position(), m.get().data(), 0, n); // absolute bulk put: one memcpy, even into a direct buffer
    dst.position(dst.position() + n);
    return true;
  }

  /**
   * The shared mask for a synchronous caller: refuses large sizes on an event loop (the caller would copy it
   * there), marks the play position, waits up to {@code waitMs} and records any failure.
   */
  private Optional<Mask> syncMask(long call, String name, int index, int width, int height, long waitMs) {
    if (Context.isOnEventLoopThread() && (long) width * height > MAX_EVENT_LOOP_COPY) {
      record(call, new InvalidArgumentException(source() + ", frame " + index + ": " + name + " on an event loop copies at most "
          + MAX_EVENT_LOOP_COPY + " bytes, not " + width + "x" + height + "; use frame() or mask()"));
      return Optional.empty();
    }
    return sync(call, () -> {
      checkSize(width, height);
      StreamSession s = session(index);
      s.seek(index);
      return s.mask(index, width, height);
    }, waitMs, index);
  }

  @Override
  public Optional<Polygons> getPolygons(int index) {
    return sync(begin(), () -> {
      StreamSession s = session(index);
      s.seek(index);
      return s.polygons(index);
    }, options.getFrameWaitMs(), index);
  }

  @Override
  public Future<R8Frame> frame(int index, int width, int height) {
    return async(() -> {
      checkSize(width, height);
      StreamSession s = session(index);
      s.seek(index);
      return s.mask(index, width, height).compose(m -> ownedCopy(index, m));
    });
  }

  /** A copy of {@code m} for the caller, made off the event loop when it is large. */
  private Future<R8Frame> ownedCopy(int index, Mask m) {
    return copyOf(m, () -> R8Frame.copyOf(index, m));
  }

  @Override
  public Future<Mask> mask(int index, int width, int height) {
    return async(() -> {
      checkSize(width, height);
      // the cache's array is never handed out, so no caller can change what the next caller gets
      return session(index).mask(index, width, height).compose(m -> copyOf(m, m::copy));
    });
  }

  @Override
  public Future<ByteBuffer> maskView(int index, int width, int height) {
    return async(() -> {
      checkSize(width, height);
      return session(index).mask(index, width, height).map(m -> ByteBuffer.wrap(m.data()).asReadOnlyBuffer());
    });
  }

  /** Runs {@code copy} of {@code m} here when small or off an event loop, else on a worker (unordered). */
  private <T> Future<T> copyOf(Mask m, java.util.concurrent.Callable<T> copy) {
    if (m.data().length <= MAX_EVENT_LOOP_COPY || !Context.isOnEventLoopThread()) {
      try {
        return Future.succeededFuture(copy.call());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(copy, false); // unordered: copies run in parallel
  }

  @Override
  public Future<Buffer> block(int index) {
    return async(() -> session(index).block(index));
  }

  @Override
  public Future<Polygons> polygons(int index) {
    return async(() -> {
      StreamSession s = session(index);
      s.seek(index);
      return s.polygons(index);
    });
  }

  // ---- errors and stats -----------------------------------------------------------------------------

  @Override
  public Optional<AlphaStreamException> lastError() {
    Recorded r = lastError.get();
    return Optional.ofNullable(r == null ? null : r.error());
  }

  @Override
  public void clearError() {
    record(begin(), null); // a failure of an older call that arrives later does not bring an error back
  }

  @Override
  public AlphaStreamStats stats() {
    StreamSession s = session;
    if (s != null) {
      return s.stats();
    }
    CacheStatistics none = new CacheStatistics(0, 0, 0, 0, 0, 0, 0);
    return new AlphaStreamStats(none, none, new SchedulerStats(0, rate, 0, 0, 0, 0, 0, 0, 0, 0),
        new ReaderStats(0, 0, 0, 0, 0, 0, 0), none);
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** The open session, after checking {@code index}; throws our typed exceptions otherwise. */
  private StreamSession session(int index) {
    if (closing.get()) {
      throw new StreamClosedException(source());
    }
    StreamSession s = session;
    if (s == null) {
      throw new InvalidArgumentException(source() + ": stream is not open; call start() or open() first");
    }
    if (index < 0 || index >= s.frameCount()) {
      throw InvalidArgumentException.frame(index, s.frameCount());
    }
    return s;
  }

  private static void checkSize(int width, int height) {
    if (width < 1 || width > MAX_SIZE || height < 1 || height > MAX_SIZE) {
      throw new InvalidArgumentException("size must be within [1, " + MAX_SIZE + "] on both sides: "
          + width + "x" + height);
    }
  }

  /** Runs {@code start}, waits up to {@code waitMs} on a non-Vert.x thread, records any failure. */
  private <T> Optional<T> sync(long call, Supplier<Future<T>> start, long waitMs, int index) {
    try {
      Future<T> f = start.get();
      long wait = Context.isOnVertxThread() ? 0 : waitMs;
      Optional<T> value = SyncFrameSource.await(f, wait);
      if (value.isEmpty()) {
        record(call, new FrameNotReadyException(source() + ", frame " + index + ": not ready within " + wait + " ms"));
        // a later failure replaces "not ready", unless a newer call has started since
        f.onFailure(err -> recordLate(call, SyncFrameSource.typed(err)));
      }
      return value;
    } catch (AlphaStreamException e) {
      record(call, e);
      return Optional.empty();
    } catch (RuntimeException e) {
      record(call, SyncFrameSource.typed(e));
      return Optional.empty();
    }
  }

  /** Runs {@code start}, turning a throw into a failed future; every failure is recorded. */
  private <T> Future<T> async(Supplier<Future<T>> start) {
    long call = begin();
    Future<T> f;
    try {
      f = start.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(SyncFrameSource.typed(e));
    }
    return recorded(call, f);
  }

  private <T> Future<T> recorded(long call, Future<T> f) {
    return f.recover(err -> {
      AlphaStreamException e = SyncFrameSource.typed(err);
      recordLate(call, e);
      return Future.failedFuture(e);
    });
  }

  /** Numbers a call that can record an error. */
  private long begin() {
    return calls.incrementAndGet();
  }

  /** Records the outcome of {@code call} unless a newer call has already recorded one. */
  private void record(long call, AlphaStreamException e) {
    lastError.getAndUpdate(cur -> cur != null && cur.call() > call ? cur : new Recorded(call, e));
  }

  /**
   * Records a failure that arrives after {@code call} returned (a future completing later), only if no newer
   * call has started since: the last error stays the last call's.
   */
  private void recordLate(long call, AlphaStreamException e) {
    if (calls.get() == call) {
      record(call, e);
    }
  }
}
