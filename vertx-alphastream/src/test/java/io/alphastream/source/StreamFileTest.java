package io.alphastream.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.format.Manifest;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.testing.Fixtures;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.SourceMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StreamFile: the synchronous reader over a RangeSource; its reads, ownership of the source, lifecycle. */
class StreamFileTest {

  /** A memory source that records every read and whether it was closed. */
  static class Recording implements RangeSource {
    final RangeSource inner;
    final List<long[]> reads = new ArrayList<>();
    boolean closed;

    Recording(byte[] bytes, String name) {
      inner = RangeSource.memory(Buffer.buffer(bytes), name);
    }

    @Override
    public String uri() {
      return inner.uri();
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public synchronized Future<Buffer> read(long offset, int length) {
      reads.add(new long[] {offset, length});
      return inner.read(offset, length);
    }

    @Override
    public SourceMetrics metrics() {
      return inner.metrics();
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return inner.close();
    }
  }

  @Test
  void openReadsHeaderThenTablePrefixThenOneRangePerFrame() {
    Recording r = new Recording(Fixtures.bytes("small.asvp"), "small.asvp");
    long tableEnd = 16 + Manifest.file("small.asvp").getLong("sizes_table_len");
    try (StreamFile f = StreamFile.open(r, new ReaderOptions())) {
      assertThat(r.reads).extracting(a -> a[0] + "+" + a[1]).containsExactly("0+16", "0+" + tableEnd);
      r.reads.clear();
      f.frame(5);
      assertThat(r.reads).extracting(a -> a[0] + "+" + a[1])
          .containsExactly(f.index().offset(5) + "+" + f.index().length(5));
    }
    assertThat(r.closed).isTrue();
  }

  @Test
  void failedOpenClosesTheSource() {
    Recording r = new Recording(Fixtures.bytes("malformed/trailing-bytes.asvp"), "trailing-bytes.asvp");
    assertThatThrownBy(() -> StreamFile.open(r, new ReaderOptions()))
        .isInstanceOf(FormatException.class);
    assertThat(r.closed).isTrue();
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() {
    StreamFile f = Fixtures.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions());
    f.close();
    f.close();
    assertThatThrownBy(() -> f.frame(0)).isInstanceOf(StreamClosedException.class);
    assertThatThrownBy(f::frameCount).isInstanceOf(StreamClosedException.class);
    assertThatThrownBy(f::index).isInstanceOf(StreamClosedException.class);
  }

  @Test
  void readFailuresKeepTheSourcesTypedError() {
    RangeSource failing = new Recording(new byte[1000], "remote.asvp") {
      @Override
      public synchronized Future<Buffer> read(long offset, int length) {
        return Future.failedFuture(new TransportException(TransportException.Kind.SHORT_READ,
            "remote.asvp: gone", null));
      }
    };
    assertThatThrownBy(() -> StreamFile.open(failing, new ReaderOptions()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("remote.asvp")
        .satisfies(t -> assertThat(((TransportException) t).kind()).isEqualTo(TransportException.Kind.SHORT_READ));
    RangeSource odd = new Recording(new byte[1000], "odd.asvp") {
      @Override
      public synchronized Future<Buffer> read(long offset, int length) {
        return Future.failedFuture(new IllegalStateException("boom"));
      }
    };
    assertThatThrownBy(() -> StreamFile.open(odd, new ReaderOptions()))
        .isInstanceOf(TransportException.class).hasMessageContaining("odd.asvp").hasMessageContaining("boom");
  }

  @Test
  void badArguments() {
    assertThatThrownBy(() -> StreamFile.open(null, new ReaderOptions()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Fixtures.open(new byte[0], "a.asvp", null))
        .isInstanceOf(InvalidArgumentException.class);
    try (StreamFile f = Fixtures.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions())) {
      for (int bad : new int[] {-1, 8, Integer.MIN_VALUE}) {
        assertThatThrownBy(() -> f.frame(bad)).isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("frame " + bad + " is out of range [0, 8)");
        assertThatThrownBy(() -> f.payload(bad)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> f.block(bad)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> f.plainBlock(bad)).isInstanceOf(InvalidArgumentException.class);
      }
    }
  }

  @Test
  void framesDecodeConcurrently() throws Exception {
    try (StreamFile asvr = Fixtures.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"));
        StreamFile asvp = Fixtures.open(Fixtures.path("small.asvp"), new ReaderOptions())) {
      List<Polygons> expected = new ArrayList<>();
      for (int i = 0; i < asvp.frameCount(); i++) {
        expected.add(asvp.frame(i));
      }
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
      try {
        List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          final int start = t * 17;
          results.add(pool.submit(() -> {
            for (int k = 0; k < asvp.frameCount(); k++) {
              int i = (start + k * 7) % asvp.frameCount(); // threads interleave different frames
              StreamFile f = (k & 1) == 0 ? asvr : asvp;
              if (!f.frame(i).equals(expected.get(i))) {
                return false;
              }
            }
            return true;
          }));
        }
        for (java.util.concurrent.Future<Boolean> r : results) {
          assertThat(r.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
