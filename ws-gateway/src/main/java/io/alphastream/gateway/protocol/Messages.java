package io.alphastream.gateway.protocol;

import io.alphastream.gateway.encode.FrameHeader;
import io.vertx.core.json.JsonObject;

/** The JSON text messages the gateway sends. See docs/protocol.md. */
public final class Messages {
  private Messages() {}

  /** First message of every subscription; {@code node}: the id of the gateway node serving it. */
  public static JsonObject hello(StreamInfo stream, SubscribeQuery query, String node) {
    return new JsonObject().put("type", "hello").put("protocol", FrameHeader.VERSION).put("node", node)
        .put("stream", stream.id())
        .put("frames", stream.frames()).put("fps", query.fps()).put("width", query.width())
        .put("height", query.height()).put("encoding", query.encoding().wireName()).put("start", query.start());
  }

  /** The subscription's state, sent after every valid control message. */
  public static JsonObject state(int frame, double fps, boolean paused, int width, int height) {
    return new JsonObject().put("type", "state").put("frame", frame).put("fps", fps).put("paused", paused)
        .put("width", width).put("height", height);
  }

  /** An error; {@code fatal} errors are followed by a close. */
  public static JsonObject error(ErrorKind kind, String message, boolean fatal) {
    return new JsonObject().put("type", "error").put("code", kind.wireName()).put("message", message)
        .put("fatal", fatal);
  }
}
