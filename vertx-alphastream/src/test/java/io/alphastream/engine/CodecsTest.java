package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.TransportException;
import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every engine codec: local transform passes the same instance, the wire form round-trips from any position. */
class CodecsTest {
  static final Polygons POLY = new Polygons.Builder()
      .beginChannel().add(400, 400).add(480, 400).add(440, 470)
      .beginChannel().add(-5, 70000)
      .build();

  static <T> T roundTrip(MessageCodec<T, T> codec, T value) {
    Buffer wire = Buffer.buffer().appendString("prefix"); // decoders must read from pos, not 0
    codec.encodeToWire(wire, value);
    return codec.decodeFromWire(6, wire);
  }

  @Test
  void decodeRequest() {
    DecodeRequest r = new DecodeRequest(7, Buffer.buffer(new byte[] {1, 2, 3, (byte) 0xFF}));
    DecodeRequestCodec codec = new DecodeRequestCodec();
    assertThat(codec.transform(r)).isSameAs(r);
    DecodeRequest back = roundTrip(codec, r);
    assertThat(back.frame()).isEqualTo(7);
    assertThat(back.block().getBytes()).containsExactly(1, 2, 3, 0xFF);
    assertThat(codec.name()).isEqualTo("alphastream.decode-request");
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
  }

  @Test
  void decodedFrame() {
    DecodedFrame f = new DecodedFrame(3, POLY);
    DecodedFrameCodec codec = new DecodedFrameCodec();
    assertThat(codec.transform(f)).isSameAs(f);
    assertThat(roundTrip(codec, f)).isEqualTo(f);
    assertThat(roundTrip(codec, new DecodedFrame(0, Polygons.EMPTY)).polygons()).isEqualTo(Polygons.EMPTY);
  }

  @Test
  void rasterRequest() {
    RasterRequest r = new RasterRequest(9, POLY, 640, 320);
    RasterRequestCodec codec = new RasterRequestCodec();
    assertThat(codec.transform(r)).isSameAs(r);
    assertThat(roundTrip(codec, r)).isEqualTo(r);
  }

  @Test
  void rasterizedFrame() {
    byte[] px = new byte[6];
    px[4] = (byte) 255;
    RasterizedFrame f = new RasterizedFrame(2, new Mask(3, 2, px));
    RasterizedFrameCodec codec = new RasterizedFrameCodec();
    assertThat(codec.transform(f)).isSameAs(f);
    RasterizedFrame back = roundTrip(codec, f);
    assertThat(back.frame()).isEqualTo(2);
    assertThat(back.mask().width()).isEqualTo(3);
    assertThat(back.mask().height()).isEqualTo(2);
    assertThat(back.mask().data()).isEqualTo(px);
  }

  @Test
  void streamRequest() {
    StreamRequestCodec codec = new StreamRequestCodec();
    for (StreamRequest r : List.of(StreamRequest.info(), StreamRequest.polygons(12, -3L), StreamRequest.block(599, Long.MAX_VALUE))) {
      assertThat(codec.transform(r)).isSameAs(r);
      assertThat(roundTrip(codec, r)).isEqualTo(r);
    }
    assertThat(codec.name()).isEqualTo("alphastream.stream-request");
  }

  @Test
  void streamInfo() {
    StreamInfo i = new StreamInfo(600, 0x8000_0000_0000_0001L, "https://cdn.example.net/a/small.asvr \u00e9");
    StreamInfoCodec codec = new StreamInfoCodec();
    assertThat(codec.transform(i)).isSameAs(i);
    assertThat(roundTrip(codec, i)).isEqualTo(i);
  }

  @Test
  void servedFrame() {
    ServedFrame f = new ServedFrame(41, -7L, POLY);
    ServedFrameCodec codec = new ServedFrameCodec();
    assertThat(codec.transform(f)).isSameAs(f);
    assertThat(roundTrip(codec, f)).isEqualTo(f);
    assertThat(roundTrip(codec, new ServedFrame(0, 1L, Polygons.EMPTY)).polygons()).isEqualTo(Polygons.EMPTY);
  }

  @Test
  void servedBlock() {
    ServedBlock b = new ServedBlock(5, 99L, Buffer.buffer(new byte[] {0, 0, 1, 0, 0x78, (byte) 0x9C}));
    ServedBlockCodec codec = new ServedBlockCodec();
    assertThat(codec.transform(b)).isSameAs(b);
    ServedBlock back = roundTrip(codec, b);
    assertThat(back.frame()).isEqualTo(5);
    assertThat(back.sourceVersion()).isEqualTo(99L);
    assertThat(back.block().getBytes()).isEqualTo(b.block().getBytes());
  }

