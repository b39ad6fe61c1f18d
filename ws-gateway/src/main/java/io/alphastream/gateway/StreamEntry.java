package io.alphastream.gateway;

import io.alphastream.AlphaStreamException;
import io.alphastream.FormatException;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.TransportException;
import io.alphastream.gateway.catalog.UnresolvedSecretException;
import io.alphastream.gateway.protocol.StreamInfo;
import io.alphastream.raster.Mask;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One catalog stream, shared by every gateway event loop: its lifecycle, the version being served, its
 * meters, and the subscriber count that enforces {@link GatewayOptions#getMaxSubscribersPerStream()}.
 *
 * <p>Each stream opens on its own: a failed open is retried with a capped exponential delay
 * ({@link GatewayOptions#getReopenDelayMs()} doubling up to {@link GatewayOptions#getMaxReopenDelayMs()}),
 * so one broken origin never holds up the others. When a mask request reports that the origin changed
 * ({@link TransportException.Kind#CHANGED}: new ETag, Last-Modified or length), the version is withdrawn:
 * the change listeners (one per event loop) close its subscribers, the old engine is closed and the stream
 * is opened again, with its new header and index.
 *
 * <p>{@link #info} and {@link #source} are read by the push path without locking; they always hold a
 * consistent pair for the subscriptions admitted while {@link #serving()}. State changes are synchronized.
 */
final class StreamEntry {
  /** What the stream is doing, as reported by {@code /health} and {@code /streams}. */
  enum State {
    /** The first open (or a reopen after an origin change) is in progress. */
    OPENING,
    /** Open: subscriptions are accepted and frames are served. */
    SERVING,
    /** The last open failed, or frames fail to load (origin down): retrying with backoff. */
    RETRYING,
    /** The last open failed in a way retrying alone rarely fixes (not found, corrupt, wrong key); still retried at the capped delay. */
    FAILED,
    /**
     * This node cannot resolve the stream's passphrase reference (variable not set, file missing): still
     * retried with backoff, since the secret may be provided later; subscribers get {@code stream_unresolved}.
     */
    UNRESOLVED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Opens one version of a stream (the gateway uses its node's {@link NodeServices#open}). */
  interface Opener extends BiFunction<Vertx, StreamOptions, Future<MaskSource>> {}

  final String id;
  final GatewayMetrics.StreamMeters meters;
  /** The served (or last served) version's info; null before the first successful open. */
  volatile StreamInfo info;
  /** The served version, or a source that fails every mask with NOT_READY while none is. */
  volatile MaskSource source;

  private final Vertx vertx;
  private final StreamOptions options;
  private final Opener opener;
  private final long initialDelayMs;
  private final long maxDelayMs;
  private final List<Function<String, Future<Void>>> changeListeners = new CopyOnWriteArrayList<>();
  private final Promise<Void> firstAttempt = Promise.promise();
  // guarded by this
  private State state = State.OPENING;
  private String error;
  private int failures;
  private int attempts;
  private int version;
  private long retryTimer = -1;
  private boolean closed;
  /** How long {@link #close()} waits for opens in flight and old versions' closes. */
  static final long BACKGROUND_WAIT_MS = 2_000;
  /** What {@link #close()} returned first; later calls return it too. */
  private Future<Void> closing;
  /** Opens in flight and old versions being closed: {@link #close()} completes only after them. */
  private final List<Future<Void>> background = new ArrayList<>();
  /** The last load failure of the served version's origin (cleared by a success): frames are failing. */
  private volatile AlphaStreamException framesFailing;

  StreamEntry(Vertx vertx, StreamOptions options, GatewayOptions gateway, GatewayMetrics metrics, Opener opener) {
    this.id = options.getId();
    this.vertx = vertx;
    this.options = new StreamOptions(options);
    this.opener = opener;
    this.initialDelayMs = gateway.getReopenDelayMs();
    this.maxDelayMs = gateway.getMaxReopenDelayMs();
    this.source = new NotServing("stream \"" + id + "\" is opening");
    this.meters = metrics.stream(id, () -> source.cacheCounters());
    meters.add(Gauge.builder("alphastream.gateway.stream.serving", this, e -> e.reportedState() == State.SERVING ? 1 : 0)
        .description("1 while the stream is serving, 0 while it is opening, retrying, failed or unresolved (see /health)")
        .tag("stream", id).register(metrics.registry()));
  }

  /** The catalog entry this stream was opened from (a copy). */
  StreamOptions options() {
    return new StreamOptions(options);
  }

  /** How the first open attempt went (see {@link #start()}). */
  Future<Void> firstAttempt() {
    return firstAttempt.future();
  }

  /** Whether this node cannot resolve the stream's passphrase reference (its last open said so). */
  boolean unresolved() {
    synchronized (this) {
      return state == State.UNRESOLVED;
    }
  }

  /**
   * Takes the stream's meters out of the registry: it left the catalog or is being replaced (a new entry of
   * the same id registers its own). Its remaining subscribers keep counting into the detached meters.
   */
  void retire() {
    meters.remove();
  }

  /** Whether the source is an {@code http(s)} URL (opened in the background, never awaited at start). */
  boolean remote() {
    String s = options.getSource().toLowerCase(Locale.ROOT);
    return s.startsWith("http://") || s.startsWith("https://");
  }

  String sourceName() {
    return options.getSource();
  }

  /** Starts opening; the future tells how the first attempt went (later attempts follow on their own). */
  Future<Void> start() {
    attempt();
    return firstAttempt.future();
  }

  /** Whether subscriptions are accepted (an open version; its frames may still fail). */
  boolean serving() {
    synchronized (this) {
      return state == State.SERVING;
    }
  }

  /** Called on a withdrawn version with a message; completes once that loop's subscribers are closed. */
  void addChangeListener(Function<String, Future<Void>> listener) {
    changeListeners.add(listener);
  }

  void removeChangeListener(Function<String, Future<Void>> listener) {
    changeListeners.remove(listener);
  }

  /** {@code {"id", "state", "error"?, "attempts", + the info fields once opened}}, for /streams and /health. */
  JsonObject toJson() {
    State s;
    String err;
    int n;
    synchronized (this) {
      s = state;
      err = error;
      n = attempts;
    }
    AlphaStreamException failing = framesFailing;
    if (s == State.SERVING && failing != null) {
      s = State.RETRYING; // open, but its origin is failing: the engine retries with backoff
      err = "frames fail to load: " + failing.getMessage();
    }
    StreamInfo i = info;
    JsonObject json = i != null ? i.toJson() : new JsonObject().put("id", id);
    json.put("state", s.wireName()).put("attempts", n);
    if (err != null) {
      json.put("error", err);
    }
    return json;
  }

  /** The state {@link #toJson()} reports. */
  State reportedState() {
    return State.valueOf(toJson().getString("state").toUpperCase(Locale.ROOT));
  }

  // ---- lifecycle --------------------------------------------------------------------------------------

  private void attempt() {
    int v;
    synchronized (this) {
      if (closed) {
        return;
      }
      retryTimer = -1;
      attempts++;
      v = version;
    }
    Future<MaskSource> f;
    try {
      f = opener.apply(vertx, options);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    inBackground(f.transform(ar -> {
      if (ar.succeeded()) {
        return opened(v, ar.result());
      }
      openFailed(v, ar.cause());
      return Future.succeededFuture();
    }));
  }

  /** Keeps {@code work} (an open, or an old version's close) for {@link #close()} to wait for. */
  private void inBackground(Future<Void> work) {
    synchronized (this) {
      if (work.isComplete()) {
        return;
      }
      background.add(work);
    }
    work.onComplete(ar -> {
      synchronized (this) {
        background.remove(work);
      }
    });
  }

  /** Serves {@code opened} as version {@code v}, or closes it if it came too late (closed, or a newer version). */
  private Future<Void> opened(int v, MaskSource opened) {
    synchronized (this) {
      if (!closed && v == version) {
        framesFailing = null;
        info = opened.info();
        source = new Served(opened, v);
        state = State.SERVING;
        error = null;
        failures = 0;
        firstAttempt.tryComplete();
        return Future.succeededFuture();
      }
    }
    return opened.close(); // closed meanwhile: nobody will use it
  }

  private void openFailed(int v, Throwable err) {
    long delay;
    synchronized (this) {
      if (closed || v != version) {
        return;
      }
      failures++;
      state = err instanceof UnresolvedSecretException ? State.UNRESOLVED
          : permanent(err) ? State.FAILED : State.RETRYING;
      error = describe(err);
      delay = delayMs(failures);
      retryTimer = vertx.setTimer(delay, t -> attempt());
    }
    firstAttempt.tryFail(err);
  }

  /** {@code min(max, initial * 2^(failures-1))}. */
  long delayMs(int failures) {
    long d = initialDelayMs;
    for (int i = 1; i < failures && d < maxDelayMs; i++) {
      d *= 2;
    }
    return Math.min(maxDelayMs, d);
  }

  /** A mask of version {@code v} failed: note a failing origin, or withdraw the version if it changed. */
  private void maskFailed(int v, Throwable err) {
    if (!(err instanceof TransportException t) || t.kind() == TransportException.Kind.CLOSED) {
      return;
    }
    if (t.kind() != TransportException.Kind.CHANGED) {
      synchronized (this) {
        if (v == version) {
          framesFailing = t; // reported by /health until a mask of this version succeeds again
        }
      }
      return;
    }
    MaskSource old;
    String message = "the origin of stream \"" + id + "\" changed; reopening it (" + t.getMessage() + ")";
    synchronized (this) {
      if (closed || v != version || state != State.SERVING) {
        return; // already withdrawn by an earlier failure
      }
      version++;
      old = ((Served) source).delegate;
      source = new NotServing("stream \"" + id + "\" is reopening: its origin changed");
      state = State.OPENING;
      error = message;
      failures = 0;
      framesFailing = null;
    }
    List<Future<Void>> closing = new ArrayList<>();
    changeListeners.forEach(l -> closing.add(l.apply(message)));
    // the old engine goes once no subscriber of it is left; the new version opens meanwhile
    inBackground(Future.join(closing).transform(ar -> old.close()));
    attempt();
  }

  /**
   * Stops retrying and closes the served version. Idempotent: every call returns the same future. It completes
   * once the served version is closed and an open still in flight or an old version still closing is done too,
   * waiting for those at most {@link #BACKGROUND_WAIT_MS} (an origin that drips its answer must not hold up a
   * shutdown). Waiting for them lets whoever closes the Vert.x instance next do so with no undeploy under way.
   */
  Future<Void> close() {
    MaskSource s;
    Promise<Void> done = Promise.promise();
    synchronized (this) {
      if (closed) {
        return closing;
      }
      closed = true;
      closing = done.future();
      if (retryTimer >= 0) {
        vertx.cancelTimer(retryTimer);
      }
      s = source;
      source = new NotServing("stream \"" + id + "\" is closed");
    }
    firstAttempt.tryFail(new IllegalStateException("stream " + id + " closed while opening"));
    // nothing new starts once closed: an open that started just before closes what it opens (see opened)
    Promise<Void> background = Promise.promise();
    long timer = vertx.setTimer(BACKGROUND_WAIT_MS, t -> background.tryComplete());
    afterBackground(background);
    Future<Void> served = s.close();
    Future.join(served, background.future()).onComplete(x -> {
      vertx.cancelTimer(timer);
      served.onComplete(done);
    });
    return closing;
  }

  /** Completes {@code done} once no open and no old version's close is in flight. */
  private void afterBackground(Promise<Void> done) {
    List<Future<Void>> pending;
    synchronized (this) {
      pending = new ArrayList<>(background);
    }
    pending.removeIf(Future::isComplete); // done, its removal from background may still be on its way
    if (pending.isEmpty()) {
      done.tryComplete();
    } else {
      Future.join(pending).onComplete(ar -> afterBackground(done));
    }
  }

  /** Failures retrying alone rarely fixes: the origin must change first (still retried, at the capped delay). */
  private static boolean permanent(Throwable err) {
    if (err instanceof TransportException t) {
      return switch (t.kind()) {
        case NOT_FOUND, FORBIDDEN, BAD_RESPONSE, RANGE_NOT_SATISFIABLE, SHORT_READ -> true;
        default -> false;
      };
    }
    return err instanceof FormatException || err instanceof KeyException || err instanceof InvalidArgumentException
        || err instanceof IllegalArgumentException || err instanceof IOException;
  }

  private static String describe(Throwable err) {
    if (err instanceof AlphaStreamException) {
      return err.getMessage();
    }
    String m = err.getMessage();
    return err.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** The served version: reports mask failures back to the entry. */
  private final class Served implements MaskSource {
    final MaskSource delegate;
    final int version;

    Served(MaskSource delegate, int version) {
      this.delegate = delegate;
      this.version = version;
    }

    @Override
    public StreamInfo info() {
      return delegate.info();
    }

    @Override
    public Future<Mask> mask(int frame, int width, int height) {
      return watched(delegate.mask(frame, width, height));
    }

    @Override
    public Future<Buffer> block(int frame) {
      return watched(delegate.block(frame));
    }

    /** Reports a failure of this version's frames to the entry; a success clears the failing state. */
    private <T> Future<T> watched(Future<T> frame) {
      return frame.andThen(ar -> {
        if (ar.failed()) {
          maskFailed(version, ar.cause());
        } else if (framesFailing != null) {
          framesFailing = null;
        }
      });
    }

    @Override
    public CacheCounters cacheCounters() {
      return delegate.cacheCounters();
    }

    @Override
    public long cachedBytes() {
      return delegate.cachedBytes();
    }

    @Override
    public Future<Void> close() {
      return delegate.close();
    }
  }

  /**
   * Stands in while no version is open: every mask fails with NOT_READY, which a subscriber counts as a
   * late frame (its subscription is being closed anyway) and the PNG route answers with 503.
   */
  private static final class NotServing implements MaskSource {
    private final String why;

    NotServing(String why) {
      this.why = why;
    }

    @Override
    public StreamInfo info() {
      return null;
    }

    @Override
    public Future<Mask> mask(int frame, int width, int height) {
      return Future.failedFuture(new FrameNotReadyException(why));
    }

    @Override
    public Future<Buffer> block(int frame) {
      return Future.failedFuture(new FrameNotReadyException(why));
    }

    @Override
    public CacheCounters cacheCounters() {
      return CacheCounters.NONE;
    }

    @Override
    public long cachedBytes() {
      return 0;
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }

  // ---- subscriber slots -------------------------------------------------------------------------------

  /** Takes a subscriber slot, or returns false when all {@code max} are taken. */
  boolean reserve(int max) {
    while (true) {
      int n = meters.subscribers.get();
      if (n >= max) {
        return false;
      }
      if (meters.subscribers.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    meters.subscribers.decrementAndGet();
  }
}
