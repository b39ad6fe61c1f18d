package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.catalog.Catalog;
import io.alphastream.gateway.catalog.LocalCatalog;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the gateway takes from its node services: the catalog it is seeded into (only ids that are absent),
 * and the subscribers other nodes report, which count against the per-stream limit.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayNodeTest extends GatewayTestBase {
  private final LocalCatalog catalog = new LocalCatalog();
  /** Subscribers of "small" the other nodes report (a test double of a cluster). */
  private final AtomicInteger elsewhere = new AtomicInteger();

  @Override
  protected GatewayOptions options() {
    return new GatewayOptions().setPort(0).setMaxSubscribersPerStream(3)
        .addStream(fixtureStream("small", "small.asvp")).addStream(new StreamOptions().setId("demo").setSource("sample:demo"));
  }

  @Override
  protected Future<Gateway> start(GatewayOptions options) {
    // an admin changed "small" before this node started: the seed must not overwrite it
    catalog.put(fixtureStream("small", "edge-cases.asvp"));
    NodeServices standalone = new StandaloneNode("node-t", catalog, StandaloneNode.secrets(options, System::getenv));
    NodeServices node = new NodeServices() {
      @Override
      public String nodeId() {
        return standalone.nodeId();
      }

      @Override
      public Catalog catalog() {
        return standalone.catalog();
      }

      @Override
      public Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
        return standalone.open(vertx, stream);
      }

      @Override
      public int subscribersElsewhere(String id) {
        return id.equals("small") ? elsewhere.get() : 0;
      }

      @Override
      public void started(NodeView view) {
        standalone.started(view);
      }

      @Override
      public Future<JsonObject> clusterView() {
        return standalone.clusterView();
      }

      @Override
      public Future<Void> close() {
        return standalone.close();
      }
    };
    return Gateway.start(vertx, options, new GatewayMetrics(), node);
  }

  @Test
  void seedsOnlyIdsTheCatalogDoesNotHave(VertxTestContext ctx) {
    catalog.list().compose(list -> {
      assertThat(list).extracting(StreamOptions::getId).containsExactly("demo", "small");
      assertThat(list.get(1).getSource()).isEqualTo(Fixtures.path("edge-cases.asvp").toString());
      return get("/streams/small");
    }).map(r -> {
      assertThat(r.body().toJsonObject().getInteger("frames")).as("the catalog's small: edge-cases")
          .isNotEqualTo(240);
      assertThat(gateway.streamIds()).containsExactly("small", "demo"); // configuration order first
      return null;
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Changes from several threads at once (as a cluster's notifications arrive): the reconciliations never
   * overlap, and once the changes stop the served streams are exactly the catalog's, each with one set of
   * meters.
   */
  @Test
  void concurrentChangesEndWithTheCatalogsStreamsAndTheirMetersOnly(VertxTestContext ctx) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            String id = "s" + ((i + thread) % 5);
            switch ((i * 7 + thread) % 3) {
              case 0 -> catalog.put(fixtureStream(id, "small.asvp"));
              case 1 -> catalog.put(fixtureStream(id, "edge-cases.asvp"));
              default -> catalog.remove(id);
            }
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    java.util.List<String> expected = catalog.list().result().stream().map(StreamOptions::getId).sorted().toList();
    java.util.function.Supplier<Boolean> settled = () -> gateway.streamIds().stream().sorted().toList().equals(expected);
    // the last change's pass may still be running on another thread: wait for it, without sleeping blindly
    Future<Void> ready = io.vertx.core.Future.future(p -> waitFor(settled, p, 400));
    ready.map(v -> {
      String scrape = gateway.metrics().scrape();
      long gauges = scrape.lines().filter(l -> l.startsWith("alphastream_gateway_subscribers{")).count();
      assertThat(gauges).as("one subscribers gauge per served stream").isEqualTo(expected.size());
      for (StreamOptions want : catalog.list().result()) {
        assertThat(gateway.servedEntry(want.getId()).toJson()).as(want.getId()).isEqualTo(want.toJson());
      }
      return null;
    }).onComplete(ctx.succeedingThenComplete());
  }

  private void waitFor(java.util.function.Supplier<Boolean> condition, io.vertx.core.Promise<Void> p, int triesLeft) {
    if (condition.get()) {
      p.complete();
    } else if (triesLeft == 0) {
      p.fail(new AssertionError("the gateway's streams " + gateway.streamIds() + " never matched the catalog"));
    } else {
      vertx.setTimer(25, t -> waitFor(condition, p, triesLeft - 1));
    }
  }

  @Test
  void subscribersOnOtherNodesCountAgainstTheLimit(VertxTestContext ctx) {
    elsewhere.set(2); // 2 elsewhere + 1 here = the limit of 3
    connect("/ws/streams/small?w=64&h=32").compose(first -> first.frameAfter(0).map(first))
        .compose(first -> connect("/ws/streams/small?w=64&h=32"))
        .compose(second -> second.closed().map(second))
        .compose(second -> {
          JsonObject err = second.texts().get(0);
          assertThat(err.getString("code")).isEqualTo("limit");
          assertThat(err.getString("message")).contains("maximum of 3").contains("2 of them on other nodes");
          assertThat(second.closeCode()).isEqualTo((short) 1008);
          elsewhere.set(1); // one left elsewhere: room for one more here
          return connect("/ws/streams/small?w=64&h=32");
        })
        .compose(third -> third.frameAfter(0).map(third))
        .compose(third -> connect("/ws/streams/demo?w=64&h=32")) // other streams are not affected
        .compose(d -> d.frameAfter(0))
        .onComplete(ctx.succeedingThenComplete());
  }
}
