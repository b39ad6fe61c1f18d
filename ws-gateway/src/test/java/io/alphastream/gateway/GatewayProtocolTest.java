package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.encode.Encoding;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.WsRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket protocol of docs/protocol.md, spoken by a real client to a real gateway over loopback. */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayProtocolTest extends GatewayTestBase {

  @Override
  protected GatewayOptions options() {
    return new GatewayOptions().setPort(0).addStream(fixtureStream("small", "small.asvp"))
        .addStream(fixtureStream("edge", "edge-cases.asvp"));
  }

  /** Decodes the frame's mask and compares it with the golden mask on a worker thread, off the event loop. */
  private Future<Void> assertGolden(WsRecorder.Frame f, String source, int w, int h) {
    return offLoop(() -> assertThat(f.mask()).as("frame " + f.index() + " at " + w + "x" + h)
        .isEqualTo(Golden.entry(source, f.index(), w, h).r8()));
  }

  @Test
  void helloComesFirstThenFramesWhoseRleDecodesToTheGoldenMask(VertxTestContext ctx) {
    connect("/ws/streams/small?w=640&h=320&fps=60&start=119&encoding=rle")
        .compose(r -> r.frameAfter(0).compose(f -> {
          JsonObject hello = (JsonObject) r.messages().get(0);
          assertThat(hello.getMap()).containsEntry("type", "hello").containsEntry("stream", "small")
              .containsEntry("frames", 240).containsEntry("fps", 60.0).containsEntry("width", 640)
              .containsEntry("height", 320).containsEntry("encoding", "rle").containsEntry("protocol", 1);
          assertThat(f.header().encoding()).isEqualTo(Encoding.RLE);
          assertThat(f.index()).isEqualTo(119);
          assertThat(f.header().width()).isEqualTo(640);
          assertThat(f.header().height()).isEqualTo(320);
          assertThat(f.header().payloadLength()).isEqualTo(f.message().length - 16);
          return assertGolden(f, "small.asvp", 640, 320).map(f);
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void r8FramesAreTheGoldenMaskBytes(VertxTestContext ctx) {
    connect("/ws/streams/small?w=333&h=177&start=239&encoding=r8")
        .compose(r -> r.frameAfter(0).compose(f -> {
          assertThat(f.header().encoding()).isEqualTo(Encoding.R8);
          assertThat(f.header().payloadLength()).isEqualTo(333 * 177);
          assertThat(f.index()).isEqualTo(239);
          return assertGolden(f, "small.asvp", 333, 177).map(f);
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void edgeCaseFramesEncodeAllTransparentAndAllOpaque(VertxTestContext ctx) {
    // edge-cases frame 0 is empty and frame 6 covers the canvas: RLE [N] and [0, N]
    connect("/ws/streams/edge?w=333&h=177&start=6&encoding=rle")
        .compose(r -> r.frameAfter(0).compose(f -> {
          assertThat(f.index()).isEqualTo(6);
          assertThat(java.util.Arrays.copyOfRange(f.message(), 16, f.message().length))
              .containsExactly(0, 0xBD, 0xCC, 0x03); // 0, LEB128(333 * 177 = 58941)
          return assertGolden(f, "edge-cases.asvp", 333, 177).map(r);
        }))
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "seek").put("frame", 0));
          return r.text("state", mark).compose(s -> r.frameAfter(r.messages().indexOf(s)));
        })
        .map(f -> {
          assertThat(f.index()).isZero();
          assertThat(java.util.Arrays.copyOfRange(f.message(), 16, f.message().length)).containsExactly(0xBD, 0xCC, 0x03);
          return f;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void framesFollowEachOtherInOrderFromTheStart(VertxTestContext ctx) {
    connect("/ws/streams/small?w=64&h=32&fps=60&start=230")
        .compose(r -> r.until("20 frames", x -> x.frames().size() >= 20).map(v -> {
          int prev = -1;
          int wraps = 0;
          for (WsRecorder.Frame f : r.frames()) {
            if (prev >= 0 && f.index() < prev) {
              wraps++;
            }
            prev = f.index();
          }
          assertThat(r.frames().get(0).index()).isEqualTo(230);
          assertThat(wraps).as("the stream loops once from 239 to 0 within 20 frames").isEqualTo(1);
          return r;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void seekSendsTheSoughtFrameNext(VertxTestContext ctx) {
    connect("/ws/streams/small?w=640&h=320&fps=30")
        .compose(r -> r.frameAfter(0).map(f -> r))
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "seek").put("frame", 119));
          return r.text("state", mark).compose(state -> {
            assertThat(state.getInteger("frame")).isEqualTo(119);
            return r.frameAfter(r.messages().indexOf(state));
          });
        })
        .compose(f -> {
          assertThat(f.index()).isEqualTo(119);
          return assertGolden(f, "small.asvp", 640, 320).map(f);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void pauseStopsFramesUntilResumeAndSeekWhilePausedSendsOneStill(Vertx vertx, VertxTestContext ctx) {
    connect("/ws/streams/small?w=64&h=32&fps=60")
        .compose(r -> r.until("5 frames", x -> x.frames().size() >= 5).map(v -> r))
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "pause"));
          return r.text("state", mark).map(state -> {
            assertThat(state.getBoolean("paused")).isTrue();
            return r;
          });
        })
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "seek").put("frame", 200));
          return r.text("state", mark).compose(s -> r.frameAfter(r.messages().indexOf(s))).map(still -> {
            assertThat(still.index()).isEqualTo(200);
            return r;
          });
        })
        // stay paused for a while: nothing may arrive after the still
        .compose(r -> vertx.timer(400).map(r))
        .compose(r -> {
          int pausedFrom = r.mark();
          r.send(new JsonObject().put("type", "resume"));
          return r.text("state", pausedFrom).compose(state -> {
            int stateAt = r.messages().indexOf(state);
            assertThat(r.messages().subList(pausedFrom, stateAt)).as("messages while paused").isEmpty();
            assertThat(state.getBoolean("paused")).isFalse();
            assertThat(state.getInteger("frame")).as("resume continues after the still").isEqualTo(201);
            return r.frameAfter(stateAt);
          });
        })
        .map(f -> {
          assertThat(f.index()).isEqualTo(201);
          return f;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void sizeSwitchesTheMaskSizeOfFollowingFrames(VertxTestContext ctx) {
    connect("/ws/streams/small?w=640&h=320&fps=30")
        .compose(r -> r.frameAfter(0).map(f -> r))
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "pause"));
          r.send(new JsonObject().put("type", "size").put("w", 333).put("h", 177));
          r.send(new JsonObject().put("type", "seek").put("frame", 1));
          return r.until("three states", x -> x.texts().stream().filter(t -> "state".equals(t.getString("type"))).count() >= 3)
              .compose(v -> r.frameAfter(r.messages().lastIndexOf(r.texts().get(r.texts().size() - 1))));
        })
        .compose(f -> {
          assertThat(f.header().width()).isEqualTo(333);
          assertThat(f.header().height()).isEqualTo(177);
          assertThat(f.index()).isEqualTo(1);
          return assertGolden(f, "small.asvp", 333, 177).map(f);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void rateChangeIsAcknowledged(VertxTestContext ctx) {
    connect("/ws/streams/small?w=64&h=32&fps=60")
        .compose(r -> {
          int mark = r.mark();
          r.send(new JsonObject().put("type", "rate").put("fps", 12.5));
          return r.text("state", mark);
        })
        .map(state -> {
          assertThat(state.getDouble("fps")).isEqualTo(12.5);
          assertThat(state.getBoolean("paused")).isFalse();
          return state;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void invalidControlMessagesGetAnErrorAndTheStreamGoesOn(VertxTestContext ctx) {
    connect("/ws/streams/small?w=64&h=32&fps=60")
        .compose(r -> {
          r.sendText("not json");
          r.send(new JsonObject().put("type", "jump"));
          r.send(new JsonObject().put("type", "seek").put("frame", 240));
          r.send(new JsonObject().put("type", "size").put("w", 4097).put("h", 10));
          r.socket().writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2}));
          return r.until("5 errors", x -> x.texts().stream().filter(t -> "error".equals(t.getString("type"))).count() >= 5)
              .map(v -> r);
        })
        .compose(r -> {
          var errors = r.texts().stream().filter(t -> "error".equals(t.getString("type"))).toList();
          assertThat(errors).allSatisfy(e -> {
            assertThat(e.getString("code")).isEqualTo("bad_control");
            assertThat(e.getBoolean("fatal")).isFalse();
          });
          assertThat(errors.get(0).getString("message")).contains("not a JSON object");
          assertThat(errors.get(1).getString("message")).contains("unknown control message type \"jump\"");
          assertThat(errors.get(2).getString("message")).contains("[0, 240): 240");
          assertThat(errors.get(3).getString("message")).contains("w must be in 1..4096: 4097");
          assertThat(errors.get(4).getString("message")).contains("binary messages are not accepted");
          int n = r.frames().size();
          return r.until("more frames", x -> x.frames().size() >= n + 5);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void invalidQueriesAreAFatalErrorWithClose1008(VertxTestContext ctx) {
    String[][] cases = {
        {"/ws/streams/small?w=0&h=10", "bad_query", "w must be in 1..4096: 0"},
        {"/ws/streams/small?w=4097&h=10", "bad_query", "w must be in 1..4096: 4097"},
        {"/ws/streams/small?w=10&h=4097", "bad_query", "h must be in 1..4096: 4097"},
        {"/ws/streams/small?encoding=png", "bad_query", "encoding must be"},
        {"/ws/streams/small?start=240", "bad_query", "start must be a frame in [0, 240)"},
        {"/ws/streams/small?fps=0", "bad_query", "fps must be in (0, 240]"},
        {"/ws/streams/small?fps=300", "bad_query", "fps must be in (0, 240]"},
        {"/ws/streams/nope", "unknown_stream", "no stream \"nope\""},
    };
    Future<Void> chain = Future.succeededFuture();
    for (String[] c : cases) {
      chain = chain.compose(v -> connect(c[0]).compose(r -> r.closed().map(x -> {
        assertThat(r.texts()).as(c[0]).hasSize(1);
        JsonObject err = r.texts().get(0);
        assertThat(err.getString("type")).isEqualTo("error");
        assertThat(err.getString("code")).as(c[0]).isEqualTo(c[1]);
        assertThat(err.getString("message")).as(c[0]).contains(c[2]);
        assertThat(err.getBoolean("fatal")).isTrue();
        assertThat(r.frames()).isEmpty();
        assertThat(r.closeCode()).as(c[0]).isEqualTo((short) 1008);
        return null;
      })));
    }
    chain.onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void defaultsAreNativeSizeNativeRateRleFromFrameZero(VertxTestContext ctx) {
    connect("/ws/streams/small")
        .compose(r -> r.frameAfter(0).compose(f -> {
          JsonObject hello = r.texts().get(0);
          assertThat(hello.getInteger("width")).isEqualTo(2048);
          assertThat(hello.getInteger("height")).isEqualTo(1024);
          assertThat(hello.getDouble("fps")).isEqualTo(60.0);
          assertThat(hello.getString("encoding")).isEqualTo("rle");
          assertThat(f.index()).isZero();
          return assertGolden(f, "small.asvp", 2048, 1024).map(f);
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anOversizedControlMessageIsRejectedAndTheStreamGoesOn(VertxTestContext ctx) {
    String big = "{\"type\":\"pause\",\"pad\":\"" + "x".repeat(GatewayOptions.DEFAULT_MAX_CONTROL_MESSAGE_BYTES) + "\"}";
    connect("/ws/streams/small?w=64&h=32")
        .compose(r -> r.text("hello", 0).compose(h -> {
          r.sendText(big);
          return r.text("error", 0);
        }).compose(err -> {
          assertThat(err.getString("code")).isEqualTo("bad_control");
          assertThat(err.getString("message")).isEqualTo("control message larger than 4096 bytes");
          assertThat(err.getBoolean("fatal")).isFalse();
          int n = r.frames().size();
          return r.until("frames after the error", x -> x.frames().size() >= n + 3);
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void controlMessagesSplitIntoFramesAreJoinedAndBoundedAsAWhole(VertxTestContext ctx) {
    // each fragment alone is small; together the second message is over the 4096-byte bound
    String pad = "x".repeat(3000);
    connect("/ws/streams/small?w=64&h=32")
        .compose(r -> r.text("hello", 0).compose(h -> {
          int mark = r.mark();
          r.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"pau", false));
          r.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("se\"}"), true));
          return r.text("state", mark).map(state -> {
            ctx.verify(() -> assertThat(state.getBoolean("paused")).isTrue());
            return mark;
          });
        }).compose(v -> {
          int mark = r.mark();
          r.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"resume\",\"a\":\"" + pad, false));
          r.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(pad), false));
          r.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));
          r.socket().writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[10]), false));
          r.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[10]), true));
          r.send(new JsonObject().put("type", "resume"));
          return r.text("error", mark).compose(err -> {
            ctx.verify(() -> {
              assertThat(err.getString("code")).isEqualTo("bad_control");
              assertThat(err.getString("message")).isEqualTo("control message larger than 4096 bytes");
            });
            return r.until("the binary message's error and the resume's state", x -> x.texts().stream()
                .filter(t -> "error".equals(t.getString("type"))).count() >= 2
                && x.texts().stream().anyMatch(t -> "state".equals(t.getString("type")) && !t.getBoolean("paused")));
          });
        }).compose(v -> {
          int n = r.frames().size();
          return r.until("frames after resuming", x -> x.frames().size() >= n + 3);
        }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
