package io.alphastream.cabi;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamException;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.format.Polygons;
import io.alphastream.source.KeyOptions;
import io.alphastream.source.StreamSources;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Java half of one {@code CV_*} handle: one {@link AlphaStream} facade configured from the
 * {@code CV_init} arguments. Methods throw; {@link CvExports} translates. Thread-safe: the facade is,
 * and the stream reference is swapped atomically on re-initialisation.
 */
final class CvSession {

  /** The {@code CV_init} arguments, as plain values. */
  record Params(String baseUrl, long sceneId, int width, int height, String version, long startFrame,
      int l0Frames, int l1Frames, int l1InitFrames, int initTimeoutMs, int dataTimeoutMs,
      byte[] passphrase, double rate) {}

  private volatile AlphaStream stream;
  private volatile int dataTimeoutMs;

  /** Opens the stream; on failure the session is left without one. */
  void init(Params p) {
    AlphaStream previous = stream;
    stream = null;
    if (previous != null) {
      previous.close();
    }
    // the source model resolves the locator and the key: the host's bytes, else the default variable
    KeyOptions key;
    try {
      key = new KeyOptions().setSceneId(p.sceneId()).setSaltVersion(p.version());
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("CV_init: " + e.getMessage());
    }
    byte[] passphrase = p.passphrase();
    if (passphrase != null) {
      key.setPassphrase(passphrase); // copied
      Arrays.fill(passphrase, (byte) 0);
    }
    AlphaStream.Builder b = StreamSources.configure(AlphaStream.builder(), p.baseUrl(), key, System::getenv)
        .prefetchFrames(p.l0Frames())
        .openTimeoutMs(p.initTimeoutMs())
        .frameWaitMs(p.dataTimeoutMs());
    if (p.l1Frames() > 0) {
      b.cacheFrames(Math.max(p.l1Frames(), p.l1InitFrames()));
    }
    if (!Double.isNaN(p.rate())) {
      b.rate(p.rate());
    }
    AlphaStream s = b.build();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(p.initTimeoutMs());
    if (!s.start()) {
      AlphaStreamException e = s.lastError().orElse(null);
      s.close();
      throw e != null ? e : new FrameNotReadyException("CV_init: " + p.baseUrl() + " did not open within "
          + p.initTimeoutMs() + " ms");
    }
    int total = s.totalFrames();
    if (p.startFrame() >= total) {
      s.close();
      throw new InvalidArgumentException("start_frame " + p.startFrame() + " is out of range: "
          + s.source() + " has " + total + " frames");
    }
    s.seek((int) p.startFrame());
    warmUp(s, (int) p.startFrame(), Math.min(p.l1InitFrames(), total - (int) p.startFrame()), deadline);
    dataTimeoutMs = p.dataTimeoutMs();
    stream = s;
  }

  /**
   * Decodes the first {@code count} frames from {@code start} into the cache, until the init
   * deadline at the latest. Best effort: frames still missing then are fetched on demand.
   */
  private static void warmUp(AlphaStream s, int start, int count, long deadlineNanos) {
    if (count <= 0) {
      return;
    }
    List<Future<Polygons>> loads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      loads.add(s.polygons(start + i));
    }
    long left = deadlineNanos - System.nanoTime();
    try {
      Future.join(loads).toCompletionStage().toCompletableFuture().get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      // best effort: a frame that failed or is late is reported when the host asks for it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AlphaStream open() {
    AlphaStream s = stream;
    if (s == null) {
      throw new StreamClosedException("not initialised: call CV_init first");
    }
    return s;
  }

  int frameCount() {
    return open().totalFrames();
  }

  /**
   * Writes frame {@code index} at {@code width x height} into {@code dst} (from its position), copied once
   * from the mask cache; {@code dst} is untouched when this throws.
   */
  void frame(long index, int width, int height, ByteBuffer dst) {
    AlphaStream s = open();
    int i = checkIndex(s, index);
    if (!s.getFrameInto(i, width, height, dataTimeoutMs, dst)) {
      throw failure(s, "frame " + index + " is not ready within " + dataTimeoutMs + " ms");
    }
  }

  float[] triangles(long index) {
    AlphaStream s = open();
    int i = checkIndex(s, index);
    Optional<Polygons> p = s.getPolygons(i);
    if (p.isPresent()) {
      return TriangleStrip.vertices(p.get());
    }
    throw failure(s, "vertices of frame " + index + " are not ready within " + dataTimeoutMs + " ms");
  }

  void setRate(double fps) {
    open().setRate(fps);
  }

  void close() {
    AlphaStream s = stream;
    stream = null;
    if (s != null) {
      s.close();
    }
  }

  private static int checkIndex(AlphaStream s, long index) {
    int total = s.totalFrames();
    if (index < 0 || index >= total) {
      throw InvalidArgumentException.frame(index, total);
    }
    return (int) index;
  }

  private static AlphaStreamException failure(AlphaStream s, String notReady) {
    Optional<AlphaStreamException> e = s.lastError();
    s.clearError();
    return e.orElseGet(() -> new FrameNotReadyException(s.source() + ": " + notReady));
  }
}
