package io.alphastream.gateway.protocol;

import io.alphastream.InvalidArgumentException;
import io.alphastream.gateway.encode.Encoding;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The validated query of {@code /ws/streams/{id}?w=&h=&fps=&start=&encoding=}. Absent parameters take the
 * stream's defaults: native fps (capped at the limit); native size (scaled down to fit the limits; one of
 * w, h alone keeps the native aspect ratio); start 0; encoding rle. Unknown parameters are ignored (for
 * example {@code access_token}).
 *
 * @param width    mask width, 1..maxWidth
 * @param height   mask height, 1..maxHeight
 * @param fps      push rate, (0, maxFps]
 * @param start    first frame, [0, frames)
 * @param encoding payload encoding (rle, r8 or poly)
 */
public record SubscribeQuery(int width, int height, double fps, int start, Encoding encoding) {
  private static final Pattern INT = Pattern.compile("[0-9]{1,9}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,9})?");

  /**
   * Parses and validates; {@code params} returns all values of a parameter (empty when absent).
   *
   * @throws InvalidArgumentException naming the parameter and the bad value
   */
  public static SubscribeQuery parse(Function<String, List<String>> params, StreamInfo stream, ProtocolLimits limits) {
    Integer w = intParam(params, "w");
    Integer h = intParam(params, "h");
    if (w == null && h == null) { // native size, scaled down to fit the limits
      double scale = Math.min(1.0, Math.min((double) limits.maxWidth() / stream.nativeWidth(),
          (double) limits.maxHeight() / stream.nativeHeight()));
      w = (int) Math.max(1, Math.floor(stream.nativeWidth() * scale));
      h = (int) Math.max(1, Math.floor(stream.nativeHeight() * scale));
    } else if (h == null) {
      h = (int) Math.max(1, Math.round((double) w * stream.nativeHeight() / stream.nativeWidth()));
    } else if (w == null) {
      w = (int) Math.max(1, Math.round((double) h * stream.nativeWidth() / stream.nativeHeight()));
    }
    checkSize("w", w, limits.maxWidth());
    checkSize("h", h, limits.maxHeight());
    String fpsText = single(params, "fps");
    double fps = Math.min(stream.fps(), limits.maxFps());
    if (fpsText != null) {
      if (!DECIMAL.matcher(fpsText).matches()) {
        throw new InvalidArgumentException("fps must be a decimal number: \"" + fpsText + "\"");
      }
      fps = Double.parseDouble(fpsText);
    }
    checkFps(fps, limits);
    Integer start = intParam(params, "start");
    if (start == null) {
      start = 0;
    }
    checkFrame("start", start, stream.frames());
    String enc = single(params, "encoding");
    return new SubscribeQuery(w, h, fps, start, enc == null ? Encoding.RLE : Encoding.ofName(enc));
  }

  static void checkSize(String name, long v, int max) {
    if (v < 1 || v > max) {
      throw new InvalidArgumentException(name + " must be in 1.." + max + ": " + v);
    }
  }

  static void checkFps(double fps, ProtocolLimits limits) {
    if (!(fps > 0 && fps <= limits.maxFps())) {
      throw new InvalidArgumentException("fps must be in (0, " + fmt(limits.maxFps()) + "]: " + fmt(fps));
    }
  }

  static void checkFrame(String name, long frame, int frames) {
    if (frame < 0 || frame >= frames) {
      throw new InvalidArgumentException(name + " must be a frame in [0, " + frames + "): " + frame);
    }
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static Integer intParam(Function<String, List<String>> params, String name) {
    String s = single(params, name);
    if (s == null) {
      return null;
    }
    if (!INT.matcher(s).matches()) {
      throw new InvalidArgumentException(name + " must be a non-negative integer: \"" + abbreviate(s) + "\"");
    }
    return Integer.parseInt(s);
  }

  private static String single(Function<String, List<String>> params, String name) {
    List<String> values = params.apply(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new InvalidArgumentException(name + " is given " + values.size() + " times");
    }
    return values.get(0);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
