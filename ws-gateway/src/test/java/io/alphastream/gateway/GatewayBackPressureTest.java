package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.WsRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading must not make the server queue frames for it: once its socket's write
 * queue is full its frames are dropped, the bytes waiting for it stay within the queue bound plus one
 * message, it is closed after the stall limit, and a healthy subscriber of the same stream keeps its rate.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayBackPressureTest extends GatewayTestBase {
  private static final int QUEUE_BYTES = 256 * 1024;
  private static final int STALL_MS = 1000;
  /** r8 at 1024x512: half a megabyte per frame, 30 MB/s at 60 fps, so the stall shows within a second. */
  private static final int BIG_MESSAGE = 16 + 1024 * 512;

  private NetClient net;

  @Override
  protected GatewayOptions options() {
    return super.options().setWriteQueueMaxBytes(QUEUE_BYTES).setStallTimeoutMs(STALL_MS);
  }

  /**
   * A WebSocket client that sends the upgrade request and then never reads a byte (not even the 101): a
   * raw TCP socket, paused at once, with a small receive buffer, so the server meets a full queue soon.
   */
  private Future<NetSocket> stalledSubscriber(String uri) {
    net = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(16 * 1024));
    return net.connect(gateway.port(), "127.0.0.1").compose(socket -> {
      socket.pause();
      return socket.write("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port() + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").map(socket);
    });
  }

  /**
   * Completes once the gateway has closed a stalled subscriber; while it has not, waits for 60 more
   * frames of the healthy one (about a second), at most {@code rounds} times.
   */
  private static Future<Void> stallClosed(MeterRegistry registry, WsRecorder healthy, int rounds) {
    if (registry.get("alphastream.gateway.stalled.closes").counter().count() >= 1 || rounds == 0) {
      return Future.succeededFuture();
    }
    int n = healthy.frames().size();
    return healthy.until("60 more frames", x -> x.frames().size() >= n + 60)
        .compose(v -> stallClosed(registry, healthy, rounds - 1));
  }

  @Test
  void aStalledSubscriberIsBoundedThenClosedWhileAnotherKeepsItsRate(VertxTestContext ctx) {
    MeterRegistry registry = gateway.metrics().registry();
    Future<NetSocket> stalled = stalledSubscriber("/ws/streams/small?w=1024&h=512&fps=60&encoding=r8");
    Future<WsRecorder> healthy = connect("/ws/streams/small?w=128&h=64&fps=60");
    Future<int[]> healthyWindow = stalled.compose(s -> healthy)
        .compose(r -> r.until("warm", x -> x.frames().size() >= 3).compose(v -> {
          int from = r.frames().size();
          // three seconds at 60 fps: the stalled subscriber is detected and closed meanwhile
          return r.until("180 more frames", x -> x.frames().size() >= from + 180).map(x -> {
            List<WsRecorder.Frame> fs = r.frames().subList(from, from + 180);
            double seconds = (fs.get(fs.size() - 1).arrivalNanos() - fs.get(0).arrivalNanos()) / 1e9;
            return new int[] {fs.size() - 1, (int) Math.round(seconds * 60)};
          });
        }));
    healthyWindow
        .compose(v -> stallClosed(registry, healthy.result(), 5))
        .compose(v -> gateway.subscriberStats())
        .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
          assertThat(registry.get("alphastream.gateway.stalled.closes").counter().count()).isEqualTo(1.0);
          assertThat(registry.get("alphastream.gateway.frames.dropped").tag("reason", "queue_full").counter().count())
              .as("frames dropped for the stalled subscriber").isGreaterThan(10);
          // the stalled subscriber has left: its peak of unsent bytes is recorded
          double peak = registry.get("alphastream.gateway.write.queue.peak").summary().max();
          assertThat(peak).as("bytes ever waiting for the stalled subscriber")
              .isGreaterThan(0).isLessThanOrEqualTo(QUEUE_BYTES + BIG_MESSAGE);
          assertThat(stats).hasSize(1);
          SubscriberStats h = stats.get(0);
          assertThat(h.width()).isEqualTo(128);
          assertThat(h.maxPendingWriteBytes()).isLessThanOrEqualTo(QUEUE_BYTES);
          int received = healthyWindow.result()[0];
          int expected = healthyWindow.result()[1];
          System.out.println("healthy subscriber during the stall: " + received + " frames, " + expected
              + " expected; stalled peak " + (long) peak + " bytes");
          assertThat(received).as("healthy subscriber's frames vs elapsed x 60").isGreaterThanOrEqualTo((int) (0.8 * expected));
          ctx.completeNow();
        })));
  }
}
