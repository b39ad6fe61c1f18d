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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event-bus edge of the error hierarchy: a consumer fails a message with the {@link ErrorCode#id()}
 * and the message of our exception; the requester maps the {@link ReplyException} back to the typed
 * exception. One method per direction.
 */
final class ReplyErrors {
  private static final Pattern RULE = Pattern.compile(": (V\\d\\d) (.*)$", Pattern.DOTALL);

  private ReplyErrors() {}

  /** Fails {@code msg} with the code and message of {@code err}. */
  public static void fail(Message<?> msg, Throwable err) {
    if (err instanceof AlphaStreamException e) {
      msg.fail(e.code().id(), e.getMessage());
    } else {
      // Not one of ours: a defect. Report it as IO so callers treat it as a failed load, not bad input.
      msg.fail(ErrorCode.IO.id(), "unexpected failure: " + err);
    }
  }

  /**
   * The typed exception for a failed request about {@code frame} of {@code source}: our own exceptions
   * pass unchanged, reply failures are mapped by code (timeouts are {@code NOT_READY}, a missing consumer
   * means the stream was closed).
   */
  public static AlphaStreamException toException(Throwable err, String source, int frame) {
    if (err instanceof AlphaStreamException e) {
      return e;
    }
    if (err instanceof TimeoutException) {
      return new TransportException(TransportException.Kind.TIMEOUT, true,
          source + ", frame " + frame + ": read timed out", err);
    }
    if (!(err instanceof ReplyException re)) {
      return new TransportException(TransportException.Kind.IO, source + ", frame " + frame + ": " + err, err);
    }
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
      case CORRUPT_INPUT: {
        Matcher m = RULE.matcher(msg == null ? "" : msg);
        return m.find() ? new FormatException(m.group(1), source, frame, m.group(2))
            : new FormatException("V00", source, frame, String.valueOf(msg));
      }
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
