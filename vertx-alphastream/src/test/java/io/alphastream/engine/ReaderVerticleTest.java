package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStreamOptions;
import io.alphastream.ErrorCode;
import io.alphastream.FrameNotReadyException;
import io.alphastream.KeyException;
import io.alphastream.StreamClosedException;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The source verticle: JSON deployment, event-bus loads, bounded reads and decodes under a slow transport. */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ReaderVerticleTest {
  static final FrameIndex INDEX = Corpus.smallIndex();

  @BeforeEach
  void codecs(Vertx vertx) {
    EngineCodecs.register(vertx);
  }

  @AfterEach
  void noCodecs(Vertx vertx) {
    EngineCodecs.unregister(vertx);
  }

  /** Point counts per channel implied by the manifest's record sizes: (size - 4) / 2 + 1. */
  static List<Integer> manifestPoints(int frame) {
    return Corpus.channelSizes(frame).stream().map(s -> (s - 4) / 2 + 1).toList();
  }

  static List<Integer> points(Polygons p) {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < p.channelCount(); c++) {
      out.add(p.pointCount(c));
    }
    return out;
  }

  @Test
  void deploysFromJsonConfigAndAnswersLoadsOnTheEventBus(Vertx vertx, VertxTestContext ctx) {
    JsonObject config = new AlphaStreamOptions().setSource(Fixtures.path("small.asvr").toString())
        .setSceneId(4242).setWorkers(2).toJson()
        .put("passphrase", HexFormat.of().formatHex(Fixtures.testPassphrase()))
        .put("address", "test.reader");
    int before = vertx.deploymentIDs().size();
    List<Integer> points119 = manifestPoints(119); // reads the manifest: here, not on the event loop
    vertx.deployVerticle(new ReaderVerticle(), new DeploymentOptions().setConfig(config))
        .compose(id -> vertx.eventBus().<DecodedFrame>request("test.reader", 119)
            .compose(ok -> vertx.eventBus().request("test.reader", 240).transform(ar -> {
              ctx.verify(() -> {
                assertThat(ok.body().frame()).isEqualTo(119);
                assertThat(points(ok.body().polygons())).isEqualTo(points119);
                assertThat(((ReplyException) ar.cause()).failureCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT.id());
                assertThat(ar.cause()).hasMessageContaining("frame 240 is out of range [0, 240)");
                assertThat(vertx.deploymentIDs()).as("reader + its workers").hasSize(before + 2);
              });
              return vertx.undeploy(id);
            })))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(vertx.deploymentIDs()).as("workers go with the reader").hasSize(before);
          ctx.completeNow();
        })));
  }

  @Test
  void boundsReadsAndDecodesInFlightUnderASlowTransport(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource slow = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 15, false);
    AlphaStreamOptions options = new AlphaStreamOptions().setWorkers(2).setMaxInflightReads(2)
        .setMaxInflightDecodes(1).setMaxQueuedLoads(100);
    ReaderVerticle reader = new ReaderVerticle(options, slow);
    vertx.deployVerticle(reader)
        .compose(id -> {
          int opening = slow.reads();
          List<Future<Polygons>> loads = new ArrayList<>();
          for (int f = 0; f < 30; f++) {
            loads.add(reader.load(f));
          }
          return Future.all(loads).map(x -> opening);
        })
        .onComplete(ctx.succeeding(opening -> ctx.verify(() -> {
          assertThat(slow.reads() - opening).as("one read per frame").isEqualTo(30);
          assertThat(slow.maxInflight()).as("reads in flight at the source").isEqualTo(2);
          ReaderStats st = reader.stats();
          assertThat(st.maxInflightReadsSeen()).isEqualTo(2);
          assertThat(st.maxInflightDecodesSeen()).isEqualTo(1);
          assertThat(st.reads()).isEqualTo(30);
          assertThat(st.decodes()).isEqualTo(30);
          assertThat(st.inflightReads()).isZero();
          assertThat(Corpus.framesRead(INDEX, slow.offsets())).hasSize(30);
          ctx.completeNow();
        })));
  }

  @Test
  void loadsBeyondTheBoundedQueueFailFastWithNotReady(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource gated = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, true)
        .gateFrom(INDEX.offset(0));
    AlphaStreamOptions options = new AlphaStreamOptions().setWorkers(1).setMaxInflightReads(1).setMaxQueuedLoads(3);
    ReaderVerticle reader = new ReaderVerticle(options, gated);
    vertx.deployVerticle(reader)
        .compose(id -> {
          List<Future<Polygons>> loads = new ArrayList<>();
          for (int f = 0; f < 10; f++) {
            loads.add(reader.load(f));
          }
          return gated.readsAtLeast(3).map(x -> loads); // header + table + the one frame read allowed
        })
        .compose(loads -> {
          gated.openGate();
          return Future.join(loads).transform(ar -> Future.succeededFuture(loads));
        })
        .onComplete(ctx.succeeding(loads -> ctx.verify(() -> {
          long ok = loads.stream().filter(Future::succeeded).count();
          assertThat(ok).as("1 in flight + 3 queued").isEqualTo(4);
          assertThat(loads.subList(4, 10)).allSatisfy(f ->
              assertThat(f.cause()).isInstanceOf(FrameNotReadyException.class).hasMessageContaining("already waiting"));
          assertThat(Corpus.framesRead(INDEX, gated.offsets())).containsExactly(0, 1, 2, 3);
          ctx.completeNow();
        })));
  }

  @Test
  void aWrongKeyFailsTheDeploymentAndClosesTheSource(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = new InstrumentedSource(vertx, Fixtures.bytes("small.asvr"), "small.asvr", 0, false);
    byte[] wrong = Fixtures.testPassphrase();
    wrong[0] ^= 1;
    AlphaStreamOptions options = new AlphaStreamOptions().setSceneId(4242).setPassphrase(wrong).setWorkers(1);
    int before = vertx.deploymentIDs().size();
    vertx.deployVerticle(new ReaderVerticle(options, src)).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(KeyException.class);
      assertThat(((KeyException) err).rule()).isEqualTo("V02");
      assertThat(err.getMessage()).doesNotContain(HexFormat.of().formatHex(wrong));
      assertThat(src.isClosed()).isTrue();
      assertThat(vertx.deploymentIDs()).hasSize(before);
      ctx.completeNow();
    })));
  }

  /** Keeps the logger (and so its handler) reachable: JUL holds loggers weakly. */
  static final Logger EVENT_BUS_LOG = Logger.getLogger("io.vertx.core.eventbus");

  @Test
  void closingWithDecodesInFlightFailsThemWithClosedAndDiscardsNoMessage(Vertx vertx, VertxTestContext ctx) {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    EVENT_BUS_LOG.addHandler(handler);
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, false);
    // one worker and many decodes allowed in flight: requests queue at the worker's consumer
    AlphaStreamOptions options = new AlphaStreamOptions().setWorkers(1).setMaxInflightReads(8)
        .setMaxInflightDecodes(8).setMaxQueuedLoads(256);
    ReaderVerticle reader = new ReaderVerticle(options, src);
    List<Future<Polygons>> pending = new ArrayList<>();
    int[] decodesAtClose = new int[1];
    vertx.deployVerticle(reader)
        .compose(id -> {
          Promise<Void> undeployed = Promise.promise();
          reader.context().runOnContext(v -> {
            List<Future<Polygons>> loads = new ArrayList<>();
            for (int f = 0; f < INDEX.frameCount(); f++) {
              loads.add(reader.load(f));
            }
            // loads complete on the reader's context, so this snapshot is exact
            loads.get(0).onComplete(first -> {
              decodesAtClose[0] = reader.stats().inflightDecodes();
              loads.stream().filter(f -> !f.isComplete()).forEach(pending::add);
              reader.beginClose();
              vertx.undeploy(id).onComplete(undeployed);
            });
          });
          return undeployed.future();
        })
        .compose(v -> Future.join(pending).transform(ar -> Future.<Void>succeededFuture()))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          EVENT_BUS_LOG.removeHandler(handler);
          assertThat(decodesAtClose[0]).as("decodes in flight when closing").isPositive();
          assertThat(pending).isNotEmpty().allSatisfy(f -> {
            assertThat(f.failed()).isTrue();
            assertThat(f.cause()).isInstanceOf(StreamClosedException.class);
            assertThat(((StreamClosedException) f.cause()).code()).isEqualTo(ErrorCode.CLOSED);
          });
          assertThat(warnings).extracting(LogRecord::getMessage)
              .noneMatch(m -> m.contains("Discarding message"));
          assertThat(src.isClosed()).isTrue();
          ctx.completeNow();
        })));
  }
}
