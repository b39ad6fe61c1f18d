package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStreamOptions;
import io.alphastream.TransportException;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.alphastream.testing.AssertJWarmup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The remote reader's own checks, against a hand-written server that misbehaves on purpose (on a local
 * event bus): a reply for another frame is dropped, a reply of another source version fails the stream for
 * good with CHANGED, silence is a TIMEOUT and nobody a CONNECTION error, both naming the address and the
 * configured timeout. A frame is late or dropped, never wrong.
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RemoteReaderVerticleTest {
  static final String ADDRESS = "test.remote-reader";
  static final long VERSION = 42;
  static final Polygons SQUARE = new Polygons.Builder().beginChannel().add(0, 0).add(800, 0).add(800, 800).add(0, 800)
      .build();

  private final AtomicReference<String> mode = new AtomicReference<>("good");
  private MessageConsumer<Object> server;

  @BeforeEach
  void serve(Vertx vertx) throws Exception {
    EngineCodecs.register(vertx);
    server = vertx.eventBus().consumer(ADDRESS, this::answer);
    await(server.completion());
  }

  @AfterEach
  void codecs(Vertx vertx) {
    EngineCodecs.unregister(vertx);
  }

  private void answer(Message<Object> msg) {
    StreamRequest r = (StreamRequest) msg.body();
    int frame = r.frame();
    switch (r.kind()) {
      case INFO -> msg.reply(new StreamInfo(10, VERSION, "fake.asvp"));
      case POLYGONS -> {
        switch (mode.get()) {
          case "wrong frame" -> msg.reply(new ServedFrame(frame + 1, VERSION, SQUARE));
          case "wrong version" -> msg.reply(new ServedFrame(frame, VERSION + 1, SQUARE));
          case "silent" -> { } // takes the request, never answers
          default -> msg.reply(new ServedFrame(frame, VERSION, SQUARE));
        }
      }
      case BLOCK -> msg.reply(new ServedBlock(frame, VERSION, io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2})));
      default -> throw new AssertionError(r);
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  static TransportException failure(Future<?> f) throws Exception {
    try {
      Object v = f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TransportException.class);
      return (TransportException) e.getCause();
    }
  }

  RemoteReaderVerticle deploy(Vertx vertx) throws Exception {
    RemoteReaderVerticle reader = new RemoteReaderVerticle(new AlphaStreamOptions().setRemoteAddress(ADDRESS)
        .setWorkers(1).setRemoteRequestTimeoutMs(600));
    await(vertx.deployVerticle(reader));
    return reader;
  }

  @Test
  void opensFromTheServersInfoLoadsAndRasterizesLocally(Vertx vertx) throws Exception {
    RemoteReaderVerticle reader = deploy(vertx);
    assertThat(reader.frameCount()).isEqualTo(10);
    assertThat(reader.sourceVersion()).isEqualTo(VERSION);
    assertThat(reader.locator()).isEqualTo("fake.asvp");
    Polygons p = await(reader.load(3));
    assertThat(p).isEqualTo(SQUARE);
    Mask m = await(reader.rasterize(3, p, 8, 4));
    assertThat(m.width()).isEqualTo(8);
    assertThat(m.height()).isEqualTo(4);
    assertThat(await(reader.block(3))).containsExactly(1, 2);
    assertThat(reader.stats().reads()).isEqualTo(2); // one polygons and one block request
  }

  @Test
  void aReplyForAnotherFrameIsDroppedNotShown(Vertx vertx) throws Exception {
    RemoteReaderVerticle reader = deploy(vertx);
    mode.set("wrong frame");
    TransportException e = failure(reader.load(3));
    assertThat(e.kind()).isEqualTo(TransportException.Kind.BAD_RESPONSE);
    assertThat(e).hasMessage("fake.asvp, frame 3: the stream at event-bus address " + ADDRESS + " answered for frame 4");
    mode.set("good"); // only that request failed
    assertThat(await(reader.load(3))).isEqualTo(SQUARE);
  }

  @Test
  void aReplyOfAnotherVersionFailsTheStreamForGood(Vertx vertx) throws Exception {
    RemoteReaderVerticle reader = deploy(vertx);
    mode.set("wrong version");
    TransportException e = failure(reader.load(3));
    assertThat(e.kind()).isEqualTo(TransportException.Kind.CHANGED);
    assertThat(e).hasMessageContaining("now serves another version");
    mode.set("good");
    assertThat(failure(reader.load(4)).kind()).isEqualTo(TransportException.Kind.CHANGED);
    assertThat(failure(reader.block(5)).kind()).isEqualTo(TransportException.Kind.CHANGED);
  }

  @Test
  void aServerThatTakesRequestsButNeverAnswersIsATimeout(Vertx vertx) throws Exception {
    RemoteReaderVerticle reader = deploy(vertx);
    mode.set("silent");
    TransportException e = failure(reader.load(3));
    assertThat(e.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e).hasMessage("the stream at event-bus address " + ADDRESS + " did not answer for frame 3 within 600 ms");
  }

  @Test
  void nobodyAtTheAddressIsAConnectionErrorAndANewServerIsAnswered(Vertx vertx) throws Exception {
    RemoteReaderVerticle reader = deploy(vertx);
    await(server.unregister());
    TransportException e = failure(reader.load(3));
    assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECTION);
    assertThat(e).hasMessage("no stream answers at event-bus address " + ADDRESS + " within 600 ms for frame 3");
    server = vertx.eventBus().consumer(ADDRESS, this::answer);
    await(server.completion());
    assertThat(await(reader.load(3))).isEqualTo(SQUARE);
  }
}
