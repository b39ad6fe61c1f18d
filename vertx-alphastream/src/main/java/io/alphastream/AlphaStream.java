package io.alphastream;

import io.alphastream.format.Polygons;
import io.alphastream.format.StreamFormat;
import io.alphastream.impl.AlphaStreamImpl;
import io.alphastream.raster.Mask;
import io.alphastream.transport.RangeSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A handle on one AlphaStream mask stream: the facade over the streaming engine (reader verticle, decode
 * workers, frame and mask caches, scheduler). Build one with {@link #builder()}, then {@link #start()} (or
 * {@link #open()}), read frames, and {@link #close()}.
 *
 * <h2>Two APIs over one cache</h2>
 * <ul>
 *   <li><b>Synchronous</b> (the seed API, used by the C ABI from native threads): {@link #start()},
 *       {@link #getFrame}, {@link #getFrameInto}, {@link #getPolygons}, {@link #setRate}, {@link #totalFrames()},
 *       {@link #lastError()}, {@link #close()}. These never throw for a runtime failure: they return
 *       {@code false} / {@link Optional#empty()} and record the error, per instance, in {@link #lastError()}.
 *       {@code getFrame} waits at most {@link AlphaStreamOptions#getFrameWaitMs() frameWaitMs} (default
 *       12 ms; 0 = never wait, only schedule) on the calling thread. On a Vert.x thread nothing waits: the
 *       sync methods behave as with a wait of 0, so they never block an event loop (and {@code getFrame} and {@code getFrameInto} refuse
 *       copies over 256 KiB there: use {@link #frame} on an event loop).</li>
 *   <li><b>Asynchronous</b> (for Vert.x apps and the WebSocket gateway): {@link #open()}, {@link #frame},
 *       {@link #mask}, {@link #polygons}, {@link #block}, {@link #closeAsync()}. They never throw and never
 *       block; failures are failed futures holding an {@link AlphaStreamException} (and are recorded in
 *       {@link #lastError()}).</li>
 * </ul>
 * A returned frame is always the requested frame at the requested size, never a stale or neighbouring one.
 * An index outside {@code [0, totalFrames())} is an {@link ErrorCode#INVALID_ARGUMENT} error, not clamped.
 *
 * <p><b>Play position:</b> {@link #getFrame}, {@link #frame}, {@link #getPolygons} and {@link #polygons}
 * mark the requested frame as the play position (prefetch continues from there at {@link #setRate the
 * rate}); {@link #mask} does not, so several consumers at different positions can share one handle.
 *
 * <p><b>Across nodes:</b> an open stream answers engine requests at its event-bus {@link #address()}
 * (choose it with {@link Builder#address(String)}). On a clustered Vert.x, a handle built with
 * {@link Builder#remote(String) remote(address)} reads that stream from any node: it opens no source, loads
 * decoded polygons and plain blocks over the event bus into its own caches (the serving stream's caches
 * answer, so the origin is read once however many nodes ask) and rasterizes locally; same API, same errors.
 * A request nobody answers is retried for {@link AlphaStreamOptions#getRemoteRequestTimeoutMs()
 * remoteRequestTimeoutMs} (default 5 s), so another server registering at the address continues the
 * stream, and then fails with a {@link TransportException} ({@code CONNECTION} or {@code TIMEOUT}); a
 * server of another version of the stream fails it with {@code CHANGED}. See {@code docs/architecture.md},
 * "Serving and remote streams".
 *
 * <p>Thread-safe. Two handles share nothing (errors, caches, workers), even on one {@link Vertx}.
 */
public interface AlphaStream extends AutoCloseable {

  /** A builder from plain values. */
  static Builder builder() {
    return new Builder();
  }

  /** Opens asynchronously (idempotent: every call returns the same future). */
  Future<Void> open();

  /**
   * Opens and waits up to {@link AlphaStreamOptions#getOpenTimeoutMs() openTimeoutMs}. Returns
   * {@code true} once open, {@code false} with {@link #lastError()} set otherwise. On a Vert.x thread it
   * only starts opening and returns whether the stream is already open.
   */
  boolean start();

  /** True once open and not closed. */
  boolean isOpen();

  /** Number of frames, or {@code -1} before the stream is open. */
  int totalFrames();

  /** The stream locator as used in messages (query strings and credentials removed). */
  String source();

  /**
   * The event-bus address at which this stream answers engine requests from any node (see
   * {@link AlphaStreamOptions#setAddress}): the configured one, else a unique one, known once the
   * stream is open ({@code null} before).
   */
  String address();

  /** Sets the playback rate in frames per second ({@code 0} pauses the play clock). Records bad values. */
  void setRate(double fps);

  /** Makes {@code frame} the play position without reading it. */
  void seek(int frame);

  /**
   * The frame shown {@code micros} microseconds after the start (timebase t_n = n / 60 s, exact integer
   * arithmetic), or {@code -1} with {@link #lastError()} set when that time is outside the stream (not
   * clamped) or the stream is not open.
   */
  int frameAt(long micros);

  /** The first microsecond at which {@code frame} is shown, or {@code -1} with the error recorded. */
  long timeOf(int frame);

  /** The play position now (the frame the play clock has reached), or {@code -1} before open. */
  int position();

  /** Frame {@code index} at {@code width x height}, waiting at most the configured frame wait. */
  Optional<R8Frame> getFrame(int index, int width, int height);

  /**
   * Frame {@code index} at {@code width x height}, waiting at most {@code waitMs} (0 = never wait). On an event
   * loop, where it never waits, it also refuses sizes over 256 KiB ({@code INVALID_ARGUMENT}): copying such a
   * mask is large work for an event loop; use {@link #frame} there.
   */
  Optional<R8Frame> getFrame(int index, int width, int height, long waitMs);

  /**
   * Like {@link #getFrame(int, int, int, long)}, but copies the mask straight into the caller's buffer instead
   * of a new {@link R8Frame}: one copy from the mask cache, also into a direct buffer (the C ABI writes into
   * native memory this way). Same wait, same play-position mark, same errors recorded in {@link #lastError()},
   * same refusal of sizes over 256 KiB on an event loop.
   *
   * <p>On success, writes exactly {@code width * height} bytes (row-major, stride = width) at {@code dst}'s
   * position, advances the position by that much and returns {@code true}; the limit, the mark and all other
   * bytes are left alone. On any failure it returns {@code false}, records the error and writes nothing. A
   * {@code null} or read-only {@code dst}, or one with fewer than {@code width * height} bytes remaining, is an
   * {@link ErrorCode#INVALID_ARGUMENT} error, refused before the frame is scheduled. The buffer stays the
   * caller's: the handle keeps no reference to it after returning.
   */
  boolean getFrameInto(int index, int width, int height, long waitMs, ByteBuffer dst);

  /** The decoded polygons of frame {@code index}, waiting at most the configured frame wait. */
  Optional<Polygons> getPolygons(int index);

  /**
   * Frame {@code index} rasterized at {@code width x height}, as a copy owned by the caller. Large copies are
   * made on a worker thread, never on an event loop; the future completes on the caller's context, if any.
   */
  Future<R8Frame> frame(int index, int width, int height);

  /**
   * Frame {@code index} at {@code width x height} from the shared mask cache: concurrent callers for the
   * same (frame, size) share one rasterization. The returned mask is a copy owned by the caller (the
   * cache's array is never handed out, so a caller that writes to it cannot corrupt other callers' frames);
   * large copies are made on a worker thread, never on an event loop. Costs one {@code W x H} copy per call
   * ({@code MaskHitBenchmark}, docs/benchmarks.md).
   */
  Future<Mask> mask(int index, int width, int height);

  /**
   * The same shared mask as {@link #mask}, without the copy: a read-only view of the cache's bytes
   * ({@code W x H}, row-major, position 0). Masks are never changed or reused once made, so the view stays
   * correct for as long as the caller holds it, also after the cache evicts the mask. For callers that
   * only read, once per frame, such as a copy into a native buffer.
   */
  Future<ByteBuffer> maskView(int index, int width, int height);

  /** The decoded polygons of frame {@code index} (immutable, shared). */
  Future<Polygons> polygons(int index);

  /**
   * The plain frame block of frame {@code index} (FORMAT.md 5.1: {@code u32 declared ‖ zlib(payload)}),
   * decrypted for ASVR, so a client can inflate and rasterize it itself without the key. Checked before it
   * is returned: the block length is within what the payload cap allows (V13), the declared length is at
   * most the cap (V12) and within what the block could inflate to (V14); the zlib stream is <b>not</b>
   * inflated, so the rest of V13/V14 and V15-V20 are the consumer's to check. Failures are
   * {@link FormatException}s naming the rule.
   *
   * <p>Cached per handle (about 1 KB a frame, under the frame cache's bounds; concurrent callers share one
   * read). The buffer is shared and read-only: writing to it throws. Does not move the play position.
   */
  Future<Buffer> block(int index);

  /**
   * The error of the last call on this handle that failed, if any since the last {@link #clearError()}. Calls
   * are ordered by when they start: a failure that arrives after the call returned (a future completing
   * later, or a sync wait's "not ready" turning into the real failure) is recorded only if no newer call has
   * started meanwhile, and an older call never replaces the error of a newer one. With several threads on
   * one handle, the error may therefore be another thread's newer call's: attribute errors by the return
   * value (or the failed future) of your own call.
   */
  Optional<AlphaStreamException> lastError();

  void clearError();

  /** Counters of caches, scheduler and reader; all zero before the stream is open. */
  AlphaStreamStats stats();

  /**
   * Closes: pending requests fail with {@link ErrorCode#CLOSED}, workers are undeployed, the source and
   * (if the handle created it) the Vert.x instance are closed. Idempotent: every call returns the same future.
   */
  Future<Void> closeAsync();

  /**
   * {@link #closeAsync()}, then waits up to {@link AlphaStreamOptions#getCloseTimeoutMs() closeTimeoutMs}
   * for it unless called on a Vert.x thread. Safe to call twice; never throws.
   */
  @Override
  void close();

  /**
   * Builds an {@link AlphaStream} from plain values. Setters throw {@link InvalidArgumentException} for a
   * bad value. Without {@link #vertx(Vertx)}, the handle creates (and on close, closes) its own Vert.x.
   */
  final class Builder {
    private AlphaStreamOptions options = new AlphaStreamOptions();
    private RangeSource rangeSource;
    private Vertx vertx;

    Builder() {}

    /** Starts from a copy of {@code options} (replacing what was set so far). */
    public Builder options(AlphaStreamOptions options) {
      return apply(() -> this.options = new AlphaStreamOptions(options));
    }

    /** The stream locator: {@code http(s)://} URL, {@code file:} URL or file path. */
    public Builder source(String locator) {
      return apply(() -> options.setSource(locator));
    }

    /**
     * Reads the stream served at event-bus {@code address} (another stream's {@link #address(String)},
     * usually on another node of a clustered Vert.x) instead of opening a source: see
     * {@link AlphaStreamOptions#setRemoteAddress}. Pass the clustered Vert.x with {@link #vertx(Vertx)}.
     */
    public Builder remote(String address) {
      return apply(() -> {
        if (address == null) {
          throw new IllegalArgumentException("remote address must not be null");
        }
        options.setRemoteAddress(address);
      });
    }

    /** How long a remote stream retries a request nobody answers (default 5000 ms). */
    public Builder remoteRequestTimeoutMs(long ms) {
      return apply(() -> options.setRemoteRequestTimeoutMs(ms));
    }

    /**
     * The event-bus address at which the open stream answers engine requests from any node (default: a
     * unique one); see {@link AlphaStreamOptions#setAddress}.
     */
    public Builder address(String address) {
      return apply(() -> options.setAddress(address));
    }

    /** An already open source (memory, custom); the handle takes ownership and closes it. */
    public Builder source(RangeSource source) {
      if (source == null) {
        throw new InvalidArgumentException("source must not be null");
      }
      this.rangeSource = source;
      return this;
    }

    /** The ASVR passphrase bytes (copied). */
    public Builder passphrase(byte[] passphrase) {
      return apply(() -> options.setPassphrase(passphrase));
    }

    /** The ASVR passphrase as hex digits. */
    public Builder passphraseHex(String hex) {
      byte[] bytes;
      try {
        bytes = HexFormat.of().parseHex(hex == null ? "" : hex.trim());
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("passphrase must be hex digits"); // never echo the value
      }
      return passphrase(bytes);
    }

    /** ASVR salt: scene id. */
    public Builder sceneId(long sceneId) {
      return apply(() -> options.setSceneId(sceneId));
    }

    /** ASVR salt: version string (default {@code 1.5.0}). */
    public Builder version(String version) {
      return apply(() -> options.setVersion(version));
    }

    /** ASVR salt: file name (default: derived from the source). */
    public Builder name(String name) {
      return apply(() -> options.setName(name));
    }

    /** Forces ASVP or ASVR (default: detect). */
    public Builder format(StreamFormat format) {
      return apply(() -> options.setFormat(format));
    }

    /** Decoded frames kept in the cache (default 512). */
    public Builder cacheFrames(int frames) {
      return apply(() -> options.getCache().setMaxFrames(frames));
    }

    /** Byte bound of the decoded-frame cache. */
    public Builder cacheBytes(long bytes) {
      return apply(() -> options.getCache().setMaxBytes(bytes));
    }

    /** Frames prefetched ahead of the play position (default 30). */
    public Builder prefetchFrames(int frames) {
      return apply(() -> options.getScheduler().setPrefetchFrames(frames));
    }

    /** Decode worker instances (default: cores). */
    public Builder workers(int workers) {
      return apply(() -> options.setWorkers(workers));
    }

    /** Initial playback rate, frames per second (default 60). */
    public Builder rate(double fps) {
      return apply(() -> options.getScheduler().setRate(fps));
    }

    /** How long {@code getFrame} waits (default 12 ms; 0 = never wait). */
    public Builder frameWaitMs(long ms) {
      return apply(() -> options.setFrameWaitMs(ms));
    }

    public Builder openTimeoutMs(long ms) {
      return apply(() -> options.setOpenTimeoutMs(ms));
    }

    public Builder readTimeoutMs(long ms) {
      return apply(() -> options.setReadTimeoutMs(ms));
    }

    public Builder decodeTimeoutMs(long ms) {
      return apply(() -> options.setDecodeTimeoutMs(ms));
    }

    public Builder closeTimeoutMs(long ms) {
      return apply(() -> options.setCloseTimeoutMs(ms));
    }

    /** Runs on this Vert.x instead of creating one; the handle does not close it. */
    public Builder vertx(Vertx vertx) {
      this.vertx = vertx;
      return this;
    }

    /** A new, not yet started handle. */
    public AlphaStream build() {
      if (options.getRemoteAddress() != null && rangeSource != null) {
        throw new InvalidArgumentException("source and remoteAddress exclude each other: a remote stream opens no source");
      }
      if (rangeSource == null && options.getSource() == null && options.getRemoteAddress() == null) {
        throw new InvalidArgumentException(
            "a source is required: source(locator), source(RangeSource) or remote(address)");
      }
      apply(options::validate);
      return new AlphaStreamImpl(options, rangeSource, vertx);
    }

    private Builder apply(Runnable setter) {
      try {
        setter.run();
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException(e.getMessage());
      }
      return this;
    }
  }
}
