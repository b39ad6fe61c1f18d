package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.FormatException;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.concurrent.TimeoutException;

/**
 * The event-bus edge of the error hierarchy: a consumer fails a message with an {@link EngineFailure}
 * (a {@link ReplyException} carrying our exception's structure, with a wire codec); the requester rebuilds
 * the typed exception from it. One method per direction. Nothing is parsed out of a message text.
 */
final class ReplyErrors {
  private ReplyErrors() {}

  /** Fails {@code msg} with {@code err}: failure code {@link ErrorCode#id()}, structure kept. */
  static void fail(Message<?> msg, Throwable err) {
    msg.reply(EngineFailure.of(err)); // a ReplyException body fails the requester with that exception
  }

  /**
   * The typed exception for a failed request about {@code frame} of {@code source}: our own exceptions
   * pass unchanged, reply failures are mapped by code (timeouts are {@code NOT_READY}, a missing consumer
   * means the stream was closed).
   */
  static AlphaStreamException toException(Throwable err, String source, int frame) {
    if (err instanceof AlphaStreamException e) {
      return e;
    }
    if (err instanceof EngineFailure f) {
      return f.toException(source);
    }
    if (err instanceof TimeoutException) {
      return new TransportException(TransportException.Kind.TIMEOUT, true,
          source + ", frame " + frame + ": read timed out", err);
    }
    if (!(err instanceof ReplyException re)) {
      return new TransportException(TransportException.Kind.IO, source + ", frame " + frame + ": " + err, err);
    }
    // a plain ReplyException: Vert.x's own failures by type, anyone else's by code
    String msg = re.getMessage();
    switch (re.failureType()) {
      case TIMEOUT:
        return new FrameNotReadyException(source + ", frame " + frame + ": worker did not answer in time");
      case NO_HANDLERS:
        return new StreamClosedException(source);
      default:
        break;
    }
    switch (ErrorCode.fromId(re.failureCode())) {
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(msg);
      case CORRUPT_INPUT: // a plain code and message (a foreign consumer): the rule is not known
        return new FormatException("V00", source, frame, String.valueOf(msg));
      case BAD_KEY:
        return new KeyException("V02", msg);
      case NOT_READY:
        return new FrameNotReadyException(msg);
      case CLOSED:
        return new StreamClosedException(source);
      case IO:
      default:
        return new TransportException(TransportException.Kind.IO, msg, re);
    }
  }
}
