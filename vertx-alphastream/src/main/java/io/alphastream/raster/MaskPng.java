package io.alphastream.raster;

import io.alphastream.InvalidArgumentException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * R8 masks as 8-bit grayscale PNG (colour type 0, bit depth 8, no interlace), the format of the golden
 * files (FORMAT.md section 11): pixel bytes equal mask bytes.
 *
 * <p>{@link #encode} writes the PNG itself with {@link Deflater} and {@link CRC32}: it is fast, allocates
 * only the output, and needs no AWT/ImageIO machinery, so it is safe on headless servers. {@link #decode}
 * reads through {@code javax.imageio} (any valid PNG encoder's output, any filter, interlaced or not) and
 * is meant for tests and the CLI; it checks the header's size and pixel format before decoding anything.
 */
public final class MaskPng {
  private MaskPng() {}

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** Encodes {@code mask} as an 8-bit grayscale PNG. */
  public static byte[] encode(Mask mask) {
    if (mask == null) {
      throw new InvalidArgumentException("mask must not be null");
    }
    int w = mask.width();
    int h = mask.height();
    byte[] data = mask.data();
    // Scan lines with filter type 0 (None) at deflate level 1: masks are long runs of 0 and 255, so the
    // fastest level already shrinks a 2048x1024 mask to about 1.5 % (level 6: 0.8 %, at twice the time).
    byte[] raw = new byte[h * (w + 1)];
    for (int y = 0; y < h; y++) {
      System.arraycopy(data, y * w, raw, y * (w + 1) + 1, w);
    }
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    byte[] idat;
    try {
      deflater.setInput(raw);
      deflater.finish();
      byte[] buf = new byte[Math.max(1024, raw.length / 16)];
      int len = 0;
      while (!deflater.finished()) {
        if (len == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        len += deflater.deflate(buf, len, buf.length - len);
      }
      idat = Arrays.copyOf(buf, len);
    } finally {
      deflater.end();
    }
    byte[] out = new byte[SIGNATURE.length + (12 + 13) + (12 + idat.length) + 12];
    System.arraycopy(SIGNATURE, 0, out, 0, SIGNATURE.length);
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, w);
    putInt(ihdr, 4, h);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 0; // colour type: grayscale
    // compression 0, filter method 0, interlace 0
    int pos = SIGNATURE.length;
    pos = chunk(out, pos, "IHDR", ihdr);
    pos = chunk(out, pos, "IDAT", idat);
    chunk(out, pos, "IEND", new byte[0]);
    return out;
  }

  /**
   * Decodes an 8-bit grayscale PNG into a mask with the same bytes as pixels.
   *
   * @throws InvalidArgumentException if the bytes are not a valid PNG, not 8-bit grayscale, or its size is
   *     outside {@code [1, 16384]} on either side
   */
  public static Mask decode(byte[] png) {
    if (png == null) {
      throw new InvalidArgumentException("png must not be null");
    }
    // Check the header ourselves first, so a bogus size never reaches an allocation.
    if (png.length < 33 || !Arrays.equals(png, 0, 8, SIGNATURE, 0, 8)
        || !"IHDR".equals(new String(png, 12, 4, StandardCharsets.US_ASCII))) {
      throw new InvalidArgumentException("not a PNG file (missing signature or IHDR)");
    }
    long width = getUnsignedInt(png, 16);
    long height = getUnsignedInt(png, 20);
    if (width < Mask.MIN_SIZE || width > Mask.MAX_SIZE || height < Mask.MIN_SIZE || height > Mask.MAX_SIZE) {
      throw new InvalidArgumentException("PNG size " + width + "x" + height + " is outside [1, "
          + Mask.MAX_SIZE + "] per side");
    }
    if (png[24] != 8 || png[25] != 0) {
      throw new InvalidArgumentException("PNG is not 8-bit grayscale (bit depth " + png[24]
          + ", colour type " + png[25] + ")");
    }
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
    if (!readers.hasNext()) {
      throw new IllegalStateException("no PNG reader in javax.imageio");
    }
    ImageReader reader = readers.next();
    BufferedImage image;
    // A memory-cached stream: ImageIO.read(InputStream) may spill to a temporary file.
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      reader.setInput(in, true, true);
      image = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw new InvalidArgumentException("not a valid PNG file: " + e.getMessage());
    } finally {
      reader.dispose();
    }
    Raster raster = image.getRaster();
    if (raster.getNumBands() != 1 || raster.getTransferType() != DataBuffer.TYPE_BYTE
        || raster.getWidth() != width || raster.getHeight() != height) {
      throw new InvalidArgumentException("PNG did not decode to one 8-bit grey band of " + width + "x" + height);
    }
    byte[] data = (byte[]) raster.getDataElements(0, 0, (int) width, (int) height, null);
    return new Mask((int) width, (int) height, data);
  }

  private static int chunk(byte[] out, int pos, String type, byte[] body) {
    putInt(out, pos, body.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, out, pos + 4, 4);
    System.arraycopy(body, 0, out, pos + 8, body.length);
    CRC32 crc = new CRC32();
    crc.update(out, pos + 4, 4 + body.length); // the CRC covers type and data, not the length
    putInt(out, pos + 8 + body.length, (int) crc.getValue());
    return pos + 12 + body.length;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static long getUnsignedInt(byte[] b, int off) {
    return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16) | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
  }
}
