package io.alphastream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.FrameIndex;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamReader;
import io.alphastream.gateway.encode.Encoding;
import io.alphastream.gateway.encode.FrameHeader;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code encoding=poly}: each frame message is the header and the frame block exactly as the plain fixture
 * file stores it (for the encrypted stream too: the gateway decrypts, the key stays on the server), at the
 * subscription's header size; the client's rasterization of it is the golden mask.
 */
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class GatewayPolyTest extends GatewayTestBase {

  @Override
  protected GatewayOptions options() {
    return new GatewayOptions().setPort(0).addStream(fixtureStream("small", "small.asvp"))
        .addStream(fixtureStream("secret", "small.asvr").setSceneId(4242L)
            .setPassphraseFile(Fixtures.path("test-passphrase.hex").toString()))
        .addStream(fixtureStream("huge", "malformed/declared-2gib.asvp"))
        .addStream(fixtureStream("corrupt", "malformed/frame-zlib-corrupt.asvp"));
  }

  /** The plain fixture files the tests compare with, read once on the test thread, not on an event loop. */
  private static final Map<String, byte[]> FILES = Map.of(
      "small.asvp", Fixtures.bytes("small.asvp"),
      "malformed/frame-zlib-corrupt.asvp", Fixtures.bytes("malformed/frame-zlib-corrupt.asvp"));

  /** Block {@code frame} of a plain fixture file, located through the file's own sizes table. */
  static byte[] storedBlock(String fixture, int frame) {
    byte[] file = FILES.get(fixture);
    StreamReader r = StreamReader.create(fixture, new ReaderOptions());
    FrameIndex idx = r.readIndex(r.readHeader(file, file.length), file, file.length);
    int from = (int) idx.offset(frame);
    return Arrays.copyOfRange(file, from, from + idx.length(frame));
  }

  @Test
  void polyFramesAreTheStoredBlockBehindTheHeaderAndRasterizeToTheGoldenMask(VertxTestContext ctx) {
    connect("/ws/streams/small?w=640&h=320&start=119&encoding=poly")
        .compose(r -> r.frameAfter(0).map(f -> {
          JsonObject hello = (JsonObject) r.messages().get(0);
          assertThat(hello.getMap()).containsEntry("encoding", "poly").containsEntry("width", 640)
              .containsEntry("height", 320);
          assertThat(f.header()).isEqualTo(new FrameHeader(Encoding.POLY, 119, 640, 320, f.message().length - 16));
          assertThat(f.message()[1]).isEqualTo((byte) 2);
          assertThat(f.payload()).isEqualTo(storedBlock("small.asvp", 119));
          assertThat(f.mask()).isEqualTo(Golden.entry("small.asvp", 119, 640, 320).r8());
          return r;
        }))
        .compose(r -> { // a new size changes the header only: the same stored block follows
          int mark = r.mark();
          r.send(new JsonObject().put("type", "size").put("w", 333).put("h", 177));
          return r.text("state", mark).compose(s -> {
            r.send(new JsonObject().put("type", "seek").put("frame", 239));
            return r.until("frame 239 at 333x177", x -> x.frames().stream()
                .anyMatch(f -> f.index() == 239 && f.header().width() == 333));
          }).map(v -> r.frames().stream().filter(f -> f.index() == 239 && f.header().width() == 333)
              .findFirst().orElseThrow());
        })
        .map(f -> {
          assertThat(f.header().height()).isEqualTo(177);
          assertThat(f.payload()).isEqualTo(storedBlock("small.asvp", 239));
          assertThat(f.mask()).isEqualTo(Golden.entry("small.asvp", 239, 333, 177).r8());
          return f;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void anEncryptedStreamIsDecryptedOnTheServer(VertxTestContext ctx) {
    connect("/ws/streams/secret?w=1280&h=640&start=1&encoding=poly")
        .compose(r -> r.until("3 frames", x -> x.frames().size() >= 3).map(v -> r))
        .map(r -> {
          for (WsRecorder.Frame f : r.frames().subList(0, 3)) {
            assertThat(f.header().encoding()).isEqualTo(Encoding.POLY);
            assertThat(f.header().width()).isEqualTo(1280);
            // small.asvr and small.asvp carry identical plain blocks (fixtures README)
            assertThat(f.payload()).as("frame %d", f.index()).isEqualTo(storedBlock("small.asvp", f.index()));
          }
          return r;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void subscribersOfAnySizeShareOneMessagePerSizeAndTheirBytesAreCounted(VertxTestContext ctx) {
    Future.all(connect("/ws/streams/small?w=640&h=320&fps=30&encoding=poly"),
            connect("/ws/streams/small?w=640&h=320&fps=30&encoding=poly"),
            connect("/ws/streams/small?w=2048&h=1024&fps=30&encoding=poly"))
        .compose(all -> {
          WsRecorder a = all.resultAt(0);
          return a.until("10 frames", x -> x.frames().size() >= 10).map(v -> all);
        })
        .compose(all -> gateway.subscriberStats().map(stats -> {
          assertThat(stats).hasSize(3).allSatisfy(s -> assertThat(s.encoding()).isEqualTo("poly"));
          for (SubscriberStats s : stats) {
            assertThat(s.sent()).isPositive();
            // every message is 16 header bytes plus a stored block (the small fixture's are 600-1,100 bytes)
            assertThat(s.sentBytes()).isBetween(s.sent() * 16 + s.sent() * 300, s.sent() * 16 + s.sent() * 2_000);
          }
          double pushed = gateway.metrics().registry().get("alphastream.gateway.pushed.bytes")
              .tag("stream", "small").counter().count();
          assertThat(pushed).isGreaterThanOrEqualTo(stats.stream().mapToLong(SubscriberStats::sentBytes).sum() - 1);
          return all;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aDeclaredLengthAboveTheCapIsAStreamErrorOnTheServerAndTheStreamGoesOn(VertxTestContext ctx) {
    connect("/ws/streams/huge?w=64&h=32&fps=30&encoding=poly")
        .compose(r -> r.text("error", 0).compose(err -> {
          assertThat(err.getString("code")).isEqualTo("stream_error");
          assertThat(err.getBoolean("fatal")).isFalse();
          assertThat(err.getInteger("frame")).isEqualTo(1);
          assertThat(err.getString("message")).contains("V12");
          return r.frameAfter(r.messages().indexOf(err));
        }))
        .onComplete(ctx.succeeding(next -> ctx.verify(() -> {
          assertThat(next.index()).isNotEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aBlockWhoseZlibStreamIsCorruptIsForwardedAsStoredForTheClientToReject(VertxTestContext ctx) {
    connect("/ws/streams/corrupt?w=64&h=32&start=1&encoding=poly")
        .compose(r -> r.frameAfter(0))
        .onComplete(ctx.succeeding(f -> ctx.verify(() -> {
          assertThat(f.index()).isEqualTo(1);
          assertThat(f.payload()).isEqualTo(storedBlock("malformed/frame-zlib-corrupt.asvp", 1));
          ctx.completeNow();
        })));
  }
}
