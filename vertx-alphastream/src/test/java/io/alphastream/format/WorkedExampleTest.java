package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** FORMAT.md 5.4: a triangle and a single point, as payload bytes and as a plain frame block. */
class WorkedExampleTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String PAYLOAD =
      "02000000" + "08000000" + "04000000" + "9001" + "9001" + "5000" + "d846" + "2c01" + "2c01";
  private static final String BLOCK =
      "18000000" + "789c63626060e0006216209ec038813180e1869b0ea30e2300179602f9";

  private static Polygons example() {
    return new Polygons.Builder()
        .beginChannel().add(400, 400).add(480, 400).add(440, 470)
        .beginChannel().add(300, 300)
        .build();
  }

  @Test
  void encodesToTheSpecifiedPayload() {
    byte[] payload = FramePayloads.encode(example());
    assertThat(payload).hasSize(24);
    assertThat(HEX.formatHex(payload)).isEqualTo(PAYLOAD);
  }

  @Test
  void payloadBecomesTheSpecifiedBlock() {
    assertThat(HEX.formatHex(FramePayloads.block(HEX.parseHex(PAYLOAD)))).isEqualTo(BLOCK);
  }

  @Test
  void specifiedPayloadDecodesToTheExample() {
    assertThat(FrameDecoder.parse(HEX.parseHex(PAYLOAD), "5.4", 0)).isEqualTo(example());
  }

  @Test
  void specifiedBlockDecodesToTheExample() throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    try (StreamWriter w = StreamWriter.asvp(out)) {
      w.addBlock(HEX.parseHex(BLOCK));
    }
    try (StreamFile f = Fixtures.open(out.toByteArray(), "example.asvp", new ReaderOptions())) {
      assertThat(HEX.formatHex(f.block(0))).isEqualTo(BLOCK);
      assertThat(HEX.formatHex(f.payload(0))).isEqualTo(PAYLOAD);
      assertThat(f.frame(0)).isEqualTo(example());
    }
  }
}
