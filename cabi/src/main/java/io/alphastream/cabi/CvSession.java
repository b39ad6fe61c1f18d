package io.alphastream.cabi;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamException;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.format.Polygons;
import io.alphastream.geometry.TriangleStrip;
import io.alphastream.source.KeyOptions;
import io.alphastream.source.StreamSources;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
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

  /**
   * Decode workers per handle. A guest in someone else's process: two keep 1920 x 960 playback well
   * ahead of 60 frames/s (docs/cabi.md) without a thread per core of the host's machine.
   */
  static final int GUEST_WORKERS = Math.min(2, AlphaStreamOptions.DEFAULT_WORKERS);

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
    // (read only when the file needs a key: a malformed value must not break an ASVP file)
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
        .workers(GUEST_WORKERS)
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
      s.closeAsync(); // an open that timed out settles in the background: CV_init returns now
      if (e != null) {
        throw (AlphaStreamException) StreamSources.explain(e, key, System::getenv);
      }
      throw new FrameNotReadyException("CV_init: " + p.baseUrl() + " did not open within "
          + p.initTimeoutMs() + " ms");
    }
    int total = s.totalFrames();
    if (p.startFrame() >= total) {
      s.close();
      throw new CvArgumentException("start_frame " + p.startFrame() + " is out of range: "
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
    } catch (TimeoutException | ExecutionException e) {
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
   * from the mask cache; {@code dst} is untouched when this throws. Waits on this call's own future, so the
   * failure thrown is this call's, whatever other threads do on the same handle at the same time.
   */
  void frame(long index, int width, int height, ByteBuffer dst) {
    AlphaStream s = open();
    int i = checkIndex(s, index);
    s.seek(i); // the play position, as getFrame marks it
    ByteBuffer mask = await(s.maskView(i, width, height), s, "frame " + index);
    dst.put(dst.position(), mask, 0, width * height);
  }

  float[] triangles(long index) {
    AlphaStream s = open();
    int i = checkIndex(s, index);
    return TriangleStrip.vertices(await(s.polygons(i), s, "vertices of frame " + index));
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
      throw new CvArgumentException(InvalidArgumentException.frame(index, total).getMessage());
    }
    return (int) index;
  }

  /** The value of this call's future within the data timeout; its own failure otherwise. */
  private <T> T await(Future<T> f, AlphaStream s, String what) {
    try {
      if (f.isComplete()) {
        return f.toCompletionStage().toCompletableFuture().get(); // no wait: a cache hit stays cheap
      }
      return f.toCompletionStage().toCompletableFuture().get(dataTimeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new FrameNotReadyException(s.source() + ": " + what + " is not ready within " + dataTimeoutMs + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FrameNotReadyException(s.source() + ": " + what + ": interrupted while waiting");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
