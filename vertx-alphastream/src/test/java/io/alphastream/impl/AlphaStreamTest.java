package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamException;
import io.alphastream.AlphaStreamStats;
import io.alphastream.ErrorCode;
import io.alphastream.R8Frame;
import io.alphastream.StreamClosedException;
import io.alphastream.cache.CacheStatistics;
import io.alphastream.engine.Corpus;
import io.alphastream.engine.DecodeRequest;
import io.alphastream.engine.InstrumentedSource;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.raster.Rasterizer;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The facade on a Vert.x the test owns: cache statistics, eviction, single flight, prefetch, back-pressure,
 * close, per-instance errors. Sources are in-memory fixture bytes instrumented to count reads.
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class AlphaStreamTest {
  static final FrameIndex INDEX = Corpus.smallIndex();

  static AlphaStream.Builder small(Vertx vertx, InstrumentedSource src) {
    return AlphaStream.builder().vertx(vertx).source(src).workers(2).rate(0);
  }

  static InstrumentedSource plain(Vertx vertx) {
    return new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, false);
  }

  /** mask() never hands out the cache's array: a caller that writes to its mask cannot corrupt the next one. */
  @Test
  void maskReturnsACopyTheCacheKeepsItsOwn(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = small(vertx, plain(vertx)).prefetchFrames(0).build();
    s.open()
        .compose(v -> s.mask(119, 128, 64))
        .compose(first -> {
          byte[] before = first.data().clone();
          java.util.Arrays.fill(first.data(), (byte) 7); // a careless caller
          return s.mask(119, 128, 64).map(second -> List.of(before, second.data(), first.data()));
        })
        .onComplete(ctx.succeeding(arrays -> ctx.verify(() -> {
          assertThat(arrays.get(1)).isEqualTo(arrays.get(0)).isNotSameAs(arrays.get(2));
          assertThat(arrays.get(0)).contains((byte) 0).doesNotContain((byte) 7);
          CacheStatistics masks = s.stats().masks();
          assertThat(masks.misses()).isEqualTo(1); // the second call was a hit on the untouched mask
          assertThat(masks.hits()).isEqualTo(1);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  /** maskView() reads the cached mask without a copy, and cannot write to it. */
  @Test
  void maskViewIsAReadOnlyViewOfTheSameMask(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = small(vertx, plain(vertx)).prefetchFrames(0).build();
    s.open()
        .compose(v -> s.mask(119, 128, 64))
        .compose(copy -> s.maskView(119, 128, 64).map(view -> {
          byte[] viewed = new byte[view.remaining()];
          view.duplicate().get(viewed);
          ctx.verify(() -> {
            assertThat(view.isReadOnly()).isTrue();
            assertThat(view.position()).isZero();
            assertThat(viewed).isEqualTo(copy.data());
            assertThatThrownBy(() -> view.put(0, (byte) 7)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
          });
          return view;
        }))
        .onComplete(ctx.succeeding(view -> ctx.verify(() -> {
          CacheStatistics masks = s.stats().masks();
          assertThat(masks.misses()).isEqualTo(1); // the view was a hit on the same cached mask
          assertThat(masks.hits()).isEqualTo(1);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void secondRequestOfAFrameIsACacheHit(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = plain(vertx);
    AlphaStream s = small(vertx, src).prefetchFrames(0).build();
    int channels = Corpus.channelSizes(119).size(); // reads the manifest: here, not on the event loop
    s.open()
        .compose(v -> s.polygons(119))
        .compose(p -> s.polygons(119).map(q -> List.of(p, q)))
        .compose(pq -> once(vertx, pq, () -> s.stats().frames().loadSuccesses() >= 1))
        .onComplete(ctx.succeeding(pq -> ctx.verify(() -> {
          assertThat(pq.get(1)).isSameAs(pq.get(0));
          assertThat(pq.get(0).channelCount()).isEqualTo(channels);
          CacheStatistics frames = s.stats().frames();
          assertThat(frames.misses()).isEqualTo(1);
          assertThat(frames.hits()).isEqualTo(1);
          assertThat(frames.loadSuccesses()).isEqualTo(1);
          assertThat(Corpus.framesRead(INDEX, src.offsets())).containsExactly(119);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void theFrameCacheStaysWithinItsCapacity(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = small(vertx, plain(vertx)).prefetchFrames(0).cacheFrames(16).build();
    Future<Void> chain = s.open();
    for (int f = 0; f < 48; f++) {
      int frame = f;
      chain = chain.compose(v -> s.polygons(frame)).mapEmpty();
    }
    chain.compose(v -> once(vertx, v, () -> s.stats().frames().loadSuccesses() >= 48))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          CacheStatistics frames = s.stats().frames();
          assertThat(frames.loadSuccesses()).isEqualTo(48);
          assertThat(frames.entries()).isLessThanOrEqualTo(16);
          assertThat(frames.evictions()).isGreaterThanOrEqualTo(48 - 16);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void theFrameCacheStaysWithinItsByteBound(Vertx vertx, VertxTestContext ctx) {
    long total = 0;
    try (StreamFile file = Fixtures.open(Corpus.SMALL, "small.asvp", new ReaderOptions())) {
      for (int f = 0; f < 48; f++) {
        total += file.frame(f).retainedBytes();
      }
    }
    long bound = total / 4; // the 48 frames need four times what the cache may hold
    AlphaStream s = small(vertx, plain(vertx)).prefetchFrames(0).cacheFrames(512).cacheBytes(bound).build();
    Future<Void> chain = s.open();
    for (int f = 0; f < 48; f++) {
      int frame = f;
      chain = chain.compose(v -> s.polygons(frame)).mapEmpty();
    }
    chain.compose(v -> once(vertx, v, () -> s.stats().frames().loadSuccesses() >= 48))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          CacheStatistics frames = s.stats().frames();
          assertThat(frames.loadSuccesses()).isEqualTo(48);
          assertThat(frames.retainedBytes()).isLessThanOrEqualTo(bound).isPositive();
          assertThat(frames.evictions()).isEqualTo(48 - frames.entries());
          assertThat(frames.entries()).isLessThan(48);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void concurrentRequestsForOneFrameShareOneReadAndOneRasterization(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, true)
        .gateFrom(INDEX.offset(0));
    AlphaStream s = small(vertx, src).prefetchFrames(0).build();
    s.open()
        .compose(v -> {
          List<Future<R8Frame>> all = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            all.add(s.frame(5, 640, 320));
          }
          return src.readsAtLeast(3).map(x -> all);
        })
        .compose(all -> {
          src.openGate();
          return Future.all(all).map(x -> all);
        })
        .compose(all -> once(vertx, all, () -> s.stats().frames().loadSuccesses() >= 1))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          byte[] first = all.get(0).result().bytes();
          assertThat(all).allSatisfy(f -> assertThat(f.result().bytes()).isEqualTo(first));
          assertThat(Corpus.framesRead(INDEX, src.offsets())).containsExactly(5);
          assertThat(src.reads()).as("header, table, frame 5 once").isEqualTo(3);
          AlphaStreamStats st = s.stats();
          assertThat(st.masks().misses()).isEqualTo(1);
          assertThat(st.masks().hits()).isEqualTo(7);
          assertThat(st.frames().loadSuccesses()).isEqualTo(1);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void manyFramesRequestedAtOnceEachGetTheirOwnFrame(Vertx vertx, VertxTestContext ctx) {
    // Truth from the synchronous format and raster layers, which never touch the engine.
    List<Integer> frames = IntStream.range(0, 48).map(i -> i * 5).boxed().toList();
    List<Polygons> polygons = new ArrayList<>();
    List<byte[]> masks = new ArrayList<>();
    try (StreamFile file = Fixtures.open(Corpus.SMALL, "small.asvp", new ReaderOptions())) {
      for (int f : frames) {
        polygons.add(file.frame(f));
        masks.add(new Rasterizer().rasterize(file.frame(f), 96, 48).data());
      }
    }
    assertThat(masks.stream().map(java.util.Arrays::toString).distinct().count())
        .as("the frames differ, so a mix-up would show").isGreaterThan(20);
    AlphaStream s = small(vertx, plain(vertx)).prefetchFrames(0).build();
    s.open()
        .compose(v -> {
          List<Future<R8Frame>> r8 = frames.stream().map(f -> s.frame(f, 96, 48)).toList();
          List<Future<Polygons>> poly = frames.stream().map(s::polygons).toList();
          return Future.all(Future.all(r8), Future.all(poly)).map(x -> List.of(r8, poly));
        })
        .onComplete(ctx.succeeding(got -> ctx.verify(() -> {
          for (int i = 0; i < frames.size(); i++) {
            R8Frame r8 = (R8Frame) got.get(0).get(i).result();
            assertThat(r8.index()).isEqualTo(frames.get(i));
            assertThat(r8.bytes()).as("mask of frame %d", frames.get(i)).isEqualTo(masks.get(i));
            assertThat(got.get(1).get(i).result()).as("polygons of frame %d", frames.get(i)).isEqualTo(polygons.get(i));
          }
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void prefetchReadsTheWindowAheadOfThePlayPosition(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = plain(vertx);
    AlphaStream s = small(vertx, src).prefetchFrames(10).build(); // rate 0: the position stays where set
    s.open()
        .compose(v -> s.polygons(0))
        .compose(p -> src.readsAtLeast(2 + 10))
        .compose(v -> {
          ctx.verify(() -> assertThat(Corpus.framesRead(INDEX, src.offsets())).containsExactlyElementsOf(range(0, 10)));
          return s.polygons(100);
        })
        .compose(p -> src.readsAtLeast(2 + 20))
        .compose(v -> {
          ctx.verify(() -> assertThat(Corpus.framesRead(INDEX, src.offsets()))
              .containsExactlyElementsOf(concat(range(0, 10), range(100, 110))));
          s.setRate(60); // now the clock moves the window forward by itself
          return src.readsAtLeast(2 + 21);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(Corpus.framesRead(INDEX, src.offsets()).last()).isGreaterThanOrEqualTo(110);
          assertThat(s.stats().scheduler().prefetchLoads()).isGreaterThanOrEqualTo(19);
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void prefetchPausesInsteadOfQueueingUnderASlowTransport(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource slow = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 10, false);
    AlphaStream s = small(vertx, slow).prefetchFrames(100).cacheFrames(200).build();
    s.open()
        .compose(v -> s.polygons(0))
        .compose(p -> slow.readsAtLeast(2 + 30))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          AlphaStreamStats st = s.stats();
          int bound = io.alphastream.scheduler.SchedulerOptions.DEFAULT_MAX_INFLIGHT_LOADS;
          assertThat(slow.maxInflight()).as("reads in flight at the source").isLessThanOrEqualTo(bound);
          assertThat(st.scheduler().maxInflightSeen()).isLessThanOrEqualTo(bound);
          assertThat(st.reader().maxInflightReadsSeen()).isLessThanOrEqualTo(bound);
          assertThat(st.scheduler().queuedPrefetch()).as("the window is never queued").isZero();
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void closeCancelsPendingWorkAndReleasesEverything(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, true)
        .gateFrom(INDEX.offset(0));
    int before = vertx.deploymentIDs().size();
    AlphaStream s = small(vertx, src).prefetchFrames(0).build();
    s.open()
        .compose(v -> {
          ctx.verify(() -> assertThat(vertx.deploymentIDs()).hasSize(before + 2));
          Future<Polygons> pending = s.polygons(7);
          return src.readsAtLeast(3).map(x -> pending);
        })
        .compose(pending -> {
          Future<Void> first = s.closeAsync();
          ctx.verify(() -> assertThat(s.closeAsync()).isSameAs(first));
          return first.compose(v -> pending.transform(ar -> Future.succeededFuture(ar.cause())));
        })
        .onComplete(ctx.succeeding(cause -> ctx.verify(() -> {
          assertThat(cause).isInstanceOf(StreamClosedException.class);
          assertThat(((AlphaStreamException) cause).code()).isEqualTo(ErrorCode.CLOSED);
          assertThat(vertx.deploymentIDs()).as("reader and workers undeployed").hasSize(before);
          assertThat(src.isClosed()).isTrue();
          // codecs unregistered: registering one again is allowed
          vertx.eventBus().registerDefaultCodec(DecodeRequest.class, new io.vertx.core.eventbus.MessageCodec<
              DecodeRequest, DecodeRequest>() { // any codec: the engine's own are package-private
            public void encodeToWire(io.vertx.core.buffer.Buffer b, DecodeRequest r) {}
            public DecodeRequest decodeFromWire(int pos, io.vertx.core.buffer.Buffer b) { return null; }
            public DecodeRequest transform(DecodeRequest r) { return r; }
            public String name() { return "test.decode-request"; }
            public byte systemCodecID() { return -1; }
          });
          vertx.eventBus().unregisterDefaultCodec(DecodeRequest.class);
          assertThat(s.isOpen()).isFalse();
          assertThat(s.polygons(1).cause()).isInstanceOf(StreamClosedException.class);
          assertThat(s.open().cause()).isInstanceOf(StreamClosedException.class);
          assertThat(s.stats().frames().entries()).isZero();
          s.close(); // twice (sync, on the event loop: does not wait)
          ctx.completeNow();
        })));
  }

  @Test
  void errorsArePerInstance(Vertx vertx, VertxTestContext ctx) {
    AlphaStream a = small(vertx, plain(vertx)).build();
    AlphaStream b = small(vertx, plain(vertx)).build();
    Future.all(a.open(), b.open()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(a.getFrame(240, 64, 32)).isEmpty(); // out of range: an error, not clamped to 239
      assertThat(a.lastError()).get().extracting(AlphaStreamException::code).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(a.lastError().get()).hasMessageContaining("frame 240 is out of range [0, 240)");
      assertThat(b.lastError()).isEmpty();

      assertThat(b.getFrame(0, 0, 32)).isEmpty();
      assertThat(b.lastError().get()).hasMessageContaining("0x32");
      assertThat(a.lastError().get()).hasMessageContaining("frame 240");

      a.clearError();
      assertThat(a.lastError()).isEmpty();
      assertThat(b.lastError()).isPresent();
      assertThat(a.getFrame(-1, 64, 32)).isEmpty();
      assertThat(a.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      a.setRate(-1);
      assertThat(a.lastError().get()).hasMessageContaining("rate");
      Future.all(a.closeAsync(), b.closeAsync()).onComplete(ctx.succeedingThenComplete());
    })));
  }

  @Test
  void theSyncApiNeverWaitsOnAVertxThread(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, true)
        .gateFrom(INDEX.offset(0));
    AlphaStream s = small(vertx, src).prefetchFrames(0).frameWaitMs(5_000).build();
    s.open().onComplete(ctx.succeeding(v -> {
      // On the event loop: a 5 s frame wait would trip the blocked-thread checker; it must not wait at all.
      Optional<R8Frame> none = s.getFrame(3, 64, 32);
      ctx.verify(() -> {
        assertThat(none).isEmpty();
        assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.NOT_READY);
      });
      Future<R8Frame> later = s.frame(3, 64, 32);
      src.openGate();
      later.onComplete(ctx.succeeding(f -> ctx.verify(() -> {
        assertThat(s.getFrame(3, 64, 32)).as("cached now").get().extracting(R8Frame::index).isEqualTo(3);
        s.closeAsync().onComplete(ctx.succeedingThenComplete());
      })));
    }));
  }

  @Test
  void onAnEventLoopLargeFramesComeFromFrameNotGetFrame(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = small(vertx, plain(vertx)).prefetchFrames(0).build();
    String golden = goldenSha256("small.asvp", 119, 2048, 1024);
    vertx.runOnContext(x -> s.open().onComplete(ctx.succeeding(v -> {
      io.vertx.core.Context caller = Vertx.currentContext();
      // a 2 MiB copy is large work for an event loop: the sync API refuses it there
      ctx.verify(() -> {
        assertThat(s.getFrame(119, 2048, 1024)).isEmpty();
        assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(s.lastError().get()).hasMessageContaining("use frame()");
      });
      s.frame(119, 2048, 1024).onComplete(ctx.succeeding(f -> {
        ctx.verify(() -> {
          assertThat(Vertx.currentContext()).as("completes on the caller's context").isSameAs(caller);
          assertThat(f.index()).isEqualTo(119);
          assertThat(f.bytes()).hasSize(2048 * 1024);
        });
        // hashing 2 MiB is heavy work for the test's event loop too: on a worker
        vertx.executeBlocking(() -> assertThat(GoldenFramesTest.sha256(f.bytes())).isEqualTo(golden), false)
            .compose(checked -> s.closeAsync())
            .onComplete(ctx.succeedingThenComplete());
      }));
    })));
  }

  /** The {@code r8_sha256} of a golden mask in the fixture manifest. */
  static String goldenSha256(String source, int frame, int width, int height) {
    io.vertx.core.json.JsonArray golden = new io.vertx.core.json.JsonObject(Fixtures.manifestJson()).getJsonArray("golden");
    for (int i = 0; i < golden.size(); i++) {
      io.vertx.core.json.JsonObject g = golden.getJsonObject(i);
      if (g.getString("source").equals(source) && g.getInteger("frame") == frame && g.getInteger("width") == width
          && g.getInteger("height") == height) {
        return g.getString("r8_sha256");
      }
    }
    throw new AssertionError("no golden mask " + source + " " + frame + " " + width + "x" + height);
  }

  /**
   * {@code value} once {@code recorded} holds (checked every 5 ms, for at most 10 s; then the test's own
   * assertions report what was recorded): Caffeine records a load's statistics on the thread that completed
   * it, just after it handed the value out, so counters read at once may not include it yet.
   */
  static <T> Future<T> once(Vertx vertx, T value, java.util.function.BooleanSupplier recorded) {
    io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
    poll(vertx, recorded, System.nanoTime() + 10_000_000_000L, () -> p.complete(value));
    return p.future();
  }

  private static void poll(Vertx vertx, java.util.function.BooleanSupplier recorded, long deadline, Runnable then) {
    if (recorded.getAsBoolean() || System.nanoTime() > deadline) {
      then.run();
    } else {
      vertx.setTimer(5, t -> poll(vertx, recorded, deadline, then));
    }
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
