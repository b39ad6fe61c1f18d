package io.alphastream.cabi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The JNI entry points of libalphastream.so (alphastream.c calls these by name and signature; keep
 * both in step). Every method catches every {@link Throwable}: nothing crosses the boundary. A
 * failing method returns a non-zero code (or {@code null}) and leaves the code and text of the
 * failure for the calling thread in {@link #lastCode()} / {@link #lastText()}, which the C side reads
 * at once and stores as the calling thread's last error on the handle.
 *
 * <p>Sessions are passed as {@code Object} so the C side needs no second class lookup.
 */
public final class CvExports {
  private static final ThreadLocal<Failure> LAST = new ThreadLocal<>();

  private record Failure(int code, String text) {}

  static {
    CvLog.configure(); // before any Vert.x or Netty class makes a logger: nothing reaches the host's stderr
  }

  private CvExports() {}

  /** Classes whose loading dominates the first CV_init; loaded once when the JVM starts. */
  private static final String[] WARM_CLASSES = {
    "io.alphastream.AlphaStream", "io.alphastream.impl.AlphaStreamImpl", "io.vertx.core.Vertx",
    "io.vertx.core.impl.VertxImpl", "io.vertx.core.http.HttpClient", "io.netty.channel.nio.NioEventLoopGroup",
    "io.netty.buffer.PooledByteBufAllocator", "com.github.benmanes.caffeine.cache.Caffeine",
    "org.bouncycastle.crypto.generators.SCrypt", "io.alphastream.raster.Rasterizer"};

  /**
   * Called once after the JVM starts, before any CV_init: loads the heavy classes so that a cold JVM
   * does not spend the host's init_timeout_ms on class loading. Failures are ignored (a missing class
   * shows up, with a proper message, in CV_init itself).
   */
  static void warmUp() {
    for (String name : WARM_CLASSES) {
      try {
        Class.forName(name, true, CvExports.class.getClassLoader());
      } catch (Throwable ignored) {
        // reported by the first CV_init that needs the class
      }
    }
  }

  static Object create() {
    return new CvSession();
  }

  static int init(Object session, byte[] url, long sceneId, int width, int height, byte[] version,
      long startFrame, int l0, int l1, int l1Init, int initTimeoutMs, int dataTimeoutMs,
      byte[] passphrase, double rate, boolean rateSet) {
    try {
      ((CvSession) session).init(new CvSession.Params(new String(url, StandardCharsets.UTF_8), sceneId,
          width, height, new String(version, StandardCharsets.UTF_8), startFrame, l0, l1, l1Init,
          initTimeoutMs, dataTimeoutMs, passphrase, rateSet ? rate : Double.NaN));
      return CvErrorCodes.OK;
    } catch (Throwable t) {
      return fail(t, CvErrorCodes.Call.INIT);
    }
  }

  static int frame(Object session, long index, int width, int height, ByteBuffer dst) {
    try {
      ((CvSession) session).frame(index, width, height, dst); // dst wraps the C buffer: the only copy
      return CvErrorCodes.OK;
    } catch (Throwable t) {
      return fail(t, CvErrorCodes.Call.FRAME);
    }
  }

  static float[] triangles(Object session, long index) {
    try {
      return ((CvSession) session).triangles(index);
    } catch (Throwable t) {
      fail(t, CvErrorCodes.Call.VERTICES);
      return null;
    }
  }

  static int frameCount(Object session) {
    try {
      return ((CvSession) session).frameCount();
    } catch (Throwable t) {
      fail(t, CvErrorCodes.Call.INIT);
      return -1;
    }
  }

  static int setRate(Object session, double fps) {
    try {
      ((CvSession) session).setRate(fps);
      return CvErrorCodes.OK;
    } catch (Throwable t) {
      return fail(t, CvErrorCodes.Call.RATE);
    }
  }

  static void close(Object session) {
    try {
      ((CvSession) session).close();
    } catch (Throwable t) {
      // CV_destroy returns nothing and the handle is gone: there is nobody left to report to.
      fail(t, CvErrorCodes.Call.INIT);
    }
  }

  static int lastCode() {
    Failure f = LAST.get();
    return f == null ? CvErrorCodes.OK : f.code();
  }

  static byte[] lastText() {
    Failure f = LAST.get();
    return (f == null ? "OK" : f.text()).getBytes(StandardCharsets.UTF_8);
  }

  /** The single translation point: records code and text for this thread, returns the code. */
  private static int fail(Throwable t, CvErrorCodes.Call call) {
    int code;
    String text;
    try {
      code = CvErrorCodes.code(t, call);
      text = CvErrorCodes.text(t);
    } catch (Throwable again) { // even an OOM while formatting must not escape
      code = call.fallback;
      text = "internal error";
    }
    LAST.set(new Failure(code, text));
    return code;
  }
}
