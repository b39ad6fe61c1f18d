package io.alphastream.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.format.Polygons;
import io.alphastream.raster.Mask;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
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
  void malformedWireMessagesAreRejectedBeforeAllocating() {
    Buffer huge = Buffer.buffer().appendInt(1).appendInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> new DecodeRequestCodec().decodeFromWire(0, huge))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block length");
    Buffer poly = Buffer.buffer().appendInt(1).appendInt(1 << 30).appendInt(1 << 30);
    assertThatThrownBy(() -> new DecodedFrameCodec().decodeFromWire(0, poly))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed polygons");
  }
}
