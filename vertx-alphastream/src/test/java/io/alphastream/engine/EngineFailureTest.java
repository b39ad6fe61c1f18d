package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStreamException;
import io.alphastream.ErrorCode;
import io.alphastream.FormatException;
import io.alphastream.FrameNotReadyException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Errors cross the event bus as structure, not text: an {@link EngineFailure} rebuilds the exception the
 * consumer threw (class, code, message, rule, frame, transport kind), locally and through its wire codec,
 * so a clustered event bus keeps them too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class EngineFailureTest {
  static final List<AlphaStreamException> THROWN = List.of(
      // a detail that itself looks like "...: Vnn ...": text parsing would take the wrong rule
      new FormatException("V13", "clip.asvr", 7, "frame zlib stream invalid: V07 looks like a rule"),
      new FormatException("V05", "https://cdn/clip.asvr", -1, "sizes table: 3 entries, header says 4"),
      new KeyException("V02", "clip.asvr: V02 wrong key or unsupported file"),
      new KeyException(null, "clip.asvr: ASVR stream: passphrase required"),
      new TransportException(TransportException.Kind.SHORT_READ, true, "clip.asvr: 10 of 20 bytes", null),
      new InvalidArgumentException("frame 240 is out of range [0, 240)"),
      new FrameNotReadyException("clip.asvr, frame 3: not ready"),
      new StreamClosedException("clip.asvr"));

  static void assertRebuilt(AlphaStreamException rebuilt, AlphaStreamException thrown) {
    assertThat(rebuilt).isExactlyInstanceOf(thrown.getClass()).hasMessage(thrown.getMessage());
    assertThat(rebuilt.code()).isEqualTo(thrown.code());
    if (thrown instanceof FormatException f) {
      FormatException r = (FormatException) rebuilt;
      assertThat(r.rule()).isEqualTo(f.rule());
      assertThat(r.frame()).isEqualTo(f.frame());
      assertThat(r.source()).isEqualTo(f.source());
      assertThat(r.detail()).isEqualTo(f.detail());
    }
    if (thrown instanceof KeyException k) {
      assertThat(((KeyException) rebuilt).rule()).isEqualTo(k.rule());
    }
    if (thrown instanceof TransportException t) {
      assertThat(((TransportException) rebuilt).kind()).isEqualTo(t.kind());
      assertThat(((TransportException) rebuilt).retryable()).isEqualTo(t.retryable());
    }
  }

  @Test
  void theWireCodecKeepsEveryPart() {
    EngineFailureCodec codec = new EngineFailureCodec();
    for (AlphaStreamException thrown : THROWN) {
      Buffer wire = Buffer.buffer().appendString("prefix");
      codec.encodeToWire(wire, EngineFailure.of(thrown));
      EngineFailure back = codec.decodeFromWire(6, wire);
      assertThat(back.failureCode()).isEqualTo(thrown.code().id());
      assertRebuilt(back.toException("clip.asvr"), thrown);
    }
  }

  @Test
  void aDefectIsAnIoFailureNotBadInput() {
    EngineFailure f = EngineFailure.of(new IllegalStateException("bug"));
    assertThat(f.code()).isEqualTo(ErrorCode.IO);
    assertThat(f.toException("clip.asvr")).isInstanceOf(TransportException.class).hasMessageContaining("bug");
  }

  @Test
  void aConsumerFailureReachesTheRequesterAsStructure(Vertx vertx, VertxTestContext ctx) {
    EngineCodecs.register(vertx);
    vertx.eventBus().<Integer>consumer("test.failures", msg -> ReplyErrors.fail(msg, THROWN.get(msg.body())));
    List<Future<Throwable>> replies = new java.util.ArrayList<>();
    for (int i = 0; i < THROWN.size(); i++) {
      replies.add(vertx.eventBus().request("test.failures", i).transform(ar -> Future.succeededFuture(ar.cause())));
    }
    Future.all(replies).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      for (int i = 0; i < THROWN.size(); i++) {
        Throwable err = replies.get(i).result();
        // any requester can still switch on the failure code of a plain ReplyException ...
        assertThat(err).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) err).failureCode()).isEqualTo(THROWN.get(i).code().id());
        // ... and ours rebuild the exception without reading the message
        assertThat(err).isInstanceOf(EngineFailure.class);
        assertRebuilt(ReplyErrors.toException(err, "clip.asvr", 7), THROWN.get(i));
      }
      EngineCodecs.unregister(vertx);
      ctx.completeNow();
    })));
  }
}
