package io.alphastream.gateway.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {

  @Test
  void layoutIsLittleEndianAsDocumented() {
    byte[] b = new byte[16];
    new FrameHeader(Encoding.RLE, 0x01020304, 1280, 640, 0x0A0B0C0D).write(b, 0);
    // version 1, encoding 1, reserved 0000, frame 04030201, width 0005 (1280), height 8002 (640), length 0D0C0B0A
    assertThat(HexFormat.of().formatHex(b)).isEqualTo("0101000004030201" + "000580020d0c0b0a");
  }

  @Test
  void readsWhatItWrites() {
    byte[] b = new byte[16 + 7];
    FrameHeader h = new FrameHeader(Encoding.R8, 239, 65535, 1, 7);
    h.write(b, 0);
    assertThat(FrameHeader.read(b, 0, b.length)).isEqualTo(h);
  }

  @Test
  void rejectsMalformedHeaders() {
    byte[] b = new byte[20];
    new FrameHeader(Encoding.R8, 1, 2, 2, 4).write(b, 0);
    assertThatThrownBy(() -> FrameHeader.read(b, 0, 19)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("payload length 4");
    assertThatThrownBy(() -> FrameHeader.read(b, 0, 15)).isInstanceOf(InvalidArgumentException.class);
    byte[] v2 = b.clone();
    v2[0] = 2;
    assertThatThrownBy(() -> FrameHeader.read(v2, 0, 20)).hasMessageContaining("version 2");
    byte[] reserved = b.clone();
    reserved[3] = 1;
    assertThatThrownBy(() -> FrameHeader.read(reserved, 0, 20)).hasMessageContaining("reserved");
    byte[] enc = b.clone();
    enc[1] = 9;
    assertThatThrownBy(() -> FrameHeader.read(enc, 0, 20)).hasMessageContaining("encoding id 9");
  }

  @Test
  void rejectsOutOfRangeFields() {
    assertThatThrownBy(() -> new FrameHeader(Encoding.R8, 0, 0, 1, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new FrameHeader(Encoding.R8, 0, 65536, 1, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new FrameHeader(Encoding.R8, -1, 1, 1, 0)).isInstanceOf(InvalidArgumentException.class);
  }
}
