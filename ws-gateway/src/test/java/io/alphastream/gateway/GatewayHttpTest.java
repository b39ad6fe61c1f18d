package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.Golden;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The HTTP side: stream list and details, one mask as PNG, health, metrics, the demo page. */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayHttpTest extends GatewayTestBase {

  @Override
  protected GatewayOptions options() {
    return new GatewayOptions().setPort(0).addStream(fixtureStream("small", "small.asvp"))
        .addStream(fixtureStream("secret", "small.asvr").setSceneId(4242L)
            .setPassphraseFile(Fixtures.path("test-passphrase.hex").toString()));
  }

  @Test
  void listsStreamsWithTheirManifestFacts(VertxTestContext ctx) {
    JsonObject manifest = new JsonObject(Fixtures.manifestJson());
    int frames = manifest.getJsonObject("files").getJsonObject("small.asvp").getInteger("frames");
    get("/streams").compose(list -> {
      JsonArray a = list.body().toJsonArray();
      assertThat(list.status()).isEqualTo(200);
      assertThat(a.stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly("small", "secret");
      return get("/streams/secret");
    }).map(one -> {
      JsonObject s = one.body().toJsonObject();
      assertThat(s.getInteger("frames")).isEqualTo(frames);
      assertThat(s.getDouble("fps")).isEqualTo(manifest.getDouble("fps"));
      assertThat(s.getDouble("duration")).isEqualTo(frames / manifest.getDouble("fps"));
      assertThat(s.getInteger("width")).isEqualTo(manifest.getJsonArray("native").getInteger(0));
      assertThat(s.getInteger("height")).isEqualTo(manifest.getJsonArray("native").getInteger(1));
      return s;
    }).compose(v -> get("/streams/nope")).map(r -> {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.body().toJsonObject().getString("error")).isEqualTo("no stream \"nope\"");
      return r;
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void framePngIsTheGoldenMaskAlsoFromTheEncryptedStream(VertxTestContext ctx) {
    byte[] golden = Golden.entry("small.asvp", 119, 333, 177).r8();
    Future.all(get("/streams/small/frames/119.png?w=333&h=177"), get("/streams/secret/frames/119.png?w=333&h=177"))
        .compose(all -> offLoop(() -> { // PNG decoding: not on the event loop
          for (int i = 0; i < 2; i++) {
            Reply r = all.resultAt(i);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo("image/png");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body().getBytes()));
            assertThat(img.getWidth()).isEqualTo(333);
            assertThat(img.getHeight()).isEqualTo(177);
            assertThat(((DataBufferByte) img.getRaster().getDataBuffer()).getData()).isEqualTo(golden);
          }
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void framePngRejectsBadArgumentsWith400(VertxTestContext ctx) {
    Future.all(get("/streams/small/frames/240.png"), get("/streams/small/frames/0.png?w=0&h=5"),
            get("/streams/small/frames/0.png?w=5000&h=5"), get("/streams/nope/frames/0.png"))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Reply outOfRange = all.resultAt(0);
          assertThat(outOfRange.status()).isEqualTo(400);
          assertThat(outOfRange.body().toJsonObject().getString("error")).contains("frame 240 is out of range [0, 240)");
          assertThat(((Reply) all.resultAt(1)).body().toJsonObject().getString("error")).contains("w must be in 1..4096: 0");
          assertThat(((Reply) all.resultAt(2)).status()).isEqualTo(400);
          assertThat(((Reply) all.resultAt(3)).status()).isEqualTo(404);
          ctx.completeNow();
        })));
  }

  @Test
  void malformedFrameNumbersAndSizesAre400JsonAndOtherStreamPathsAre404Json(VertxTestContext ctx) {
    List<String> bad = List.of("/streams/small/frames/-1.png", "/streams/small/frames/abc.png",
        "/streams/small/frames/99999999999999999999.png", "/streams/small/frames/2147483648.png",
        "/streams/small/frames/.png", "/streams/small/frames/1e3.png", "/streams/small/frames/%2B5.png",
        "/streams/small/frames/0.png?w=65536&h=10", "/streams/small/frames/0.png?w=-3",
        "/streams/small/frames/0.png?h=99999999999", "/streams/small/frames/0.png?w=12px");
    List<Future<Reply>> replies = new ArrayList<>();
    bad.forEach(uri -> replies.add(get(uri)));
    Future<Reply> unknown = get("/streams/small/nothing/here");
    Future.all(replies).compose(v -> unknown).onComplete(ctx.succeeding(u -> ctx.verify(() -> {
      for (int i = 0; i < bad.size(); i++) {
        Reply r = replies.get(i).result();
        assertThat(r.status()).as(bad.get(i)).isEqualTo(400);
        assertThat(r.contentType()).as(bad.get(i)).startsWith("application/json");
        assertThat(r.body().toJsonObject().getString("error")).as(bad.get(i)).isNotBlank();
      }
      assertThat(replies.get(0).result().body().toJsonObject().getString("error"))
          .isEqualTo("frame must be an integer in [0, 240): \"-1\"");
      assertThat(replies.get(3).result().body().toJsonObject().getString("error")).contains("out of range [0, 240)");
      assertThat(u.status()).isEqualTo(404);
      assertThat(u.contentType()).startsWith("application/json");
      assertThat(u.body().toJsonObject().getString("error")).contains("/streams/small/nothing/here");
      ctx.completeNow();
    })));
  }

  /** The samples of a Prometheus text exposition: {@code name{labels}} to value (comments skipped). */
  private static Map<String, Double> samples(String scrape) {
    Map<String, Double> out = new HashMap<>();
    for (String line : scrape.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (!line.startsWith("#") && space > 0) {
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return out;
  }

  /** Scrapes /metrics until {@code condition} holds on the samples (the server updates them on its own loop). */
  private Future<Map<String, Double>> scrapeUntil(java.util.function.Predicate<Map<String, Double>> condition, int tries) {
    return get("/metrics").compose(r -> {
      Map<String, Double> m = samples(r.body().toString());
      if (condition.test(m) || tries <= 1) {
        return Future.succeededFuture(m);
      }
      return vertx.timer(50).compose(v -> scrapeUntil(condition, tries - 1));
    });
  }

  @Test
  void metricsCountWhatTheSubscribersReceived(VertxTestContext ctx) {
    String subscribers = "alphastream_gateway_subscribers{stream=\"small\"}";
    connect("/ws/streams/small?w=64&h=32&fps=60&encoding=rle")
        .compose(r -> r.until("30 frames", x -> x.frames().size() >= 30).map(r))
        .compose(r -> get("/metrics").map(m -> {
          Map<String, Double> live = samples(m.body().toString());
          Set<Integer> distinct = new HashSet<>();
          r.frames().forEach(f -> distinct.add(f.index()));
          int received = r.frames().size();
          assertThat(live.get(subscribers)).as("open subscriptions").isEqualTo(1.0);
          assertThat(live.get("alphastream_gateway_frames_pushed_total{stream=\"small\"}"))
              .as("frames pushed >= frames the client received").isGreaterThanOrEqualTo(received);
          assertThat(live).containsKeys("alphastream_gateway_frames_dropped_total{reason=\"queue_full\",stream=\"small\"}",
              "alphastream_gateway_frames_dropped_total{reason=\"late\",stream=\"small\"}");
          assertThat(live.get("alphastream_gateway_encodes_total{stream=\"small\"}"))
              .as("every distinct frame received was encoded").isGreaterThanOrEqualTo(distinct.size());
          assertThat(live.get("alphastream_gateway_decode_latency_seconds_count{stream=\"small\"}"))
              .as("one mask fetch timed per encode").isGreaterThanOrEqualTo(distinct.size());
          assertThat(live.get("alphastream_gateway_decode_latency_seconds_sum{stream=\"small\"}")).isPositive();
          assertThat(live.get("alphastream_gateway_cache_hit_ratio{stream=\"small\"}")).isBetween(0.0, 1.0);
          assertThat(live.get("alphastream_gateway_event_loop_lag_seconds_count")).as("lag probes ran").isPositive();
          return r;
        }))
        // the gauge follows the subscription: back to 0 once the client has gone
        .compose(r -> r.socket().close().compose(v -> scrapeUntil(m -> m.get(subscribers) == 0.0, 100)))
        .onComplete(ctx.succeeding(m -> ctx.verify(() -> {
          assertThat(m.get(subscribers)).isEqualTo(0.0);
          ctx.completeNow();
        })));
  }

  @Test
  void healthMetricsAndDemoPage(VertxTestContext ctx) {
    // a PNG first, so the decode and cache meters have something to show
    get("/streams/small/frames/3.png?w=64&h=32")
        .compose(v -> Future.all(get("/health"), get("/metrics"), get("/"), get("/js/alphastream/index.js")))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Reply health = all.resultAt(0);
          assertThat(health.status()).isEqualTo(200);
          assertThat(health.body().toJsonObject().getString("status")).isEqualTo("UP");
          assertThat(health.body().toJsonObject().getJsonObject("streams").getJsonObject("secret").getMap())
              .containsEntry("state", "serving").containsEntry("frames", 240);
          Reply metrics = all.resultAt(1);
          assertThat(metrics.contentType()).startsWith("text/plain");
          assertThat(metrics.body().toString()).contains(
              "alphastream_gateway_subscribers{stream=\"small\"} 0.0",
              "alphastream_gateway_stream_serving{stream=\"small\"} 1.0",
              "alphastream_gateway_frames_pushed_total{stream=\"small\"}",
              "alphastream_gateway_frames_dropped_total{reason=\"queue_full\",stream=\"small\"}",
              "alphastream_gateway_cache_hit_ratio{stream=\"small\"}",
              "alphastream_gateway_decode_latency_seconds_count",
              "alphastream_gateway_event_loop_lag_seconds_count");
          Reply page = all.resultAt(2);
          assertThat(page.contentType()).startsWith("text/html");
          assertThat(page.body().toString()).contains("<title>AlphaStream gateway demo</title>", "demo.js");
          Reply module = all.resultAt(3);
          assertThat(module.status()).isEqualTo(200);
          assertThat(module.body().toString()).contains("export { connect");
          ctx.completeNow();
        })));
  }

  @Test
  void webSocketEndpointWithoutUpgradeIs400(VertxTestContext ctx) {
    get("/ws/streams/small").map(r -> {
      assertThat(r.status()).isEqualTo(400);
      return r;
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anEncryptedStreamOverHttpWithItsPassphraseFromTheEnvironment(Vertx vertx, VertxTestContext ctx) {
    String hex = new String(Fixtures.bytes("test-passphrase.hex"), java.nio.charset.StandardCharsets.US_ASCII).trim();
    byte[] golden = Golden.entry("small.asvp", 119, 333, 177).r8();
    io.vertx.ext.web.Router files = io.vertx.ext.web.Router.router(vertx);
    files.route("/*").handler(StaticHandler.create(FileSystemAccess.ROOT, Fixtures.path("").toString()));
    vertx.createHttpServer().requestHandler(files).listen(0, "127.0.0.1")
        .compose(server -> MaskSources.open(vertx, new StreamOptions().setId("remote").setSceneId(4242L)
                .setSource("http://127.0.0.1:" + server.actualPort() + "/small.asvr").setPassphraseEnv("CLIP_KEY"),
            name -> name.equals("CLIP_KEY") ? hex : null))
        .compose(source -> source.mask(119, 333, 177).map(mask -> {
          assertThat(source.info().frames()).isEqualTo(240);
          assertThat(mask.data()).isEqualTo(golden);
          return source;
        }).eventually(source::close))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aWrongOrMissingPassphraseFailsTheStartNamingTheStream(Vertx vertx, VertxTestContext ctx) {
    Gateway.start(vertx, new GatewayOptions().setPort(0).addStream(new StreamOptions().setId("locked")
            .setSource(Fixtures.path("small.asvr").toString()).setSceneId(4242L).setPassphraseEnv("UNSET_ALPHASTREAM_KEY")))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).hasMessageStartingWith("stream locked (").hasMessageContaining("UNSET_ALPHASTREAM_KEY");
          // this node cannot resolve the reference (the variable is unset here); the key error stays the cause
          assertThat(err.getCause()).isInstanceOf(io.alphastream.gateway.catalog.UnresolvedSecretException.class);
          assertThat(err.getCause().getCause()).isInstanceOf(io.alphastream.KeyException.class);
          ctx.completeNow();
        })));
  }
}
