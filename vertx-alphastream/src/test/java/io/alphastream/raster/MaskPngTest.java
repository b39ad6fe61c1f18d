package io.alphastream.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** 8-bit grayscale PNG (colour type 0) whose pixel bytes are the mask bytes (FORMAT.md section 11). */
class MaskPngTest {

  @Test
  void roundTripsMasksOfAnySizeAndValue() {
    Random r = new Random(8L);
    int[][] sizes = {{1, 1}, {1, 7}, {7, 1}, {333, 177}, {64, 32}, {16384, 2}};
    for (int[] size : sizes) {
      byte[] data = new byte[size[0] * size[1]];
      r.nextBytes(data);
      Mask m = new Mask(size[0], size[1], data);
      Mask back = MaskPng.decode(MaskPng.encode(m));
      assertThat(back.width()).isEqualTo(size[0]);
      assertThat(back.height()).isEqualTo(size[1]);
      assertThat(back.data()).isEqualTo(data);
    }
  }

  @Test
  void encodesAStandardGrayscalePngThatImageIoReads() throws IOException {
    Mask golden = MaskPng.decode(Fixtures.bytes("golden/small_f119_333x177.png"));
    byte[] png = MaskPng.encode(golden);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png)); // plain ImageIO, not MaskPng
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = (byte[]) image.getRaster().getDataElements(0, 0, 333, 177, null);
    assertThat(pixels).isEqualTo(golden.data());
  }

  @Test
  void writesValidChunksWithCorrectCrcs() {
    byte[] png = MaskPng.encode(Mask.allocate(5, 3));
    assertThat(Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
    ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
    StringBuilder types = new StringBuilder();
    while (b.hasRemaining()) {
      int len = b.getInt();
      int start = b.position();
      String type = new String(png, start, 4, StandardCharsets.US_ASCII);
      types.append(type).append(' ');
      if (type.equals("IHDR")) {
        assertThat(len).isEqualTo(13);
        assertThat(ByteBuffer.wrap(png, start + 4, 8).getInt()).isEqualTo(5); // width
        assertThat(ByteBuffer.wrap(png, start + 8, 4).getInt()).isEqualTo(3); // height
        assertThat(png[start + 12]).as("bit depth").isEqualTo((byte) 8);
        assertThat(png[start + 13]).as("colour type").isEqualTo((byte) 0);
      }
      CRC32 crc = new CRC32();
      crc.update(png, start, 4 + len);
      b.position(start + 4 + len);
      assertThat(b.getInt()).as(type + " CRC").isEqualTo((int) crc.getValue());
    }
    assertThat(types.toString()).isEqualTo("IHDR IDAT IEND ");
  }

  @Test
  void decodesGoldenFilesToTheirDocumentedContent() {
    // edge-cases frame 6 covers the whole canvas, frame 0 is empty (fixtures README).
    Mask full = MaskPng.decode(Fixtures.bytes("golden/edge_f6_333x177.png"));
    assertThat(full.opaqueCount()).isEqualTo(333L * 177);
    Mask empty = MaskPng.decode(Fixtures.bytes("golden/edge_f0_640x320.png"));
    assertThat(empty.width()).isEqualTo(640);
    assertThat(empty.opaqueCount()).isZero();
  }

  @Test
  void rejectsBytesThatAreNotAPng() {
    assertThatThrownBy(() -> MaskPng.decode(new byte[0])).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> MaskPng.decode("definitely not a png, just some text".getBytes()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a PNG");
    assertThatThrownBy(() -> MaskPng.decode(null)).isInstanceOf(InvalidArgumentException.class);
    byte[] png = MaskPng.encode(Mask.allocate(64, 64));
    byte[] truncated = Arrays.copyOf(png, 40);
    assertThatThrownBy(() -> MaskPng.decode(truncated)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void rejectsSizesOutsideTheBoundsBeforeDecoding() {
    byte[] png = MaskPng.encode(Mask.allocate(4, 4));
    byte[] huge = png.clone();
    ByteBuffer.wrap(huge, 16, 4).putInt(1 << 30); // width in IHDR
    assertThatThrownBy(() -> MaskPng.decode(huge)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("1073741824");
    byte[] zero = png.clone();
    ByteBuffer.wrap(zero, 20, 4).putInt(0); // height
    assertThatThrownBy(() -> MaskPng.decode(zero)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void rejectsColourAnd16BitImages() throws IOException {
    BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> MaskPng.decode(png(rgb))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("grayscale");
    BufferedImage gray16 = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
    assertThatThrownBy(() -> MaskPng.decode(png(gray16))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("bit depth 16");
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
