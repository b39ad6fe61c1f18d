package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class StreamWriterTest {

  @Test
  void badArguments() {
    assertThatThrownBy(() -> StreamWriter.asvp(null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamWriter.asvr(new ByteArrayOutputStream(), null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamWriter.asvr(new ByteArrayOutputStream(), new byte[31])).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> StreamWriter.asvr(null, new byte[32])).isInstanceOf(InvalidArgumentException.class);
    StreamWriter w = StreamWriter.asvp(new ByteArrayOutputStream());
    assertThatThrownBy(() -> w.addFrame(null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> w.addPayload(null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> w.addBlock(null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> w.addBlock(new byte[3])).isInstanceOf(InvalidArgumentException.class);
    assertThat(w.frameCount()).isZero();
  }

  @Test
  void aStreamWithoutFramesIsRefused() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamWriter w = StreamWriter.asvp(out);
    assertThatThrownBy(w::finish).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("V08");
    assertThat(out.size()).isZero();
  }

  @Test
  void finishedWriterRefusesMoreFrames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StreamWriter w = StreamWriter.asvp(out);
    w.addFrame(Polygons.EMPTY);
    w.finish();
    assertThatThrownBy(() -> w.addFrame(Polygons.EMPTY)).isInstanceOf(StreamClosedException.class);
    assertThatThrownBy(w::finish).isInstanceOf(StreamClosedException.class);
    w.close();
    w.close();
    // one empty frame: header 16 + table + block (4 + zlib of 4 zero bytes)
    try (StreamFile f = Fixtures.open(out.toByteArray(), "one.asvp", new ReaderOptions())) {
      assertThat(f.frameCount()).isEqualTo(1);
      assertThat(f.frame(0)).isEqualTo(Polygons.EMPTY);
      assertThat(f.payload(0)).containsExactly(0, 0, 0, 0);
    }
  }

  @Test
  void writeFailureIsATransportError() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }
    };
    StreamWriter w = StreamWriter.asvp(broken);
    w.addFrame(Polygons.EMPTY);
    assertThatThrownBy(w::finish).isInstanceOf(TransportException.class).hasMessageContaining("disk full");
  }

  @Test
  void encodeRejectsUnencodablePolygons() {
    assertThatThrownBy(() -> FramePayloads.encode(null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> FramePayloads.block(null)).isInstanceOf(InvalidArgumentException.class);
    Polygons negativeStart = new Polygons.Builder().beginChannel().add(-1, 5).add(0, 5).build();
    assertThatThrownBy(() -> FramePayloads.encode(negativeStart)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("u16");
    Polygons tooFar = new Polygons.Builder().beginChannel().add(65535, 5).add(65536, 5).build();
    assertThatThrownBy(() -> FramePayloads.encode(tooFar)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("V20");
    Polygons empty = Polygons.wrap(new int[] {0, 0}, new int[0], new int[0]);
    assertThatThrownBy(() -> FramePayloads.encode(empty)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no points");
  }
}
