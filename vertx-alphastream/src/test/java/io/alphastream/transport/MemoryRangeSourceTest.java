package io.alphastream.transport;

import static io.alphastream.transport.HttpRangeSourceTest.assertKind;
import static io.alphastream.transport.HttpRangeSourceTest.slice;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException.Kind;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Memory source: the same contract as the others, without I/O. */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 10, timeUnit = SECONDS)
class MemoryRangeSourceTest {

  static final byte[] EDGE = Fixtures.bytes("edge-cases.asvp");

  @Test
  void readsAreCopiesOfTheRange(VertxTestContext ctx) {
    Buffer backing = Buffer.buffer(EDGE);
    RangeSource src = RangeSource.memory(backing, "edge-cases.asvp");
    src.read(100, 50).onComplete(ctx.succeeding(b -> ctx.verify(() -> {
      assertThat(b).isEqualTo(slice(EDGE, 100, 50));
      b.setByte(0, (byte) (b.getByte(0) + 1)); // the caller owns the result
      assertThat(backing.getByte(100)).isEqualTo(EDGE[100]);
      assertThat(src.uri()).isEqualTo("edge-cases.asvp");
      assertThat(src.size()).isEqualTo(EDGE.length);
      ctx.completeNow();
    })));
  }

  @Test
  void readPastEndFailsWithTypedError(VertxTestContext ctx) {
    RangeSource src = RangeSource.memory(Buffer.buffer(EDGE));
    src.read(src.size() - 4, 16).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertKind(err, Kind.RANGE_NOT_SATISFIABLE, false);
      assertThat(err).hasMessageContaining("offset " + (src.size() - 4));
      ctx.completeNow();
    })));
  }

  @Test
  void negativeArgumentsAreBadArguments(VertxTestContext ctx) {
    RangeSource src = RangeSource.memory(Buffer.buffer(EDGE));
    src.read(-1, 4).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(InvalidArgumentException.class);
      ctx.completeNow();
    })));
  }

  @Test
  void readAllKeepsTheOrderOfTheRanges(VertxTestContext ctx) {
    RangeSource src = RangeSource.memory(Buffer.buffer(EDGE));
    List<ReadRange> ranges = List.of(new ReadRange(300, 21), new ReadRange(0, 16), new ReadRange(16, 0));
    src.readAll(ranges).onComplete(ctx.succeeding(bufs -> ctx.verify(() -> {
      assertThat(bufs).containsExactly(slice(EDGE, 300, 21), slice(EDGE, 0, 16), Buffer.buffer());
      SourceMetrics m = src.metrics();
      assertThat(m.reads()).isEqualTo(3);
      assertThat(m.bytes()).isEqualTo(37);
      ctx.completeNow();
    })));
  }

  @Test
  void closeIsIdempotentAndLaterReadsFail(VertxTestContext ctx) {
    RangeSource src = RangeSource.memory(Buffer.buffer(EDGE));
    src.close().compose(v -> src.close()).compose(v -> src.read(0, 1))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.CLOSED, false);
          ctx.completeNow();
        })));
  }
}
