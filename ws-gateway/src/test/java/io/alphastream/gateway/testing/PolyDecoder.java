package io.alphastream.gateway.testing;

import io.alphastream.format.FrameDecoder;
import io.alphastream.raster.Rasterizer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a {@code poly} payload (a plain frame block, FORMAT.md 5.1) the way a client does: inflate with
 * java.util.zip to exactly the declared length, parse, rasterize with the library's canonical rasterizer.
 */
public final class PolyDecoder {
  private PolyDecoder() {}

  public static byte[] rasterize(byte[] block, int frame, int width, int height) {
    return new Rasterizer().rasterize(FrameDecoder.parse(inflate(block), "poly message", frame), width, height).data();
  }

  /** The payload of {@code block}: exactly its declared length. */
  public static byte[] inflate(byte[] block) {
    int declared = (block[0] & 0xFF) | (block[1] & 0xFF) << 8 | (block[2] & 0xFF) << 16 | (block[3] & 0xFF) << 24;
    if (declared < 0 || declared > 1 << 24) {
      throw new IllegalArgumentException("declared length " + declared);
    }
    Inflater inf = new Inflater();
    try {
      inf.setInput(block, 4, block.length - 4);
      byte[] out = new byte[declared];
      int n = 0;
      while (n < declared && !inf.finished()) {
        int k = inf.inflate(out, n, declared - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new IllegalArgumentException("zlib stream ends early");
        }
        n += k;
      }
      if (n != declared || !inf.finished() || inf.getRemaining() != 0) {
        throw new IllegalArgumentException("payload is not exactly " + declared + " bytes");
      }
      return out;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException(e);
    } finally {
      inf.end();
    }
  }
}
