package io.alphastream.gateway.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.RleDecoder;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

  @Test
  void bothMaskEncodingsCarryTheGoldenMask() {
    Golden.Entry e = Golden.entry("small.asvp", 119, 333, 177);
    byte[] r8 = e.r8();
    for (Encoding enc : new Encoding[] {Encoding.R8, Encoding.RLE}) {
      Buffer msg = FrameEncoder.encode(enc, 119, r8, 333, 177);
      byte[] bytes = msg.getBytes();
      FrameHeader h = FrameHeader.read(bytes, 0, bytes.length);
      assertThat(h.encoding()).isEqualTo(enc);
      assertThat(h.frameIndex()).isEqualTo(119);
      assertThat(h.width()).isEqualTo(333);
      assertThat(h.height()).isEqualTo(177);
      byte[] mask = switch (enc) {
        case R8 -> Arrays.copyOfRange(bytes, 16, bytes.length);
        case RLE -> RleDecoder.decode(bytes, 16, bytes.length - 16, 333 * 177);
        default -> throw new AssertionError(enc);
      };
      assertThat(mask).as(enc.wireName()).isEqualTo(r8);
    }
  }

  @Test
  void aPolyMessageIsTheHeaderAndTheStoredBlockUnchanged() {
    byte[] block = JsClientVectorsTest.storedBlock("small.asvp", 119);
    Buffer msg = FrameEncoder.poly(119, 1280, 640, Buffer.buffer(block));
    byte[] bytes = msg.getBytes();
    assertThat(FrameHeader.read(bytes, 0, bytes.length))
        .isEqualTo(new FrameHeader(Encoding.POLY, 119, 1280, 640, block.length));
    assertThat(bytes[1]).isEqualTo((byte) 2);
    assertThat(Arrays.copyOfRange(bytes, 16, bytes.length)).isEqualTo(block);
    assertThatThrownBy(() -> FrameEncoder.encode(Encoding.POLY, 0, new byte[4], 2, 2))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("poly");
  }

  @Test
  void usesOnlyTheFirstWidthTimesHeightBytes() {
    byte[] big = new byte[10];
    Arrays.fill(big, 4, 10, (byte) 255);
    byte[] msg = FrameEncoder.encodeBytes(Encoding.R8, 0, big, 2, 2);
    assertThat(Arrays.copyOfRange(msg, 16, msg.length)).containsExactly(0, 0, 0, 0);
  }

  @Test
  void rejectsAMaskTooSmallForItsSize() {
    assertThatThrownBy(() -> FrameEncoder.encode(Encoding.RLE, 0, new byte[3], 2, 2))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("2x2");
  }

  @Test
  void messageIsSharedNotCopiedPerRead() {
    Buffer msg = FrameEncoder.encode(Encoding.RLE, 3, new byte[4], 2, 2);
    assertThat(msg.length()).isEqualTo(17);
    assertThat(msg.getBytes()).isEqualTo(msg.getBytes());
  }
}
