package io.alphastream.engine;

import io.alphastream.TransportException;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.SourceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RangeSource} over fixture bytes that counts what the engine does to it: reads started, reads in
 * flight (and the most ever), offsets read, whether it was closed. Reads can be slowed by a timer or held
 * until the test opens a gate. Thread-safe.
 */
public final class InstrumentedSource implements RangeSource {
  private final Vertx vertx;
  private final RangeSource delegate;
  private final long delayMs;
  private boolean gated;
  private long gateFrom;
  private final List<Runnable> held = new ArrayList<>();
  private final List<Long> offsets = new ArrayList<>();
  private final List<Promise<?>> pending = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private int inflight;
  private int maxInflight;
  private Promise<Void> target;
  private int targetCount;
  private TransportException failure;

  public InstrumentedSource(Vertx vertx, byte[] bytes, String uri, long delayMs, boolean gated) {
    this.vertx = vertx;
    this.delegate = RangeSource.memory(Buffer.buffer(bytes), uri);
    this.delayMs = delayMs;
    this.gated = gated;
  }

  @Override
  public String uri() {
    return delegate.uri();
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public synchronized Future<Buffer> read(long offset, int length) {
    if (closed.get()) {
      return Future.failedFuture(new TransportException(TransportException.Kind.CLOSED, uri() + ": closed", null));
    }
    offsets.add(offset);
    if (failure != null) {
      TransportException f = failure;
      Promise<Buffer> failed = Promise.promise();
      vertx.runOnContext(v -> failed.fail(f)); // asynchronously, as a real transport fails
      return failed.future();
    }
    inflight++;
    maxInflight = Math.max(maxInflight, inflight);
    if (target != null && offsets.size() >= targetCount) {
      // After the caller's current task and the tasks already queued on its context (e.g. further
      // loads hopping to the reader): the test then sees the reader quiescent, not mid-burst.
      Promise<Void> t = target;
      vertx.runOnContext(v -> t.tryComplete());
    }
    Promise<Buffer> p = Promise.promise();
    pending.add(p);
    Runnable finish = () -> {
      synchronized (this) {
        inflight--;
        pending.remove(p);
      }
      delegate.read(offset, length).onComplete(p);
    };
    if (gated && offset >= gateFrom) {
      held.add(finish);
    } else if (delayMs > 0) {
      vertx.setTimer(delayMs, id -> finish.run());
    } else {
      finish.run();
    }
    return p.future();
  }

  /** Holds only reads at or after {@code offset} (e.g. the first frame block, so opening is not held). */
  public synchronized InstrumentedSource gateFrom(long offset) {
    gateFrom = offset;
    return this;
  }

  /** From now on every read is counted and fails with {@code err}; null heals the source. */
  public synchronized InstrumentedSource failWith(TransportException err) {
    failure = err;
    return this;
  }

  /** Lets held reads and all later reads complete. */
  public void openGate() {
    List<Runnable> run;
    synchronized (this) {
      gated = false;
      run = new ArrayList<>(held);
      held.clear();
    }
    run.forEach(Runnable::run);
  }

  /** Completes once {@code n} reads have started in total. */
  public synchronized Future<Void> readsAtLeast(int n) {
    target = Promise.promise();
    targetCount = n;
    if (offsets.size() >= n) {
      target.complete();
    }
    return target.future();
  }

  public synchronized int reads() {
    return offsets.size();
  }

  public synchronized List<Long> offsets() {
    return new ArrayList<>(offsets);
  }

  public synchronized int maxInflight() {
    return maxInflight;
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public SourceMetrics metrics() {
    return delegate.metrics();
  }

  /** Like the real sources: waiting and in-flight reads fail with CLOSED. */
  @Override
  public Future<Void> close() {
    if (closed.compareAndSet(false, true)) {
      List<Promise<?>> fail;
      synchronized (this) {
        fail = new ArrayList<>(pending);
        held.clear();
      }
      fail.forEach(p -> p.tryFail(new TransportException(TransportException.Kind.CLOSED, uri() + ": closed", null)));
    }
    return delegate.close();
  }
}
