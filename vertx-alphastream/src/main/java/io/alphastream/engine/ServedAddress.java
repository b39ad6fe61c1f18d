package io.alphastream.engine;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The event-bus address a remote stream reads from, seen as request/reply with failover: a request that
 * nobody answers (no consumer, a server whose stream is closing, a send that failed on its way, no reply
 * within one attempt) is sent again after a short growing pause until its deadline, so whoever registers
 * at the address meanwhile answers it. Confined to the owning verticle's context.
 */
final class ServedAddress {
  /** First pause before asking again; it doubles up to {@link #MAX_RETRY_MS}. */
  static final long FIRST_RETRY_MS = 20;
  static final long MAX_RETRY_MS = 250;
  /** Shortest deadline of one attempt: below it a busy server's reply would be taken for silence. */
  static final long MIN_ATTEMPT_MS = 250;

  private final Vertx vertx;
  private final String remote;
  private final BooleanSupplier closing;
  private final Supplier<String> locator;
  /** Requests between attempts or awaiting a reply. */
  private final Set<Promise<?>> asking = new HashSet<>();

  /** {@code closing} stops retries (they fail with CLOSED naming {@code locator}). */
  ServedAddress(Vertx vertx, String remote, BooleanSupplier closing, Supplier<String> locator) {
    this.vertx = vertx;
    this.remote = remote;
    this.closing = closing;
    this.locator = locator;
  }

  /** Fails every request still asking (the owner is closing). */
  void failAll(Throwable err) {
    for (Promise<?> p : new ArrayList<>(asking)) {
      p.tryFail(err);
    }
  }

  /**
   * Asks {@code req} until a server answers or {@code timeoutMs} have passed; the result is the reply's
   * body (of {@code type}, else {@code BAD_RESPONSE}), the server's failure as it came, or the
   * {@code CONNECTION} / {@code TIMEOUT} error naming {@code reportedMs}. Each attempt waits at most a
   * quarter of the time (at least {@link #MIN_ATTEMPT_MS}): a request sent to a node that just died is never
   * answered, and the next attempt reaches whoever serves the address now. Call on the owner's context.
   */
  <T> Future<T> ask(StreamRequest req, Class<T> type, long timeoutMs, long reportedMs) {
    Promise<T> p = Promise.promise();
    asking.add(p);
    p.future().onComplete(ar -> asking.remove(p));
    new Attempts<>(req, type, timeoutMs, reportedMs, p).next();
    return p.future();
  }

  /** The attempts of one request, until an answer or the deadline. On this context. */
  private final class Attempts<T> {
    private final StreamRequest req;
    private final Class<T> type;
    private final long deadline;
    private final long attemptMs;
    private final long reportedMs;
    private final Promise<T> result;
    private long pauseMs = FIRST_RETRY_MS;
    private TransportException.Kind silence;

    Attempts(StreamRequest req, Class<T> type, long timeoutMs, long reportedMs, Promise<T> result) {
      this.req = req;
      this.type = type;
      this.deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      this.attemptMs = Math.max(MIN_ATTEMPT_MS, timeoutMs / 4);
      this.reportedMs = reportedMs;
      this.result = result;
    }

    void next() {
      if (closing.getAsBoolean()) {
        result.tryFail(new StreamClosedException(locator.get()));
        return;
      }
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
      long thisMs = Math.min(leftMs, attemptMs);
      vertx.eventBus().request(remote, req, new DeliveryOptions().setSendTimeout(thisMs))
          .onComplete(ar -> settled(ar.succeeded() ? ar.result() : null, ar.cause(), thisMs < attemptMs));
    }

    private void settled(Message<Object> reply, Throwable err, boolean cutShort) {
      if (err == null) {
        answered(reply);
        return;
      }
      TransportException.Kind kind = silence(err);
      if (kind == null) {
        result.tryFail(err); // the server's own answer: mapped to our typed exception by the caller
        return;
      }
      // an attempt cut short by the deadline says nothing about whether anyone listens
      if (!(cutShort && kind == TransportException.Kind.TIMEOUT && silence != null)) {
        silence = kind;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        result.tryFail(unanswered(silence, req, reportedMs));
        return;
      }
      long pause = Math.max(1, Math.min(pauseMs, left / 1_000_000L));
      pauseMs = Math.min(MAX_RETRY_MS, pauseMs * 2);
      vertx.setTimer(pause, t -> next());
    }

    private void answered(Message<Object> reply) {
      Object body;
      try {
        body = reply.body();
      } catch (RuntimeException e) {
        result.tryFail(e);
        return;
      }
      if (type.isInstance(body)) {
        result.tryComplete(type.cast(body));
      } else {
        result.tryFail(new TransportException(TransportException.Kind.BAD_RESPONSE, false, "the stream at event-bus address "
            + remote + " answered a " + req.kind() + " request with "
            + (body == null ? "null" : body.getClass().getSimpleName()), null));
      }
    }
  }

  /**
   * Whether {@code err} means "nobody served this request" (ask again) and how: {@code CONNECTION} when
   * nobody took it (no consumer; a server closing its stream; a send that failed on its way),
   * {@code TIMEOUT} when no reply came. Null for a server's real answer.
   */
  static TransportException.Kind silence(Throwable err) {
    if (err instanceof EngineFailure f) {
      return f.code() == ErrorCode.CLOSED ? TransportException.Kind.CONNECTION : null;
    }
    if (err instanceof ReplyException re) {
      return switch (re.failureType()) {
        case TIMEOUT -> TransportException.Kind.TIMEOUT;
        case RECIPIENT_FAILURE -> null; // a consumer answered with a failure
        default -> TransportException.Kind.CONNECTION; // NO_HANDLERS; ERROR: the send failed on its way
      };
    }
    // ours is an answer; anything else failed on the way (a connection to a node that just died)
    return err instanceof AlphaStreamException ? null : TransportException.Kind.CONNECTION;
  }

  private TransportException unanswered(TransportException.Kind kind, StreamRequest req, long timeoutMs) {
    String what = req.kind() == StreamRequest.Kind.INFO ? "" : " for frame " + req.frame();
    String message = kind == TransportException.Kind.CONNECTION
        ? "no stream answers at event-bus address " + remote + " within " + timeoutMs + " ms" + what
        : "the stream at event-bus address " + remote + " did not answer" + what + " within " + timeoutMs + " ms";
    return new TransportException(kind, true, message, null);
  }

}
