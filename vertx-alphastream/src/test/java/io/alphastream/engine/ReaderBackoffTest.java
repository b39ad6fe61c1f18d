package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reader's failure memory over a source that fails on demand: during an outage the source sees the
 * reads the backoff schedule allows (whatever the load rate), a healed source serves again, and a changed
 * resource costs one read.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ReaderBackoffTest {
  private static final long INITIAL_MS = 40;
  private static final long MAX_MS = 160;

  @BeforeEach
  void codecs(Vertx vertx) {
    EngineCodecs.register(vertx);
  }

  @AfterEach
  void noCodecs(Vertx vertx) {
    EngineCodecs.unregister(vertx);
  }

  private static AlphaStreamOptions options() {
    return new AlphaStreamOptions().setWorkers(1).setMaxInflightReads(2)
        .setFailureBackoffMs(INITIAL_MS).setMaxFailureBackoffMs(MAX_MS);
  }

  /** Attempts the schedule allows within {@code elapsedMs} of the first failure: at 0, 40, 120, 280, 440, ... */
  static int scheduledAttempts(long elapsedMs) {
    int n = 1;
    long t = 0;
    long d = INITIAL_MS;
    while (true) {
      t += d;
      if (t > elapsedMs) {
        return n;
      }
      n++;
      d = Math.min(MAX_MS, d * 2);
    }
  }

  /** Asks for {@code count} loads, one every {@code everyMs}, rotating over the frames; completes with all of them. */
  private static Future<List<Future<Polygons>>> hammer(Vertx vertx, ReaderVerticle reader, int count, long everyMs) {
    Promise<List<Future<Polygons>>> done = Promise.promise();
    List<Future<Polygons>> loads = new ArrayList<>();
    vertx.setPeriodic(everyMs, id -> {
      loads.add(reader.load(loads.size() % 240));
      if (loads.size() == count) {
        vertx.cancelTimer(id);
        Future.join(loads).onComplete(ar -> done.complete(loads));
      }
    });
    return done.future();
  }

  @Test
  void anOutageCostsTheRequestsOfTheScheduleAndAHealedSourceServesAgain(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "http://origin/small.asvp", 0, false);
    ReaderVerticle reader = new ReaderVerticle(options(), src);
    long[] t0 = new long[1];
    int[] before = new int[1];
    vertx.deployVerticle(reader)
        .compose(id -> {
          before[0] = src.reads();
          src.failWith(new TransportException(Kind.SERVER_ERROR, true, "http://origin/small.asvp: status 503", null));
          t0[0] = System.nanoTime();
          return hammer(vertx, reader, 400, 2); // ~500 loads/s for ~0.8 s (longer on a busy machine)
        })
        .compose(loads -> {
          int reads = src.reads() - before[0];
          long elapsedMs = (System.nanoTime() - t0[0]) / 1_000_000;
          ctx.verify(() -> {
            assertThat(loads).allSatisfy(f -> assertThat(((TransportException) f.cause()).kind()).isEqualTo(Kind.SERVER_ERROR));
            // loads already reading when the source failed (at most maxInflightReads) + the schedule's probes
            int bound = 2 + scheduledAttempts(elapsedMs);
            assertThat(reads).as("reads in %d ms of outage with %d loads", elapsedMs, loads.size())
                .isPositive().isLessThanOrEqualTo(bound);
          });
          src.failWith(null);
          return untilLoaded(vertx, reader, 7);
        })
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p.channelCount()).isPositive();
          ctx.completeNow();
        })));
  }

  /** Asks for {@code frame} every 10 ms until a load succeeds (the next probe after the source healed). */
  private static Future<Polygons> untilLoaded(Vertx vertx, ReaderVerticle reader, int frame) {
    return reader.load(frame).recover(err -> {
      Promise<Void> later = Promise.promise();
      vertx.setTimer(10, id -> later.complete());
      return later.future().compose(v -> untilLoaded(vertx, reader, frame));
    });
  }

  @Test
  void throughTheFacadeThePlayingSchedulerAndMaskRequestsShareTheSchedule(Vertx vertx, VertxTestContext ctx) {
    // the scheduler's prefetch window runs at 60 fps and the caller asks for masks every 2 ms: neither
    // spins on loads that fail at once, and the source still sees only the schedule's reads
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "http://origin/small.asvp", 0, false);
    AlphaStream alpha = AlphaStream.builder().vertx(vertx).options(options()).rate(60).prefetchFrames(8).source(src).build();
    long[] t0 = new long[1];
    int[] before = new int[1];
    alpha.open()
        .compose(v -> {
          before[0] = src.reads();
          src.failWith(new TransportException(Kind.SERVER_ERROR, true, "http://origin/small.asvp: status 503", null));
          t0[0] = System.nanoTime();
          Promise<List<Future<Mask>>> done = Promise.promise();
          List<Future<Mask>> masks = new ArrayList<>();
          vertx.setPeriodic(2, id -> {
            masks.add(alpha.mask(masks.size() % 240, 64, 32));
            if (masks.size() == 400) {
              vertx.cancelTimer(id);
              Future.join(masks).onComplete(ar -> done.complete(masks));
            }
          });
          return done.future();
        })
        .compose(masks -> {
          int reads = src.reads() - before[0];
          long elapsedMs = (System.nanoTime() - t0[0]) / 1_000_000;
          // every read fails from the outage on, so each frame loaded at all was loaded before it (how many
          // depends on how far the playing window got first: more on a busy machine)
          long loaded = alpha.stats().frames().loadSuccesses();
          ctx.verify(() -> {
            assertThat(loaded).as("frames loaded before the outage").isLessThan(60);
            // those frames are still served from the cache (each asked at most twice), every other mask fails
            assertThat(masks.stream().filter(Future::failed)).hasSizeGreaterThanOrEqualTo(400 - 2 * (int) loaded)
                .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(TransportException.class));
            assertThat(reads).as("reads in %d ms", elapsedMs).isPositive()
                .isLessThanOrEqualTo(2 + scheduledAttempts(elapsedMs));
          });
          return alpha.closeAsync();
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aChangedResourceCostsOneReadAndEveryLaterLoadFailsWithChanged(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "http://origin/small.asvp", 0, false);
    ReaderVerticle reader = new ReaderVerticle(options(), src);
    int[] before = new int[1];
    vertx.deployVerticle(reader)
        .compose(id -> {
          before[0] = src.reads();
          src.failWith(new TransportException(Kind.CHANGED, "http://origin/small.asvp: the resource changed", null));
          return reader.load(3).transform(ar -> Future.succeededFuture(ar.cause()));
        })
        .compose(first -> {
          src.failWith(null); // even a source that answers again is not read: the index is the old version's
          return hammer(vertx, reader, 50, 1).map(loads -> {
            loads.add(Future.failedFuture(first));
            return loads;
          });
        })
        .onComplete(ctx.succeeding(loads -> ctx.verify(() -> {
          assertThat(src.reads() - before[0]).isEqualTo(1);
          assertThat(loads).hasSize(51).allSatisfy(f ->
              assertThat(((TransportException) f.cause()).kind()).isEqualTo(Kind.CHANGED));
          ctx.completeNow();
        })));
  }
}