  /** One valid message per codec, for the malformed-input tests. */
  static List<Map.Entry<MessageCodec<?, ?>, Object>> samples() {
    return List.of(
        Map.entry(new DecodeRequestCodec(), new DecodeRequest(7, Buffer.buffer(new byte[] {1, 2, 3}))),
        Map.entry(new DecodedFrameCodec(), new DecodedFrame(3, POLY)),
        Map.entry(new RasterRequestCodec(), new RasterRequest(9, POLY, 64, 32)),
        Map.entry(new RasterizedFrameCodec(), new RasterizedFrame(2, new Mask(3, 2, new byte[6]))),
        Map.entry(new EngineFailureCodec(), EngineFailure.of(new io.alphastream.FormatException("V13", "s", 4, "x"))),
        Map.entry(new StreamRequestCodec(), StreamRequest.block(8, 5L)),
        Map.entry(new StreamInfoCodec(), new StreamInfo(600, 3L, "small.asvp")),
        Map.entry(new ServedFrameCodec(), new ServedFrame(1, 2L, POLY)),
        Map.entry(new ServedBlockCodec(), new ServedBlock(1, 2L, Buffer.buffer(new byte[] {9, 9}))));
  }

  @SuppressWarnings("unchecked")
  static Buffer encode(MessageCodec<?, ?> codec, Object value) {
    Buffer b = Buffer.buffer();
    ((MessageCodec<Object, ?>) codec).encodeToWire(b, value);
    return b;
  }

  @Test
  void everyTruncatedMessageIsATypedError() {
    for (Map.Entry<MessageCodec<?, ?>, Object> e : samples()) {
      Buffer whole = encode(e.getKey(), e.getValue());
      assertThat(e.getKey().decodeFromWire(0, whole)).as(e.getKey().name()).isNotNull();
      for (int len = 0; len < whole.length(); len++) {
        Buffer cut = whole.getBuffer(0, len);
        assertThatThrownBy(() -> e.getKey().decodeFromWire(0, cut)).as("%s cut to %d bytes", e.getKey().name(), len)
            .isInstanceOfSatisfying(TransportException.class,
                t -> assertThat(t.kind()).isEqualTo(TransportException.Kind.BAD_RESPONSE))
            .hasMessageStartingWith("malformed event-bus message");
      }
    }
  }

  @Test
  void malformedWireMessagesAreRejectedBeforeAllocating() {
    int huge = Integer.MAX_VALUE;
    List<Map.Entry<MessageCodec<?, ?>, Buffer>> bad = List.of(
        Map.entry(new DecodeRequestCodec(), Buffer.buffer().appendInt(1).appendInt(huge)),
        Map.entry(new DecodedFrameCodec(), Buffer.buffer().appendInt(1).appendInt(1 << 30).appendInt(1 << 30)),
        Map.entry(new RasterRequestCodec(), Buffer.buffer().appendInt(1).appendInt(1 << 20).appendInt(1 << 20)
            .appendInt(0).appendInt(0).appendInt(0)),
        Map.entry(new RasterizedFrameCodec(), Buffer.buffer().appendInt(1).appendInt(16384).appendInt(16384)),
        Map.entry(new EngineFailureCodec(), Buffer.buffer().appendInt(4).appendLong(-1).appendByte((byte) 0)
            .appendInt(huge)),
        Map.entry(new StreamRequestCodec(), Buffer.buffer().appendByte((byte) 9).appendInt(0).appendLong(0)),
        Map.entry(new StreamInfoCodec(), Buffer.buffer().appendInt(600).appendLong(1).appendInt(huge)),
        Map.entry(new ServedFrameCodec(), Buffer.buffer().appendInt(1).appendLong(1).appendInt(huge).appendInt(huge)),
        Map.entry(new ServedBlockCodec(), Buffer.buffer().appendInt(1).appendLong(1).appendInt(huge)));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (Map.Entry<MessageCodec<?, ?>, Buffer> e : bad) {
      long before = threads.getCurrentThreadAllocatedBytes();
      assertThatThrownBy(() -> e.getKey().decodeFromWire(0, e.getValue())).as(e.getKey().name())
          .isInstanceOf(TransportException.class).hasMessageStartingWith("malformed event-bus message");
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      // the exception and its message cost a few KB; a trusted size would have cost hundreds of MB
      assertThat(allocated).as("%s allocated", e.getKey().name()).isLessThan(1 << 20);
    }
  }
}
