package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.Eventually;
import io.alphastream.gateway.testing.LogCapture;
import io.alphastream.gateway.testing.StalledClient;
import io.alphastream.gateway.testing.WsRecorder;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing stalled subscribers is quiet and complete: the gateway closes their connections (a close frame
 * could not get past their unread frames), Vert.x and Netty log nothing about it (Vert.x used to log a
 * "promise already done" stack trace per close, once its closing timeout fired after the peer left), and
 * every byte counted for them is released.
 */
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class GatewayStalledCloseTest extends GatewayTestBase {
  private static final int STALL_MS = 500;

  @Override
  protected GatewayOptions options() {
    return super.options().setStallTimeoutMs(STALL_MS).setWriteQueueMaxBytes(256 * 1024);
  }

  @Test
  void closingStalledSubscribersLogsNothingAndReleasesTheirBytes(VertxTestContext ctx) {
    LogCapture logs = LogCapture.install();
    // the capture sees what Netty logs (Vert.x logs through the same java.util.logging root)
    InternalLoggerFactory.getInstance("io.alphastream.gateway.probe").warn("probe");
    List<String> probe = logs.lines();
    List<NetSocket> stalled = new ArrayList<>();
    Future<WsRecorder> healthy = connect("/ws/streams/small?w=64&h=32");
    Future<Void> opened = Future.succeededFuture();
    for (int i = 0; i < 3; i++) {
      String uri = "/ws/streams/small?w=1024&h=" + (1024 - i) + "&encoding=r8";
      opened = opened.compose(v -> StalledClient.open(vertx, gateway.port(), uri).onSuccess(stalled::add).mapEmpty());
    }
    opened
        .compose(v -> Eventually.until(vertx, "three stalled closes", 60_000, () -> Future.succeededFuture(
            gateway.metrics().registry().get("alphastream.gateway.stalled.closes").counter().count() >= 3)))
        // the peers leave after the server closed them: where Vert.x's closing timeout used to misfire
        .compose(v -> {
          stalled.forEach(NetSocket::close);
          return healthy;
        })
        .compose(r -> {
          int n = r.frames().size();
          // past Vert.x's 2 s closing timeout: 150 frames at 60 fps take 2.5 s or more
          return r.until("150 more frames", x -> x.frames().size() >= n + 150).map(r);
        })
        .compose(r -> Eventually.until(vertx, "only the healthy subscriber's bytes", 30_000,
            () -> gateway.subscriberStats().map(st -> st.size() == 1 && gateway.memoryUse().held() < 64 * 1024)))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          logs.close();
          assertThat(probe).hasSize(1).allMatch(l -> l.contains("probe"));
          assertThat(logs.lines()).as("log records besides the probe").hasSize(1);
          ctx.completeNow();
        })));
  }
}
