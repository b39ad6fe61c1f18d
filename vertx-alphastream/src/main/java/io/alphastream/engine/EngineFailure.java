package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.FormatException;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * One of our exceptions as an event-bus reply failure, with its structure kept: the {@link ErrorCode}
 * (also the {@link #failureCode()}, so any requester can switch on it), and for a {@link FormatException}
 * the rule, source, frame and detail, for a {@link KeyException} the rule, for a
 * {@link TransportException} the kind and whether it is retryable. {@link #toException()} rebuilds the
 * exception the consumer threw, without reading anything back out of the message text.
 *
 * <p>A consumer replies with it ({@code msg.reply(EngineFailure.of(err))}): Vert.x fails the requester's
 * future with a {@link ReplyException} body as it is. {@link EngineCodecs} registers its wire codec, so the
 * structure also survives a clustered event bus; immutable, so local delivery passes the same instance.
 */
public final class EngineFailure extends ReplyException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String rule;
  private final String source;
  private final long frame;
  private final String detail;
  private final String kind;
  private final boolean retryable;

  EngineFailure(ErrorCode code, String message, String rule, String source, long frame, String detail,
      String kind, boolean retryable) {
    super(ReplyFailure.RECIPIENT_FAILURE, code.id(), message, false);
    this.code = code;
    this.rule = rule;
    this.source = source;
    this.frame = frame;
    this.detail = detail;
    this.kind = kind;
    this.retryable = retryable;
  }

  /** {@code err} as a reply failure; anything not ours is a defect, reported as {@code IO}. */
  public static EngineFailure of(Throwable err) {
    if (err instanceof FormatException f) {
      return new EngineFailure(f.code(), f.getMessage(), f.rule(), f.source(), f.frame(), f.detail(), null, false);
    }
    if (err instanceof KeyException k) {
      return new EngineFailure(k.code(), k.getMessage(), k.rule(), null, -1, null, null, false);
    }
    if (err instanceof TransportException t) {
      return new EngineFailure(t.code(), t.getMessage(), null, null, -1, null, t.kind().name(), t.retryable());
    }
    if (err instanceof AlphaStreamException e) {
      return new EngineFailure(e.code(), e.getMessage(), null, null, -1, null, null, false);
    }
    // not one of ours: a defect; IO so callers treat it as a failed load, not bad input
    return new EngineFailure(ErrorCode.IO, "unexpected failure: " + err, null, null, -1, null,
        TransportException.Kind.IO.name(), false);
  }

  public ErrorCode code() {
    return code;
  }

  /** The rule id of a format or key failure ({@code "V02"}), else null. */
  public String rule() {
    return rule;
  }

  /** The source a format failure names, else null. */
  public String source() {
    return source;
  }

  /** The frame of a frame-level format failure, else -1. */
  public long frame() {
    return frame;
  }

  /** A format failure's detail (its message without source, frame and rule), else null. */
  public String detail() {
    return detail;
  }

  /** The {@link TransportException.Kind} name of a transport failure, else null. */
  public String kind() {
    return kind;
  }

  public boolean retryable() {
    return retryable;
  }

  /**
   * The exception the consumer threw, rebuilt: same class, code, message, rule, frame and kind.
   * {@code closedSource} names the stream of a {@link StreamClosedException} (which keeps only its message).
   */
  public AlphaStreamException toException(String closedSource) {
    switch (code) {
      case INVALID_ARGUMENT:
        return new InvalidArgumentException(getMessage());
      case CORRUPT_INPUT:
        return rule != null && detail != null ? new FormatException(rule, source, frame, detail)
            : new FormatException("V00", source, frame, getMessage());
      case BAD_KEY:
        return new KeyException(rule, getMessage());
      case NOT_READY:
        return new FrameNotReadyException(getMessage());
      case CLOSED:
        return new StreamClosedException(closedSource);
      case IO:
      default:
        return new TransportException(kind == null ? TransportException.Kind.IO : TransportException.Kind.valueOf(kind),
            retryable, getMessage(), this);
    }
  }

  @Override
  public String toString() {
    return "(" + code + ") " + getMessage();
  }
}
