package io.alphastream.engine;

import io.vertx.core.eventbus.MessageCodec;

/**
 * The shared part of the engine's codecs: a user codec ({@code systemCodecID = -1}) whose local
 * {@code transform} hands the same instance to the receiver, without copying or serialising. That is safe
 * because every message is immutable or handed off: polygons are immutable, and the sender never touches a
 * request's block or a reply's fresh mask again. Subclasses write only the wire form (clustered use).
 */
abstract class PassThroughCodec<T> implements MessageCodec<T, T> {
  private final String name;

  PassThroughCodec(String name) {
    this.name = name;
  }

  @Override
  public final T transform(T message) {
    return message;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final byte systemCodecID() {
    return -1;
  }
}
