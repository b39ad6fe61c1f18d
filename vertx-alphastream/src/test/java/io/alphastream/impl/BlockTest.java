package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.AlphaStream;
import io.alphastream.ErrorCode;
import io.alphastream.FormatException;
import io.alphastream.cache.CacheStatistics;
import io.alphastream.engine.Corpus;
import io.alphastream.engine.InstrumentedSource;
import io.alphastream.format.FrameDecoder;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.testing.Fixtures;
import io.alphastream.transport.RangeSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link AlphaStream#block}: the plain frame block as FORMAT.md 5.1 defines it, compared with the bytes of
 * the plain fixture file (for ASVR too: both fixtures carry identical blocks), shared and read-only, cached,
 * and checked for V12 without being inflated.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class BlockTest {
  static final FrameIndex INDEX = Corpus.smallIndex();

  /** Block {@code frame} exactly as it sits in small.asvp. */
  static byte[] fileBlock(int frame) {
    int from = (int) INDEX.offset(frame);
    return Arrays.copyOfRange(Corpus.SMALL, from, from + INDEX.length(frame));
  }

  @Test
  void anAsvpBlockIsTheFilesBlockAndItsPayloadDecodesToTheFramesPolygons(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = AlphaStream.builder().vertx(vertx).source(AlphaStreamTest.plain(vertx)).workers(2).rate(0)
        .prefetchFrames(0).build();
    s.open()
        .compose(v -> Future.all(s.block(119), s.polygons(119)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Buffer block = all.resultAt(0);
          assertThat(block.getBytes()).isEqualTo(fileBlock(119));
          Polygons p = FrameDecoder.parse(inflate(block.getBytes()), "small.asvp", 119);
          assertThat(p.channelCount()).isEqualTo(((Polygons) all.resultAt(1)).channelCount());
          assertThat(p).isEqualTo(all.resultAt(1));
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void anAsvrBlockIsDecryptedOnTheServerSide(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = AlphaStream.builder().vertx(vertx)
        .source(RangeSource.memory(Buffer.buffer(Fixtures.bytes("small.asvr")), "small.asvr"))
        .passphrase(Fixtures.testPassphrase()).sceneId(4242).version("1.5.0").workers(2).rate(0).build();
    s.open()
        .compose(v -> Future.all(List.of(s.block(0), s.block(1), s.block(239))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(((Buffer) all.resultAt(0)).getBytes()).isEqualTo(fileBlock(0));
          assertThat(((Buffer) all.resultAt(1)).getBytes()).isEqualTo(fileBlock(1));
          assertThat(((Buffer) all.resultAt(2)).getBytes()).isEqualTo(fileBlock(239));
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void blocksAreCachedSharedAndReadOnly(Vertx vertx, VertxTestContext ctx) {
    InstrumentedSource src = AlphaStreamTest.plain(vertx);
    AlphaStream s = AlphaStreamTest.small(vertx, src).prefetchFrames(0).build();
    s.open()
        .compose(v -> Future.all(s.block(7), s.block(7)))
        .compose(both -> s.block(7).map(third -> List.<Buffer>of(both.resultAt(0), both.resultAt(1), third)))
        .compose(b -> AlphaStreamTest.once(vertx, b, () -> s.stats().blocks().loadSuccesses() >= 1))
        .onComplete(ctx.succeeding(b -> ctx.verify(() -> {
          assertThat(b.get(1)).isSameAs(b.get(0));
          assertThat(b.get(2)).isSameAs(b.get(0));
          assertThat(Corpus.framesRead(INDEX, src.offsets())).containsExactly(7);
          CacheStatistics blocks = s.stats().blocks();
          assertThat(blocks.loadSuccesses()).isEqualTo(1);
          assertThat(blocks.hits()).isEqualTo(2);
          assertThat(s.stats().frames().loadSuccesses()).as("nothing was decoded").isZero();
          assertThatThrownBy(() -> b.get(0).setByte(0, (byte) 1)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
          assertThat(b.get(0).getBytes()).isEqualTo(fileBlock(7));
          s.closeAsync().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void aDeclaredLengthAboveTheCapIsRefusedButTheZlibStreamIsNotInflated(Vertx vertx, VertxTestContext ctx) {
    AlphaStream huge = malformed(vertx, "declared-2gib.asvp");
    AlphaStream corrupt = malformed(vertx, "frame-zlib-corrupt.asvp");
    Future.all(huge.open(), corrupt.open())
        .compose(v -> huge.block(1).transform(ar -> Future.succeededFuture(ar.cause())))
        .compose(err -> corrupt.block(1).map(b -> List.of(err, b)))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.get(0)).isInstanceOf(FormatException.class);
          assertThat(((FormatException) r.get(0)).rule()).isEqualTo("V12");
          assertThat(((FormatException) r.get(0)).code()).isEqualTo(ErrorCode.CORRUPT_INPUT);
          assertThat(huge.lastError()).containsSame((FormatException) r.get(0));
          // V13 needs the inflate the caller does: the block is handed over as stored
          byte[] file = Fixtures.bytes("malformed/frame-zlib-corrupt.asvp");
          assertThat(((Buffer) r.get(1)).getBytes()).isEqualTo(Arrays.copyOfRange(file,
              (int) offset(corrupt, file, 1), (int) offset(corrupt, file, 2)));
          Future.all(huge.closeAsync(), corrupt.closeAsync()).onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void badIndicesAndAClosedHandleFailWithTypedErrors(Vertx vertx, VertxTestContext ctx) {
    AlphaStream s = AlphaStreamTest.small(vertx, AlphaStreamTest.plain(vertx)).build();
    s.open()
        .compose(v -> s.block(240).transform(ar -> Future.succeededFuture(ar.cause())))
        .compose(tooFar -> s.closeAsync().compose(v -> s.block(0))
            .transform(ar -> Future.succeededFuture(List.of(tooFar, ar.cause()))))
        .onComplete(ctx.succeeding(errs -> ctx.verify(() -> {
          assertThat(((io.alphastream.AlphaStreamException) errs.get(0)).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(((io.alphastream.AlphaStreamException) errs.get(1)).code()).isEqualTo(ErrorCode.CLOSED);
          ctx.completeNow();
        })));
  }

  private static AlphaStream malformed(Vertx vertx, String file) {
    return AlphaStream.builder().vertx(vertx).workers(1).rate(0).prefetchFrames(0)
        .source(RangeSource.memory(Buffer.buffer(Fixtures.bytes("malformed/" + file)), file)).build();
  }

  /** Where block {@code frame} starts: from the file's own sizes table, as the handle reads it. */
  private static long offset(AlphaStream s, byte[] file, int frame) {
    io.alphastream.format.StreamReader r = io.alphastream.format.StreamReader.create("x.asvp",
        new io.alphastream.format.ReaderOptions());
    FrameIndex idx = r.readIndex(r.readHeader(file, file.length), file, file.length);
    return frame < idx.frameCount() ? idx.offset(frame) : idx.fileLength();
  }

  /** The payload of a plain block: exactly its declared length, by java.util.zip. */
  static byte[] inflate(byte[] block) throws Exception {
    int declared = (block[0] & 0xFF) | (block[1] & 0xFF) << 8 | (block[2] & 0xFF) << 16 | (block[3] & 0xFF) << 24;
    Inflater inf = new Inflater();
    try {
      inf.setInput(block, 4, block.length - 4);
      byte[] out = new byte[declared];
      int n = 0;
      while (n < declared && !inf.finished()) {
        n += inf.inflate(out, n, declared - n);
      }
      assertThat(n).isEqualTo(declared);
      assertThat(inf.finished()).isTrue();
      return out;
    } finally {
      inf.end();
    }
  }
}
