package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Subscribers of the same stream, size and encoding share one rasterize + encode per frame: the gateway's
 * encode counter grows with the frames pushed, not with frames x subscribers.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayFanOutTest extends GatewayTestBase {
  private static final int SUBSCRIBERS = 8;
  private static final int PREFETCH = GatewayOptions.DEFAULT_PREFETCH_FRAMES;

  @Test
  void subscribersOfOneGroupShareEachEncode(VertxTestContext ctx) {
    // All start at frame 0 and connect within milliseconds of each other, so their clocks ask for the
    // same frame at nearly the same time.
    List<Future<WsRecorder>> connecting = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      connecting.add(connect("/ws/streams/small?w=333&h=177&fps=30&encoding=rle"));
    }
    Future.all(connecting).compose(all -> {
      List<Future<Void>> windows = new ArrayList<>();
      for (Future<WsRecorder> f : connecting) {
        WsRecorder r = f.result();
        windows.add(r.until("45 frames", x -> x.frames().size() >= 45));
      }
      return Future.all(windows);
    }).compose(v -> {
      long encodes = gateway.encodes("small");
      Set<Integer> distinct = new HashSet<>();
      long delivered = 0;
      int maxIndex = 0;
      for (Future<WsRecorder> f : connecting) {
        for (WsRecorder.Frame fr : f.result().frames()) {
          distinct.add(fr.index());
          maxIndex = Math.max(maxIndex, fr.index());
          delivered++;
        }
      }
      System.out.println("fan-out: " + SUBSCRIBERS + " subscribers, " + delivered + " frames delivered, "
          + distinct.size() + " distinct, " + encodes + " encodes");
      // every delivered frame was encoded at least once ...
      assertThat(encodes).isGreaterThanOrEqualTo(distinct.size());
      // ... and at most once per frame index reached, plus the prefetch beyond the last one
      assertThat(encodes).isLessThanOrEqualTo(maxIndex + 1 + PREFETCH + SUBSCRIBERS);
      assertThat(delivered).isGreaterThan(4 * encodes);
      // shared messages carry the right mask (decoded and compared off the event loop)
      WsRecorder.Frame f = connecting.get(SUBSCRIBERS - 1).result().frames().get(0);
      return offLoop(() -> assertThat(f.mask()).isEqualTo(Golden.entry("small.asvp", f.index(), 333, 177).r8()));
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aDifferentSizeOrEncodingIsItsOwnGroup(VertxTestContext ctx) {
    Future<WsRecorder> a = connect("/ws/streams/small?w=333&h=177&fps=30&encoding=rle");
    Future<WsRecorder> b = connect("/ws/streams/small?w=640&h=320&fps=30&encoding=rle");
    Future<WsRecorder> c = connect("/ws/streams/small?w=333&h=177&fps=30&encoding=r8");
    Future.all(a, b, c)
        .compose(all -> Future.all(List.of(a, b, c).stream().map(f -> f.result().until("15 frames", x -> x.frames().size() >= 15)).toList()))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          long perSubscriber = 15;
          assertThat(gateway.encodes("small")).as("three groups encode separately").isGreaterThanOrEqualTo(3 * perSubscriber);
          ctx.completeNow();
        })));
  }

  @Test
  void severalEventLoopsShareOnePortAndEachServesItsSubscribers(Vertx vertx, VertxTestContext ctx) {
    Gateway.start(vertx, new GatewayOptions().setPort(0).setInstances(2)
            .addStream(new StreamOptions().setId("small").setSource(Fixtures.path("small.asvp").toString())))
        .compose(two -> {
          List<Future<WsRecorder>> subs = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            subs.add(WsRecorder.connect(vertx, client, two.port(), "/ws/streams/small?w=64&h=32&fps=30")
                .compose(r -> r.until("3 frames", x -> x.frames().size() >= 3).map(r)));
          }
          return Future.all(subs).compose(all -> two.subscriberStats()).map(stats -> {
            assertThat(stats).hasSize(4);
            assertThat(stats).allSatisfy(st -> assertThat(st.sent()).isGreaterThanOrEqualTo(3));
            return two;
          }).eventually(two::close);
        })
        .onComplete(ctx.succeedingThenComplete());
  }
}
