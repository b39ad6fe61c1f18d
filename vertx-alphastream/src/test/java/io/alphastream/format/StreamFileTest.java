package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.testing.Fixtures;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StreamFile's reads, ownership of its ByteRanges and lifecycle. */
class StreamFileTest {

  /** Records every read and whether it was closed. */
  static final class Recording implements ByteRanges {
    final ByteRanges inner;
    final List<long[]> reads = new ArrayList<>();
    boolean closed;

    Recording(byte[] bytes) {
      inner = ByteRanges.of(bytes);
    }

    @Override
    public long size() throws IOException {
      return inner.size();
    }

    @Override
    public synchronized void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
      reads.add(new long[] {offset, len});
      inner.read(offset, dst, dstOff, len);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      inner.close();
    }
  }

  @Test
  void openReadsHeaderThenTablePrefixThenOneRangePerFrame() {
    Recording r = new Recording(Fixtures.bytes("small.asvp"));
    long tableEnd = 16 + Manifest.file("small.asvp").getLong("sizes_table_len");
    try (StreamFile f = StreamFile.open(r, "small.asvp", new ReaderOptions())) {
      assertThat(r.reads).extracting(a -> a[0] + "+" + a[1]).containsExactly("0+16", "0+" + tableEnd);
      r.reads.clear();
      f.frame(5);
      assertThat(r.reads).extracting(a -> a[0] + "+" + a[1])
          .containsExactly(f.index().offset(5) + "+" + f.index().length(5));
    }
    assertThat(r.closed).isTrue();
  }

  @Test
  void failedOpenClosesTheRanges() {
    Recording r = new Recording(Fixtures.bytes("malformed/trailing-bytes.asvp"));
    assertThatThrownBy(() -> StreamFile.open(r, "trailing-bytes.asvp", new ReaderOptions()))
        .isInstanceOf(FormatException.class);
    assertThat(r.closed).isTrue();
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() {
    StreamFile f = StreamFile.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions());
    f.close();
    f.close();
    assertThatThrownBy(() -> f.frame(0)).isInstanceOf(StreamClosedException.class);
    assertThatThrownBy(f::frameCount).isInstanceOf(StreamClosedException.class);
    assertThatThrownBy(f::index).isInstanceOf(StreamClosedException.class);
  }

  @Test
  void readFailuresBecomeTransportExceptions() {
    ByteRanges failing = new ByteRanges() {
      @Override
      public long size() {
        return 1000; // claims more than it can deliver
      }

      @Override
      public void read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        throw new EOFException("gone");
      }

      @Override
      public void close() {}
    };
    assertThatThrownBy(() -> StreamFile.open(failing, "remote.asvp", new ReaderOptions()))
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("remote.asvp")
        .satisfies(t -> assertThat(((TransportException) t).kind()).isEqualTo(TransportException.Kind.SHORT_READ));
  }

  @Test
  void badArguments() {
    assertThatThrownBy(() -> StreamFile.open((ByteRanges) null, "a.asvp", new ReaderOptions()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamFile.open(ByteRanges.of(new byte[0]), null, new ReaderOptions()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamFile.open(ByteRanges.of(new byte[0]), "a.asvp", null))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamFile.open((java.nio.file.Path) null, new ReaderOptions()))
        .isInstanceOf(InvalidArgumentException.class);
    try (StreamFile f = StreamFile.open(Fixtures.path("edge-cases.asvp"), new ReaderOptions())) {
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
    try (StreamFile asvr = StreamFile.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"));
        StreamFile asvp = StreamFile.open(Fixtures.path("small.asvp"), new ReaderOptions())) {
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

  @Test
  void missingFileIsATransportError() {
    assertThatThrownBy(() -> StreamFile.open(Fixtures.path("no-such-file.asvp"), new ReaderOptions()))
        .isInstanceOf(TransportException.class).hasMessageContaining("no-such-file.asvp");
  }

  @Test
  void byteRangesAreExact() throws IOException {
    try (ByteRanges mem = ByteRanges.of(new byte[] {1, 2, 3, 4});
        ByteRanges file = ByteRanges.of(Fixtures.path("edge-cases.asvp"))) {
      byte[] dst = new byte[4];
      mem.read(1, dst, 1, 3);
      assertThat(dst).containsExactly(0, 2, 3, 4);
      assertThatThrownBy(() -> mem.read(2, dst, 0, 3)).isInstanceOf(EOFException.class);
      assertThat(file.size()).isEqualTo(Manifest.file("edge-cases.asvp").getLong("bytes"));
      assertThatThrownBy(() -> file.read(file.size() - 2, dst, 0, 4)).isInstanceOf(EOFException.class);
      for (ByteRanges r : new ByteRanges[] {mem, file}) {
        assertThatThrownBy(() -> r.read(-1, dst, 0, 1)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> r.read(0, null, 0, 1)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> r.read(0, dst, 2, 3)).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> r.read(0, dst, 0, -1)).isInstanceOf(InvalidArgumentException.class);
      }
    }
    ByteRanges closed = ByteRanges.of(new byte[4]);
    closed.close();
    assertThatThrownBy(closed::size).isInstanceOf(IOException.class);
    ByteRanges closedFile = ByteRanges.of(Fixtures.path("edge-cases.asvp"));
    closedFile.close();
    assertThatThrownBy(closedFile::size).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ByteRanges.of((byte[]) null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ByteRanges.of((java.nio.file.Path) null)).isInstanceOf(InvalidArgumentException.class);
  }
}
