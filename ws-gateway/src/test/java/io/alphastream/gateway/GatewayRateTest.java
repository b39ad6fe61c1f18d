package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.WsRecorder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rate accuracy, in frame counts: over a window of about two seconds the frame indices a subscriber
 * receives advance by elapsed x fps (the server clock), and nearly all of those frames arrive (delivery).
 * Elapsed time is measured between frame arrivals, so a slow machine widens the window instead of
 * failing the test; only the tolerances are in frames.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayRateTest extends GatewayTestBase {
  private static final int FRAMES = 240;

  /** What one window showed. */
  record Window(double fps, double seconds, long indexSpan, int received) {
    double expected() {
      return seconds * fps;
    }

    @Override
    public String toString() {
      return String.format("%.0f fps over %.3f s: index span %d (expected %.1f), received %d", fps, seconds,
          indexSpan, expected(), received);
    }
  }

  /**
   * Waits for {@code count} more frames after message {@code from}, then measures: the window starts at
   * the first of them.
   */
  private static Future<Window> window(WsRecorder r, int from, double fps, int count) {
    return r.until(count + " frames", x -> framesAfter(x, from).size() >= count).map(v -> {
      List<WsRecorder.Frame> fs = framesAfter(r, from);
      fs = fs.subList(0, count);
      long span = 0;
      for (int i = 1; i < fs.size(); i++) {
        span += Math.floorMod(fs.get(i).index() - fs.get(i - 1).index(), FRAMES); // unwrap the loop
      }
      double seconds = (fs.get(fs.size() - 1).arrivalNanos() - fs.get(0).arrivalNanos()) / 1e9;
      return new Window(fps, seconds, span, fs.size() - 1);
    });
  }

  private static List<WsRecorder.Frame> framesAfter(WsRecorder r, int from) {
    return r.messages().subList(from, r.messages().size()).stream()
        .filter(WsRecorder.Frame.class::isInstance).map(WsRecorder.Frame.class::cast).toList();
  }

  private static void assertRate(Window w) {
    System.out.println("rate window: " + w);
    // 10 % (at least 3 frames): the window's length is measured from client arrival times, which a
    // loaded 2-core machine can shift by a few frame periods; a wrong rate (half, double) still fails.
    double tolerance = Math.max(3, 0.10 * w.expected());
    assertThat((double) w.indexSpan()).as("server clock: " + w).isCloseTo(w.expected(), org.assertj.core.data.Offset.offset(tolerance));
    assertThat((double) w.received()).as("delivered: " + w).isGreaterThanOrEqualTo(0.8 * w.indexSpan());
  }

  @Test
  void thirtyAndSixtyFpsSubscribersGetTheirRates(VertxTestContext ctx) {
    Future<Window> at30 = connect("/ws/streams/small?w=128&h=64&fps=30")
        .compose(r -> r.until("warm", x -> x.frames().size() >= 3).compose(v -> window(r, r.mark(), 30, 61)));
    Future<Window> at60 = connect("/ws/streams/small?w=128&h=64&fps=60")
        .compose(r -> r.until("warm", x -> x.frames().size() >= 3).compose(v -> window(r, r.mark(), 60, 121)));
    Future.all(at30, at60).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertRate(at30.result());
      assertRate(at60.result());
      ctx.completeNow();
    })));
  }

  @Test
  void aRateChangeTakesEffectAtOnce(VertxTestContext ctx) {
    connect("/ws/streams/small?w=128&h=64&fps=60")
        .compose(r -> r.until("warm", x -> x.frames().size() >= 3).map(v -> r))
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "rate").put("fps", 20));
          return r.text("state", mark).compose(s -> window(r, r.messages().indexOf(s) + 1, 20, 31));
        })
        .onComplete(ctx.succeeding(w -> ctx.verify(() -> {
          assertRate(w);
          ctx.completeNow();
        })));
  }
}
