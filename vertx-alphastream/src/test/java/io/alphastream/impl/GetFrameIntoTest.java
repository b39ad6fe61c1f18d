package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStream;
import io.alphastream.ErrorCode;
import io.alphastream.engine.Corpus;
import io.alphastream.engine.InstrumentedSource;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code getFrameInto}: the synchronous facade writing a mask straight into the caller's buffer (heap or
 * direct), checked against the manifest's golden masks; on failure it writes nothing and records the error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetFrameIntoTest {
  private static final long WAIT_MS = 10_000; // generous: a bound on waiting, not a speed check
  private static final int OFFSET = 7; // the mask goes at dst's position, not at 0
  private static final int TAIL = 5;
  private static final byte SENTINEL = 0x5A;
  private static final List<IntFunction<ByteBuffer>> BUFFERS = List.of(ByteBuffer::allocate, ByteBuffer::allocateDirect);

  private AlphaStream asvp;
  private AlphaStream asvr;

  @BeforeAll
  void open() {
    asvp = AlphaStream.builder().source(Fixtures.path("small.asvp").toString()).workers(2).build();
    asvr = AlphaStream.builder().source(Fixtures.path("small.asvr").toString())
        .passphrase(Fixtures.testPassphrase()).sceneId(4242).version("1.5.0").workers(2).build();
    assertThat(asvp.start()).as("%s", asvp.lastError()).isTrue();
    assertThat(asvr.start()).as("%s", asvr.lastError()).isTrue();
  }

  @AfterAll
  void close() {
    asvp.close();
    asvr.close();
  }

  Stream<Arguments> smallGoldens() {
    List<Object> golden = new JsonObject(Fixtures.manifestJson()).getJsonArray("golden").getList();
    return golden.stream().map(o -> new JsonObject((Map<String, Object>) o))
        .filter(g -> g.getString("source").equals("small.asvp"))
        .map(g -> Arguments.of(g.getInteger("frame"), g.getInteger("width"), g.getInteger("height"),
            g.getString("r8_sha256")));
  }

  @ParameterizedTest(name = "small frame {0} at {1}x{2}")
  @MethodSource("smallGoldens")
  void writesExactlyTheGoldenMaskAtTheBuffersPosition(int frame, int width, int height, String sha256) {
    int n = width * height;
    for (AlphaStream handle : List.of(asvp, asvr)) {
      for (IntFunction<ByteBuffer> kind : BUFFERS) {
        ByteBuffer dst = filled(kind.apply(OFFSET + n + TAIL)).position(OFFSET);
        handle.clearError();
        assertThat(handle.getFrameInto(frame, width, height, WAIT_MS, dst)).as("%s", handle.lastError()).isTrue();
        assertThat(handle.lastError()).isEmpty();
        assertThat(dst.position()).as("advanced by w*h").isEqualTo(OFFSET + n);
        assertThat(dst.limit()).isEqualTo(OFFSET + n + TAIL);
        assertThat(GoldenFramesTest.sha256(region(dst, OFFSET, n)))
            .as("%s frame %d %dx%d, direct=%s", handle.source(), frame, width, height, dst.isDirect()).isEqualTo(sha256);
        assertThat(region(dst, 0, OFFSET)).as("bytes before the position").containsOnly(SENTINEL);
        assertThat(region(dst, OFFSET + n, TAIL)).as("bytes after the mask").containsOnly(SENTINEL);
      }
    }
  }

  @Test
  void anOutOfRangeFrameWritesNothingAndRecordsInvalidArgument() {
    for (IntFunction<ByteBuffer> kind : BUFFERS) {
      for (int frame : new int[] {-1, 240}) { // manifest: small has 240 frames
        ByteBuffer dst = filled(kind.apply(OFFSET + 640 * 320)).position(OFFSET);
        asvp.clearError();
        assertThat(asvp.getFrameInto(frame, 640, 320, WAIT_MS, dst)).isFalse();
        assertThat(asvp.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertUntouched(dst);
      }
    }
  }

  @Test
  void aBufferThatCannotTakeTheMaskIsRefusedAndLeftUntouched() {
    for (IntFunction<ByteBuffer> kind : BUFFERS) {
      ByteBuffer small = filled(kind.apply(OFFSET + 640 * 320 - 1)).position(OFFSET); // one byte short
      asvp.clearError();
      assertThat(asvp.getFrameInto(119, 640, 320, WAIT_MS, small)).isFalse();
      assertThat(asvp.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(asvp.lastError().get()).hasMessageContaining("204799 bytes");
      assertUntouched(small);

      ByteBuffer limited = filled(kind.apply(OFFSET + 640 * 320 + TAIL)).position(OFFSET).limit(OFFSET + 100);
      assertThat(asvp.getFrameInto(119, 640, 320, WAIT_MS, limited)).as("the limit counts, not the capacity").isFalse();
      assertThat(asvp.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertUntouched(limited);

      ByteBuffer readOnly = filled(kind.apply(640 * 320)).asReadOnlyBuffer();
      asvp.clearError();
      assertThat(asvp.getFrameInto(119, 640, 320, WAIT_MS, readOnly)).isFalse();
      assertThat(asvp.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(asvp.lastError().get()).hasMessageContaining("read-only");
    }
    asvp.clearError();
    assertThat(asvp.getFrameInto(119, 640, 320, WAIT_MS, null)).isFalse();
    assertThat(asvp.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aBadSizeIsInvalidArgumentAndWritesNothing() {
    ByteBuffer dst = filled(ByteBuffer.allocate(64)).position(OFFSET);
    asvp.clearError();
    assertThat(asvp.getFrameInto(119, 0, 32, WAIT_MS, dst)).isFalse();
    assertThat(asvp.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertUntouched(dst);
  }

  @Test
  void notReadyWithoutWaitingWritesNothingThenTheSameCallSucceedsOnceReadable() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      // frame blocks are held at the source, so the mask cannot be ready when asked with a wait of 0
      InstrumentedSource src = new InstrumentedSource(vertx, Corpus.SMALL, "small.asvp", 0, true)
          .gateFrom(Corpus.smallIndex().offset(0));
      try (AlphaStream s = AlphaStream.builder().vertx(vertx).source(src).workers(1).rate(0).prefetchFrames(0).build()) {
        assertThat(s.start()).as("%s", s.lastError()).isTrue();
        for (IntFunction<ByteBuffer> kind : BUFFERS) {
          ByteBuffer dst = filled(kind.apply(OFFSET + 333 * 177)).position(OFFSET);
          assertThat(s.getFrameInto(119, 333, 177, 0, dst)).isFalse();
          assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.NOT_READY);
          assertUntouched(dst);
        }
        src.openGate();
        ByteBuffer dst = filled(ByteBuffer.allocateDirect(OFFSET + 333 * 177)).position(OFFSET);
        s.clearError();
        assertThat(s.getFrameInto(119, 333, 177, WAIT_MS, dst)).as("%s", s.lastError()).isTrue();
        assertThat(GoldenFramesTest.sha256(region(dst, OFFSET, 333 * 177)))
            .isEqualTo(AlphaStreamTest.goldenSha256("small.asvp", 119, 333, 177));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void onAnEventLoopLargeSizesAreRefusedLikeGetFrame() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (AlphaStream s = AlphaStream.builder().vertx(vertx).source(Fixtures.path("small.asvp").toString())
        .workers(1).rate(0).prefetchFrames(0).build()) {
      assertThat(s.start()).as("%s", s.lastError()).isTrue();
      ByteBuffer dst = filled(ByteBuffer.allocateDirect(OFFSET + 2048 * 1024)).position(OFFSET);
      CompletableFuture<Boolean> got = new CompletableFuture<>();
      vertx.runOnContext(v -> got.complete(s.getFrameInto(119, 2048, 1024, WAIT_MS, dst)));
      assertThat(got.get(10, TimeUnit.SECONDS)).isFalse();
      assertThat(s.lastError().get().code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(s.lastError().get()).hasMessageContaining("getFrameInto on an event loop");
      assertUntouched(dst);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static ByteBuffer filled(ByteBuffer b) {
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, SENTINEL);
    }
    return b;
  }

  /** Position back at {@link #OFFSET} and every byte still the sentinel. */
  private static void assertUntouched(ByteBuffer dst) {
    assertThat(dst.position()).isEqualTo(OFFSET);
    byte[] all = region(dst, 0, dst.capacity());
    byte[] expected = new byte[all.length];
    Arrays.fill(expected, SENTINEL);
    assertThat(all).isEqualTo(expected);
  }

  private static byte[] region(ByteBuffer b, int from, int length) {
    byte[] out = new byte[length];
    b.duplicate().clear().get(from, out); // whole capacity: the test also looks past the limit
    return out;
  }
}
