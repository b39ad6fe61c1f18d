package io.alphastream.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Joins a client's WebSocket frames (a text or binary frame, then continuations) into messages, keeping at
 * most {@code maxBytes} of one: a longer message is read to its end but not kept, and reported as too large.
 * The gateway does this itself instead of using Vert.x's message aggregation, whose size limit reports an
 * oversized message only as an untyped exception. Netty's frame limit still ends a connection whose single
 * frame is too large. Event-loop confined, one per subscriber.
 */
final class ControlAssembler {
  /** A complete message: text, binary, or too large to keep (then neither). */
  record Message(boolean binary, boolean tooLarge, String text) {}

  private final int maxBytes;
  private Buffer parts;
  private boolean binary;
  private boolean tooLarge;
  private boolean inMessage;

  ControlAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Adds one frame; returns the message it completes, or null (more frames to come, or not a data frame). */
  Message add(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      inMessage = true;
      binary = frame.isBinary();
      tooLarge = false;
      parts = Buffer.buffer();
    } else if (!frame.isContinuation() || !inMessage) {
      return null; // ping, pong, close (Vert.x answers them), or a continuation of nothing (Netty refuses those)
    }
    if (!tooLarge) {
      Buffer data = frame.binaryData();
      if (parts.length() + data.length() > maxBytes) {
        tooLarge = true;
        parts = null;
      } else {
        parts.appendBuffer(data);
      }
    }
    if (!frame.isFinal()) {
      return null;
    }
    inMessage = false;
    Message m = new Message(binary, tooLarge, tooLarge || binary ? null : parts.toString(StandardCharsets.UTF_8));
    parts = null;
    return m;
  }
}
