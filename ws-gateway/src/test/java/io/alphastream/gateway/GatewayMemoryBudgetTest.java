package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.Eventually;
import io.alphastream.gateway.testing.LogCapture;
import io.alphastream.gateway.testing.StalledClient;
import io.alphastream.gateway.testing.WsRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway-wide memory budget against clients that open large r8 subscriptions and never read them:
 * the bytes they make the gateway hold are counted and return to zero when they leave, newcomers that do
 * not fit are refused with {@code overloaded}, and when a due frame's encode does not fit the longest-stalled
 * subscriber is dropped first while clients that keep up are never dropped. The stall timeout is far
 * away, so only the budget closes anyone here. The stalled subscribers ask for 5 fps: at 60 a slow machine
 * encodes 2048 x 2048 frames slower than their clock prefetches them, and the budget then goes to frames
 * that are stale before they are done, so the first message can take long to go out.
 */
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class GatewayMemoryBudgetTest extends GatewayTestBase {
  private static final long MIB = 1 << 20;
  private static final long BUDGET = 40 * MIB;

  private final List<NetSocket> stalled = new ArrayList<>();
  private LogCapture logs;

  @Override
  protected GatewayOptions options() {
    return super.options().setMemoryBudgetBytes(BUDGET).setStallTimeoutMs(600_000).setWriteQueueMaxBytes(256 * 1024)
        .setMaxWidth(8192);
  }

  @BeforeEach
  void captureLogs() {
    logs = LogCapture.install();
  }

  @AfterEach
  void releaseLogs() {
    logs.close();
  }

  private Future<NetSocket> openStalled(String uri) {
    return StalledClient.open(vertx, gateway.port(), uri).onSuccess(stalled::add);
  }

  private double overloaded(String action) {
    MeterRegistry registry = gateway.metrics().registry();
    return registry.get("alphastream.gateway.overloaded").tag("action", action).counter().count();
  }

  private Future<Boolean> hasStalled(int width, int height) {
    return gateway.subscriberStats().map(all -> all.stream()
        .anyMatch(s -> s.width() == width && s.height() == height && s.droppedQueueFull() > 0));
  }

  /** Closes every stalled client, then waits until the gateway holds nothing for anyone and has no subscriber. */
  private Future<Void> closeAllAndExpectZero(List<WsRecorder> readers) {
    stalled.forEach(NetSocket::close);
    readers.forEach(r -> r.socket().close());
    return Eventually.until(vertx, "no subscriber and zero bytes held", 30_000,
        () -> gateway.subscriberStats().map(st -> st.isEmpty() && gateway.memoryUse().held() == 0));
  }

  @Test
  void newcomersThatDoNotFitAreRefusedWithOverloadedAndBytesReturnToZero(VertxTestContext ctx) {
    // a stalled 2048x2048 r8 subscriber holds a message in its socket, its group's kept messages (the frames
    // it asked for before it stalled) and their masks in the engine's cache, 4 MiB each: over 40 - 32 MiB in
    // all, so an 8192x4096 newcomer (32 MiB per mask) cannot fit, while a small one can
    openStalled("/ws/streams/small?w=2048&h=2048&encoding=r8&fps=5")
        .compose(s -> Eventually.until(vertx, "stalled", 60_000, () -> hasStalled(2048, 2048)))
        .compose(s -> Eventually.until(vertx, "bytes held over budget - 32 MiB", 30_000,
            () -> Future.succeededFuture(gateway.memoryUse().used() > BUDGET - 32 * MIB)))
        .compose(v -> connect("/ws/streams/small?w=8192&h=4096&encoding=r8"))
        .compose(big -> big.text("error", 0).compose(err -> big.closed().map(x -> {
          ctx.verify(() -> {
            assertThat(err.getString("code")).isEqualTo("overloaded");
            assertThat(err.getBoolean("fatal")).isTrue();
            assertThat(big.closeCode()).isEqualTo((short) 1008);
            assertThat(big.frames()).isEmpty();
            assertThat(overloaded("refused")).isGreaterThanOrEqualTo(1.0);
          });
          return big;
        })))
        .compose(big -> connect("/ws/streams/small?w=64&h=32"))
        .compose(small -> small.until("frames of a small newcomer", r -> r.frames().size() >= 3).map(small))
        .compose(small -> closeAllAndExpectZero(List.of(small)))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(gateway.memoryUse().held()).isZero();
          assertThat(logs.lines()).as("log records").isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  void aFramePngThatDoesNotFitIs503AndASmallOneIsServed(VertxTestContext ctx) {
    // 8192 x 4096 needs 2 x 32 MiB while it is made: more than the whole 40 MiB budget
    get("/streams/small/frames/0.png?w=8192&h=4096").compose(big -> get("/streams/small/frames/0.png?w=64&h=32")
        .map(small -> List.of(big, small)))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.get(0).status()).isEqualTo(503);
          assertThat(r.get(0).body().toJsonObject().getString("error")).contains("memory budget");
          assertThat(r.get(1).status()).isEqualTo(200);
          assertThat(r.get(1).contentType()).isEqualTo("image/png");
          assertThat(gateway.memoryUse().held()).as("nothing held once the PNG is sent").isZero();
          ctx.completeNow();
        })));
  }

  /**
   * Connects D, sized from the room left now: admitted (one mask fits) while its first encode (two masks)
   * does not. The count moves while the stalled ones' last encodes settle, so a D refused at the door
   * (overloaded before any frame) is sized again from a new reading, a few times at most.
   */
  private Future<WsRecorder> readerNeedingRoom(int attemptsLeft) {
    long room = BUDGET - gateway.memoryUse().used();
    int h = (int) Math.max(8, Math.min(4096, room * 3 / 5 / 2048)); // 0.6 of the room: its encode (1.2 rooms) overshoots by only 0.2, which dropping A alone frees
    return connect("/ws/streams/small?w=2048&h=" + h + "&encoding=r8&fps=5")
        .compose(d -> d.until("D's first frames or a refusal", x -> x.frames().size() >= 2 || x.closeCode() != null)
            .compose(v -> {
              boolean refused = d.frames().size() < 2
                  && d.texts().stream().anyMatch(t -> "overloaded".equals(t.getString("code")));
              if (refused && attemptsLeft > 1) {
                return readerNeedingRoom(attemptsLeft - 1);
              }
              return d.until("D's first frames", x -> x.frames().size() >= 2).map(d);
            }));
  }

  @Test
  void theLongestStalledIsDroppedFirstWhenAReaderNeedsRoom(VertxTestContext ctx) {
    // two stalled 2048x2048-ish subscribers, A then B, fill most of the budget; a reader D sized to be
    // admitted (used + one mask fits) but whose first encode (2 masks) does not fit needs room: the gateway
    // drops A, the one stalled the longest, and keeps B, the small reader C and D
    Future<WsRecorder> c = connect("/ws/streams/small?w=64&h=32");
    c.compose(r -> r.until("reader warm", x -> x.frames().size() >= 3))
        .compose(v -> openStalled("/ws/streams/small?w=2048&h=2048&encoding=r8&fps=5"))
        .compose(s -> Eventually.until(vertx, "A stalled", 60_000, () -> hasStalled(2048, 2048)))
        .compose(v -> openStalled("/ws/streams/small?w=2048&h=2040&encoding=r8&fps=5"))
        .compose(s -> Eventually.until(vertx, "B stalled", 60_000, () -> hasStalled(2048, 2040)))
        .compose(v -> {
          ctx.verify(() -> assertThat(overloaded("dropped")).as("nothing dropped before the reader").isZero());
          return readerNeedingRoom(5);
        })
        .compose(d -> gateway.subscriberStats().compose(stats -> {
          ctx.verify(() -> {
            assertThat(overloaded("dropped")).isEqualTo(1.0);
            assertThat(stats).as("A dropped").noneMatch(s -> s.width() == 2048 && s.height() == 2048);
            assertThat(stats).as("B kept").anyMatch(s -> s.width() == 2048 && s.height() == 2040);
            assertThat(stats).as("C kept").anyMatch(s -> s.width() == 64);
            assertThat(stats).hasSize(3);
          });
          return closeAllAndExpectZero(List.of(c.result(), d));
        }))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(logs.lines()).as("log records").isEmpty();
          ctx.completeNow();
        })));
  }
}
