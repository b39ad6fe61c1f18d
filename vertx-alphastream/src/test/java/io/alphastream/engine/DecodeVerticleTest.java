package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.ErrorCode;
import io.alphastream.FormatException;
import io.alphastream.KeyException;
import io.alphastream.AlphaStreamException;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Rasterizer;
import io.alphastream.testing.AssertJWarmup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Decode workers on the event bus: parallelism across instances, one message at a time per instance, errors. */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class DecodeVerticleTest {
  static final String STREAM = "decode-test";

  @BeforeEach
  void codecs(Vertx vertx) {
    EngineCodecs.register(vertx);
  }

  @AfterEach
  void noCodecs(Vertx vertx) {
    EngineCodecs.unregister(vertx);
  }

  static Future<Message<DecodedFrame>> decode(Vertx vertx, int frame) {
    return vertx.eventBus().request(DecodeVerticle.decodeAddress(STREAM), new DecodeRequest(frame, Buffer.buffer()));
  }

  @Test
  void twoWorkersDecodeTwoFramesAtTheSameTime(Vertx vertx, VertxTestContext ctx) {
    // Each decode waits at a barrier for the other one: that only succeeds if both run at once.
    CyclicBarrier bothInside = new CyclicBarrier(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    FrameDecoding decoding = (frame, block) -> {
      threads.add(Thread.currentThread().getName());
      try {
        bothInside.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the other decode never started: decoding is serialized", e);
      }
      return Polygons.EMPTY;
    };
    vertx.deployVerticle(DecodeVerticle.factory(STREAM, decoding), DecodeVerticle.deploymentOptions(2))
        .compose(id -> Future.all(decode(vertx, 1), decode(vertx, 2)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(threads).hasSize(2);
          assertThat(threads).allMatch(t -> t.contains("worker"));
          ctx.completeNow();
        })));
  }

  @Test
  void oneWorkerHandlesOneMessageAtATime(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger active = new AtomicInteger();
    AtomicInteger maxActive = new AtomicInteger();
    FrameDecoding decoding = (frame, block) -> {
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      Polygons p = new Polygons.Builder().beginChannel().add(frame, frame).build();
      active.decrementAndGet();
      return p;
    };
    vertx.deployVerticle(DecodeVerticle.factory(STREAM, decoding), DecodeVerticle.deploymentOptions(1))
        .compose(id -> {
          List<Future<Message<DecodedFrame>>> all = new ArrayList<>();
          for (int f = 0; f < 16; f++) {
            all.add(decode(vertx, f));
          }
          return Future.all(all).map(x -> all);
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(maxActive.get()).isEqualTo(1);
          for (int f = 0; f < 16; f++) {
            assertThat(all.get(f).result().body().frame()).isEqualTo(f);
            assertThat(all.get(f).result().body().polygons().x(0)).isEqualTo(f);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void failuresCarryTheErrorCodeAndMapBackToTheTypedException(Vertx vertx, VertxTestContext ctx) {
    FrameDecoding decoding = (frame, block) -> {
      if (frame == 5) {
        throw new FormatException("V13", "small.asvp", 5, "frame zlib stream invalid");
      }
      throw new KeyException("V02", "small.asvr: V02 wrong key or unsupported file");
    };
    vertx.deployVerticle(DecodeVerticle.factory(STREAM, decoding), DecodeVerticle.deploymentOptions(1))
        .compose(id -> decode(vertx, 5).transform(ar -> Future.succeededFuture(ar.cause())))
        .compose(err5 -> decode(vertx, 6).transform(ar -> Future.succeededFuture(List.of(err5, ar.cause()))))
        .onComplete(ctx.succeeding(errs -> ctx.verify(() -> {
          ReplyException re = (ReplyException) errs.get(0);
          assertThat(re.failureCode()).isEqualTo(ErrorCode.CORRUPT_INPUT.id());
          AlphaStreamException mapped = ReplyErrors.toException(re, "small.asvp", 5);
          assertThat(mapped).isInstanceOf(FormatException.class)
              .hasMessage(new FormatException("V13", "small.asvp", 5, "frame zlib stream invalid").getMessage());
          assertThat(((FormatException) mapped).rule()).isEqualTo("V13");
          assertThat(((FormatException) mapped).frame()).isEqualTo(5);
          AlphaStreamException key = ReplyErrors.toException(errs.get(1), "small.asvr", 6);
          assertThat(key).isInstanceOf(KeyException.class);
          assertThat(key.code()).isEqualTo(ErrorCode.BAD_KEY);
          ctx.completeNow();
        })));
  }

  @Test
  void rasterizesOnTheWorkerExactlyLikeTheRasterizer(Vertx vertx, VertxTestContext ctx) {
    Polygons p = CodecsTest.POLY;
    byte[] expected = new Rasterizer().rasterize(p, 333, 177).data(); // here, not on the event loop
    vertx.deployVerticle(DecodeVerticle.factory(STREAM, (f, b) -> Polygons.EMPTY), DecodeVerticle.deploymentOptions(1))
        .compose(id -> vertx.eventBus().<RasterizedFrame>request(DecodeVerticle.rasterAddress(STREAM),
            new RasterRequest(4, p, 333, 177)))
        .onComplete(ctx.succeeding(msg -> ctx.verify(() -> {
          assertThat(msg.body().frame()).isEqualTo(4);
          assertThat(msg.body().mask().data()).isEqualTo(expected);
          ctx.completeNow();
        })));
  }
}
