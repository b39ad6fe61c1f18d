package io.alphastream.engine;

import io.alphastream.format.Polygons;
import io.vertx.core.buffer.Buffer;

/**
 * Wire form of {@link Polygons} for the event-bus codecs: {@code u32 channels, u32 points,
 * (channels + 1) x i32 starts, points x i32 x, points x i32 y}, big-endian as Vert.x buffers write them.
 * Sizes are checked against the buffer before any allocation; the starts are checked by
 * {@link Polygons#wrap} (ascending, within the points).
 */
final class PolygonsWire {
  private PolygonsWire() {}

  static void write(Buffer b, Polygons p) {
    int channels = p.channelCount();
    int points = p.totalPoints();
    b.appendInt(channels).appendInt(points);
    for (int c = 0; c < channels; c++) {
      b.appendInt(p.start(c));
    }
    b.appendInt(points);
    for (int i = 0; i < points; i++) {
      b.appendInt(p.x(i));
    }
    for (int i = 0; i < points; i++) {
      b.appendInt(p.y(i));
    }
  }

  static int length(Polygons p) {
    return 8 + 4 * (p.channelCount() + 1) + 8 * p.totalPoints();
  }

  /** Reads polygons at {@code pos}; a malformed message is a {@code TransportException} (BAD_RESPONSE). */
  static Polygons read(Buffer b, int pos) {
    int channels = Wire.getInt(b, pos, "polygons");
    int points = Wire.getInt(b, pos + 4, "polygons");
    long need = 8L + 4L * (channels + 1L) + 8L * points;
    if (channels < 0 || points < 0 || pos + need > b.length()) {
      throw Wire.malformed("polygons: " + channels + " channels, " + points + " points in " + b.length() + " bytes");
    }
    int at = pos + 8;
    int[] starts = new int[channels + 1];
    for (int c = 0; c <= channels; c++, at += 4) {
      starts[c] = b.getInt(at);
    }
    int[] xs = new int[points];
    int[] ys = new int[points];
    for (int i = 0; i < points; i++, at += 4) {
      xs[i] = b.getInt(at);
    }
    for (int i = 0; i < points; i++, at += 4) {
      ys[i] = b.getInt(at);
    }
    try {
      return Polygons.wrap(starts, xs, ys);
    } catch (RuntimeException e) {
      throw Wire.malformed("polygons: " + e.getMessage());
    }
  }
}
