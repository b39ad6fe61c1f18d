package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStreamOptions;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.OriginServer;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.sample.SampleGenerator;
import io.alphastream.testing.Fixtures;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streams whose origin misbehaves, against real Vert.x origins that count requests: a file replaced under
 * the same URL is reopened (new header, new index, new hello), an outage costs the origin the requests of
 * the backoff schedule however many subscribers ask, and a dripping or failing origin neither delays the
 * gateway's start nor the other streams.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class GatewayOriginTest {
  private static final byte[] SMALL = Fixtures.bytes("small.asvp"); // 240 frames, 316 KB: most frames need a read
  private static final byte[] EDGE = Fixtures.bytes("edge-cases.asvp"); // 8 frames

  private Vertx vertx;
  private Gateway gateway;
  private OriginServer origin;
  private WebSocketClient ws;
  private HttpClient http;

  @BeforeAll
  static void warmUp() throws Exception {
    GatewayWarmup.run();
  }

  @BeforeEach
  void clients(Vertx vertx) {
    this.vertx = vertx;
    ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    Future<Void> g = gateway == null ? Future.succeededFuture() : gateway.close();
    g.transform(v -> origin == null ? Future.succeededFuture() : origin.close()).onComplete(ctx.succeedingThenComplete());
  }

  private Future<Gateway> startGateway(GatewayOptions options) {
    return Gateway.start(vertx, options).map(g -> gateway = g);
  }

  private Future<WsRecorder> connect(String uri) {
    return WsRecorder.connect(vertx, ws, gateway.port(), uri);
  }

  private Future<JsonObject> getJson(String uri, int[] status) {
    return http.request(HttpMethod.GET, gateway.port(), "127.0.0.1", uri).compose(req -> req.send())
        .compose(res -> res.body().map(b -> {
          status[0] = res.statusCode();
          return b;
        }))
        .map(Buffer::toJsonObject);
  }

  private Future<JsonObject> health(int[] status) {
    return getJson("/health", status);
  }

  /** Completes once {@code condition} holds, checking every 20 ms (a condition wait, bounded by the test timeout). */
  private Future<Void> until(Supplier<Future<Boolean>> condition) {
    Promise<Void> p = Promise.promise();
    poll(condition, p);
    return p.future();
  }

  private void poll(Supplier<Future<Boolean>> condition, Promise<Void> p) {
    condition.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        p.complete();
      } else {
        vertx.setTimer(20, id -> poll(condition, p));
      }
    });
  }

  private Future<Void> untilState(String stream, String state) {
    return until(() -> Future.succeededFuture(state.equals(gateway.streamState(stream))));
  }

  private static void assertGolden(WsRecorder.Frame f, String source, int w, int h) {
    assertThat(f.mask()).as(source + " frame " + f.index()).isEqualTo(Golden.entry(source, f.index(), w, h).r8());
  }

  @Test
  void aFileReplacedUnderTheSameUrlIsReopenedAndNewViewersGetItsHello(VertxTestContext ctx) {
    origin = new OriginServer(vertx, SMALL, 0);
    WsRecorder[] first = new WsRecorder[1];
    int[] atSwap = new int[1];
    origin.start()
        .compose(o -> startGateway(new GatewayOptions().setPort(0).setReopenDelayMs(50)
            .addStream(new StreamOptions().setId("live").setSource(origin.url()))))
        .compose(g -> untilState("live", "serving"))
        .compose(v -> connect("/ws/streams/live?w=333&h=177&start=119"))
        .compose(r -> {
          first[0] = r;
          return r.frameAfter(0);
        })
        .compose(f -> {
          assertGolden(f, "small.asvp", 333, 177);
          atSwap[0] = origin.requests();
          origin.swap(EDGE); // a new version under the same URL: new ETag and Last-Modified
          return first[0].text("error", 0).compose(err -> first[0].closed().map(err));
        })
        .compose(err -> {
          ctx.verify(() -> {
            assertThat(err.getString("code")).isIn("stream_changed", "stream_error");
            JsonObject changed = first[0].texts().stream().filter(t -> "stream_changed".equals(t.getString("code")))
                .findFirst().orElseThrow(() -> new AssertionError("no stream_changed in " + first[0].texts()));
            assertThat(changed.getBoolean("fatal")).isTrue();
            assertThat(changed.getString("message")).contains("changed");
            assertThat(first[0].closeCode()).isEqualTo((short) 1012);
          });
          return untilState("live", "serving");
        })
        .compose(v -> getJson("/streams/live", new int[1]))
        .compose(info -> {
          int requests = origin.requests() - atSwap[0];
          System.out.println("origin change: " + requests + " origin requests from the swap to the reopened stream");
          ctx.verify(() -> {
            assertThat(info.getInteger("frames")).isEqualTo(8);
            // reads that met the change (at most maxInflightReads) + the reopen's one request (the whole 421-byte
            // file comes with the speculative read); nothing is retried
            assertThat(requests).isBetween(1, AlphaStreamOptions.DEFAULT_MAX_INFLIGHT_READS + 1);
          });
          return connect("/ws/streams/live?w=333&h=177&encoding=rle");
        })
        .compose(r -> r.until("3 frames", x -> x.frames().size() >= 3).map(r))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          JsonObject hello = (JsonObject) r.messages().get(0);
          assertThat(hello.getInteger("frames")).as("the new file's frame count").isEqualTo(8);
          List<WsRecorder.Frame> frames = List.copyOf(r.frames());
          frames.forEach(f -> assertGolden(f, "edge-cases.asvp", 333, 177));
          assertThat(r.texts()).noneMatch(t -> "error".equals(t.getString("type")));
          ctx.completeNow();
        })));
  }

  /** Attempts the engine's default schedule allows within {@code elapsedMs}: at 0, 250, 750, 1750, 3750, ... */
  static int scheduledAttempts(long elapsedMs) {
    int n = 1;
    long t = 0;
    long d = AlphaStreamOptions.DEFAULT_FAILURE_BACKOFF_MS;
    while (true) {
      t += d;
      if (t > elapsedMs) {
        return n;
      }
      n++;
      d = Math.min(AlphaStreamOptions.DEFAULT_MAX_FAILURE_BACKOFF_MS, d * 2);
    }
  }

  @Test
  void anOutageCostsTheOriginTheRequestsOfTheBackoffScheduleWhateverTheSubscribers(VertxTestContext ctx) {
    origin = new OriginServer(vertx, SMALL, 0);
    String[] sizes = {"w=64&h=32", "w=96&h=48", "w=128&h=64"}; // three groups: three times the asks
    WsRecorder[] subs = new WsRecorder[sizes.length];
    long[] t0 = new long[1];
    int[] before = new int[1];
    origin.start()
        .compose(o -> startGateway(new GatewayOptions().setPort(0)
            .addStream(new StreamOptions().setId("live").setSource(origin.url()))))
        .compose(g -> untilState("live", "serving"))
        .compose(v -> Future.all(List.of(connect("/ws/streams/live?" + sizes[0] + "&start=60"),
            connect("/ws/streams/live?" + sizes[1] + "&start=60"), connect("/ws/streams/live?" + sizes[2] + "&start=60"))))
        .compose(all -> {
          for (int i = 0; i < subs.length; i++) {
            subs[i] = all.resultAt(i);
          }
          return Future.all(List.of(subs[0].frameAfter(0), subs[1].frameAfter(0), subs[2].frameAfter(0)));
        })
        .compose(x -> {
          origin.mode(OriginServer.Mode.FAIL_404); // not retried by the transport: every read is one request
          before[0] = origin.requests();
          t0[0] = System.nanoTime();
          // an observation window of about two seconds (the bound below uses the measured length)
          Promise<Void> window = Promise.promise();
          vertx.setTimer(2_000, id -> window.complete());
          return window.future();
        })
        .compose(v -> {
          int requests = origin.requests() - before[0]; // read first: the window only grows after it
          long elapsedMs = (System.nanoTime() - t0[0]) / 1_000_000;
          // reads already in flight when the origin failed, plus the schedule's probes, plus one read slot's
          // worth for a probe racing the window's edges (measured 4-6, once 9; without the backoff: 179)
          int bound = 2 * AlphaStreamOptions.DEFAULT_MAX_INFLIGHT_READS + scheduledAttempts(elapsedMs);
          System.out.println("outage: " + requests + " origin requests in " + elapsedMs + " ms, bound " + bound);
          ctx.verify(() -> {
            assertThat(requests).as("origin requests in %d ms of outage, 3 subscribers at 60 fps", elapsedMs)
                .isPositive().isLessThanOrEqualTo(bound);
            assertThat(subs[0].texts()).anyMatch(t -> "stream_error".equals(t.getString("code")));
          });
          return health(new int[1]).map(h -> {
            ctx.verify(() -> {
              assertThat(h.getString("status")).isEqualTo("DEGRADED");
              assertThat(h.getJsonObject("streams").getJsonObject("live").getString("state")).isEqualTo("retrying");
              assertThat(h.getJsonObject("streams").getJsonObject("live").getString("error")).contains("404");
            });
            return h;
          });
        })
        .compose(h -> {
          origin.mode(OriginServer.Mode.SERVE); // healed: the next probe succeeds and frames flow again
          int mark = subs[1].mark();
          return subs[1].frameAfter(mark);
        })
        .compose(f -> until(() -> health(new int[1]).map(h -> "UP".equals(h.getString("status")))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aDrippingOriginNeitherDelaysTheStartNorTheOtherStreams(VertxTestContext ctx) {
    origin = new OriginServer(vertx, SMALL, 200).mode(OriginServer.Mode.DRIP);
    int[] status = new int[1];
    origin.start()
        .compose(o -> startGateway(new GatewayOptions().setPort(0)
            .addStream(new StreamOptions().setId("x").setSource(origin.url()))
            .addStream(new StreamOptions().setId("d").setSource(Fixtures.path("small.asvp").toString()))
            .addStream(new StreamOptions().setId("demo").setSource("sample:demo"))))
        .compose(g -> {
          ctx.verify(() -> assertThat(origin.completed()).as("the gateway listens before x's origin answered").isZero());
          return health(status);
        })
        .compose(h -> {
          ctx.verify(() -> {
            assertThat(status[0]).isEqualTo(503);
            assertThat(h.getString("status")).isEqualTo("DEGRADED");
            JsonObject streams = h.getJsonObject("streams");
            assertThat(streams.getJsonObject("x").getString("state")).isEqualTo("opening");
            assertThat(streams.getJsonObject("d").getString("state")).isEqualTo("serving");
            assertThat(streams.getJsonObject("d").getInteger("frames")).isEqualTo(240);
            assertThat(streams.getJsonObject("demo").getString("state")).isEqualTo("serving");
          });
          return http.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/streams").compose(req -> req.send())
              .compose(res -> res.body()).map(Buffer::toJsonArray);
        })
        .compose(list -> {
          ctx.verify(() -> {
            assertThat(list).hasSize(3);
            JsonObject x = list.stream().map(JsonObject.class::cast).filter(o -> o.getString("id").equals("x"))
                .findFirst().orElseThrow();
            assertThat(x.getString("state")).isEqualTo("opening");
            assertThat(x.containsKey("frames")).isFalse();
          });
          return getJson("/streams/x/frames/0.png?w=64&h=32", status);
        })
        .compose(png -> {
          ctx.verify(() -> {
            assertThat(status[0]).isEqualTo(503);
            assertThat(png.getString("error")).contains("opening");
          });
          return connect("/ws/streams/x");
        })
        .compose(x -> x.closed().map(v -> x))
        .compose(x -> {
          ctx.verify(() -> {
            assertThat(x.texts()).hasSize(1);
            assertThat(x.texts().get(0).getString("code")).isEqualTo("stream_unavailable");
            assertThat(x.texts().get(0).getBoolean("fatal")).isTrue();
            assertThat(x.closeCode()).isEqualTo((short) 1013);
          });
          return connect("/ws/streams/d?w=333&h=177&start=119&encoding=r8");
        })
        .compose(d -> d.frameAfter(0))
        .compose(f -> {
          ctx.verify(() -> assertGolden(f, "small.asvp", 333, 177));
          return connect("/ws/streams/demo?w=64&h=32");
        })
        .compose(demo -> demo.frameAfter(0).map(f -> demo))
        .onComplete(ctx.succeeding(demo -> ctx.verify(() -> {
          assertThat(((JsonObject) demo.messages().get(0)).getInteger("frames")).isEqualTo(SampleGenerator.DEMO_FRAMES);
          assertThat(origin.completed()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void aMissingRemoteFileIsReportedAsFailedAndStillRetried(VertxTestContext ctx) {
    origin = new OriginServer(vertx, SMALL, 0).mode(OriginServer.Mode.FAIL_404);
    origin.start()
        .compose(o -> startGateway(new GatewayOptions().setPort(0).setReopenDelayMs(50).setMaxReopenDelayMs(100)
            .addStream(new StreamOptions().setId("x").setSource(origin.url()))))
        .compose(g -> untilState("x", "failed"))
        .compose(v -> until(() -> Future.succeededFuture(origin.requests() >= 3))) // a 404 is one request per attempt
        .compose(v -> health(new int[1]))
        .compose(h -> {
          ctx.verify(() -> {
            assertThat(h.getString("status")).isEqualTo("DEGRADED");
            JsonObject x = h.getJsonObject("streams").getJsonObject("x");
            assertThat(x.getString("state")).isEqualTo("failed");
            assertThat(x.getString("error")).contains("404");
          });
          origin.mode(OriginServer.Mode.SERVE); // the file appears: picked up by the next attempt
          return untilState("x", "serving");
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anOriginDownAtStartIsRetriedWithBackoffAndServedOnceItAnswers(VertxTestContext ctx) {
    origin = new OriginServer(vertx, SMALL, 0).mode(OriginServer.Mode.FAIL_503);
    long[] t0 = new long[1];
    origin.start()
        .compose(o -> {
          t0[0] = System.nanoTime();
          return startGateway(new GatewayOptions().setPort(0).setReopenDelayMs(100).setMaxReopenDelayMs(400)
              .addStream(new StreamOptions().setId("x").setSource(origin.url()))
              .addStream(new StreamOptions().setId("d").setSource(Fixtures.path("small.asvp").toString())));
        })
        .compose(g -> untilState("x", "retrying"))
        .compose(v -> until(() -> Future.succeededFuture(origin.requests() >= 12))) // several open attempts
        .compose(v -> {
          int requests = origin.requests();
          long elapsedMs = (System.nanoTime() - t0[0]) / 1_000_000;
          // one open attempt = one read retried by the transport; attempts after 0, 100, 300, 700, 1100, ... ms
          int attempts = 1;
          for (long t = 0, d = 100; (t += d) <= elapsedMs; d = Math.min(400, d * 2)) {
            attempts++;
          }
          int bound = (1 + TransportOptions.DEFAULT_MAX_RETRIES) * (attempts + 1);
          System.out.println("down at start: " + requests + " origin requests in " + elapsedMs + " ms, bound " + bound);
          ctx.verify(() -> assertThat(requests).as("origin requests in %d ms", elapsedMs).isLessThanOrEqualTo(bound));
          return health(new int[1]);
        })
        .compose(h -> {
          ctx.verify(() -> {
            JsonObject x = h.getJsonObject("streams").getJsonObject("x");
            assertThat(x.getString("state")).isEqualTo("retrying");
            assertThat(x.getString("error")).contains("503");
            assertThat(x.getInteger("attempts")).isGreaterThan(1);
            assertThat(h.getJsonObject("streams").getJsonObject("d").getString("state")).isEqualTo("serving");
          });
          origin.mode(OriginServer.Mode.SERVE);
          return untilState("x", "serving");
        })
        .compose(v -> connect("/ws/streams/x?w=333&h=177&start=119"))
        .compose(r -> r.frameAfter(0))
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertGolden(f, "small.asvp", 333, 177);
          ctx.completeNow();
        })));
  }
}
