package io.alphastream.gateway.protocol;

import io.alphastream.InvalidArgumentException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** A control message from the client (JSON text). See docs/protocol.md. */
public sealed interface ControlMessage {

  /** Jump to {@code frame}; it is sent next and the clock restarts from it. */
  record Seek(int frame) implements ControlMessage {}

  /** Push at {@code fps} from the current frame on. */
  record Rate(double fps) implements ControlMessage {}

  /** Stop pushing; the position is kept. */
  record Pause() implements ControlMessage {}

  /** Push again from the position where the client paused. */
  record Resume() implements ControlMessage {}

  /** Switch to masks of {@code width x height} from the next frame on. */
  record Size(int width, int height) implements ControlMessage {}

  /**
   * Parses and validates one control message.
   *
   * @throws InvalidArgumentException when it is not a JSON object, has an unknown type or a field out of range
   */
  static ControlMessage parse(String text, StreamInfo stream, ProtocolLimits limits) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new InvalidArgumentException("control message is not a JSON object: \"" + SubscribeQuery.abbreviate(text) + "\"");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String)) {
      throw new InvalidArgumentException("control message has no string \"type\"");
    }
    switch ((String) type) {
      case "seek": {
        long frame = integer(json, "frame");
        SubscribeQuery.checkFrame("frame", frame, stream.frames());
        return new Seek((int) frame);
      }
      case "rate": {
        double fps = number(json, "fps");
        SubscribeQuery.checkFps(fps, limits);
        return new Rate(fps);
      }
      case "pause":
        return new Pause();
      case "resume":
        return new Resume();
      case "size": {
        long w = integer(json, "w");
        long h = integer(json, "h");
        SubscribeQuery.checkSize("w", w, limits.maxWidth());
        SubscribeQuery.checkSize("h", h, limits.maxHeight());
        return new Size((int) w, (int) h);
      }
      default:
        throw new InvalidArgumentException("unknown control message type \"" + SubscribeQuery.abbreviate((String) type) + "\"");
    }
  }

  private static long integer(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
      return n.longValue(); // 5.0 from a client that formats every number as a double
    }
    throw new InvalidArgumentException("\"" + field + "\" must be an integer: " + json.getValue(field));
  }

  private static double number(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new InvalidArgumentException("\"" + field + "\" must be a number: " + v);
  }
}
