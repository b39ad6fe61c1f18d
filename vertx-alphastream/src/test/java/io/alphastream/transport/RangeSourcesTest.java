package io.alphastream.transport;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.format.ByteRanges;
import io.alphastream.format.StreamFile;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The blocking adapter the CLI uses: {@link StreamFile} over HTTP gives the frames it gives over the
 * local file, costs the same requests as the async path, and refuses to run on a Vert.x thread.
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 30, timeUnit = SECONDS)
class RangeSourcesTest {

  static final byte[] SMALL = Fixtures.bytes("small.asvp");
  RangeServer server;

  @BeforeEach
  void startServer(Vertx vertx) throws Exception {
    server = new RangeServer(vertx).serve("/v/small.asvr", Fixtures.bytes("small.asvr"))
        .serve("/v/small.asvp", SMALL);
    server.start().toCompletionStage().toCompletableFuture().get(10, SECONDS);
  }

  @Test
  void streamFileOverHttpDecodesWhatTheLocalFileDecodes(Vertx vertx) {
    String url = server.url("/v/small.asvr") + "?Signature=abc";
    List<Integer> frames = List.of(0, 1, 119, 239);
    try (StreamFile remote = RangeSources.openStreamBlocking(vertx, url,
            CrossTransportTest.readerOptions("small.asvr"), new TransportOptions());
        StreamFile local = StreamFile.open(Fixtures.path("small.asvr"),
            CrossTransportTest.readerOptions("small.asvr").setName("small.asvr"))) {
      assertThat(remote.source()).isEqualTo(server.url("/v/small.asvr"));
      assertThat(remote.frameCount()).isEqualTo(240);
      for (int i : frames) {
        assertThat(remote.frame(i)).as("frame %d", i).isEqualTo(local.frame(i));
      }
      long prefixFrames = frames.stream()
          .filter(i -> remote.index().offset(i) + remote.index().blockLength(i) <= 65_536).count();
      assertThat(server.count()).isEqualTo(1 + frames.size() - prefixFrames);
    }
  }

  @Test
  void readsAreExactAndPastTheEndIsAnEof(Vertx vertx) throws Exception {
    try (ByteRanges ranges = RangeSources.openBlocking(vertx, server.url("/v/small.asvp"),
        new TransportOptions())) {
      assertThat(ranges.size()).isEqualTo(SMALL.length);
      byte[] dst = new byte[1_010];
      ranges.read(250_000, dst, 10, 1_000);
      assertThat(Arrays.copyOfRange(dst, 10, 1_010))
          .isEqualTo(Arrays.copyOfRange(SMALL, 250_000, 251_000));
      assertThatThrownBy(() -> ranges.read(SMALL.length - 1, new byte[2], 0, 2))
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void transportErrorsKeepTheirKind(Vertx vertx) throws Exception {
    TransportOptions fast = new TransportOptions().setMaxRetries(0);
    try (ByteRanges ranges = RangeSources.openBlocking(vertx, server.url("/v/small.asvp"), fast)) {
      server.next(RangeServer.Fault.STATUS_404);
      assertThatThrownBy(() -> ranges.read(100_000, new byte[10], 0, 10))
          .isInstanceOfSatisfying(TransportException.class,
              e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }
    assertThatThrownBy(() -> RangeSources.openBlocking(vertx, server.url("/v/none.asvp"), fast))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void refusesToBlockAVertxThread(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> ctx.verify(() -> {
      assertThatThrownBy(() -> RangeSources.openBlocking(vertx, server.url("/v/small.asvp"),
          new TransportOptions())).isInstanceOf(IllegalStateException.class);
      ctx.completeNow();
    }));
  }

  @Test
  void readRefusesAVertxThreadToo(Vertx vertx, VertxTestContext ctx) throws Exception {
    ByteRanges ranges = RangeSources.openBlocking(vertx, server.url("/v/small.asvp"),
        new TransportOptions());
    vertx.runOnContext(v -> ctx.verify(() -> {
      assertThatThrownBy(() -> ranges.read(0, new byte[4], 0, 4))
          .isInstanceOf(IllegalStateException.class);
      ctx.completeNow();
    }));
    ctx.awaitCompletion(10, SECONDS);
    ranges.close();
  }
}
