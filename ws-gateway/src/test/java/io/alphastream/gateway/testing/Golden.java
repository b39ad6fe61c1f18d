package io.alphastream.gateway.testing;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Golden masks of the shared fixtures as R8 bytes, read with the JDK's PNG decoder (not the project's)
 * and checked against the manifest's {@code r8_sha256} before use.
 */
public final class Golden {
  private Golden() {}

  /** One manifest entry of {@code golden[]}. */
  public record Entry(String file, String source, int frame, int width, int height, long opaque, String sha256) {
    /** The R8 bytes, verified against the manifest hash. */
    public byte[] r8() {
      return Golden.r8(this);
    }
  }

  private static final java.util.Map<String, byte[]> R8 = new java.util.concurrent.ConcurrentHashMap<>();
  private static volatile List<Entry> entries;

  public static List<Entry> entries() {
    if (entries == null) {
      entries = readEntries();
    }
    return entries;
  }

  private static List<Entry> readEntries() {
    JsonArray golden = new JsonObject(Fixtures.manifestJson()).getJsonArray("golden");
    return golden.stream().map(JsonObject.class::cast)
        .map(o -> new Entry(o.getString("file"), o.getString("source"), o.getInteger("frame"),
            o.getInteger("width"), o.getInteger("height"), o.getLong("opaque"), o.getString("r8_sha256")))
        .toList();
  }

  public static Entry entry(String source, int frame, int width, int height) {
    return entries().stream()
        .filter(e -> e.source().equals(source) && e.frame() == frame && e.width() == width && e.height() == height)
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no golden mask " + source + " f" + frame));
  }

  /** Reads and verifies every golden mask now, so tests never decode a PNG on an event loop. */
  public static void preload() {
    entries().forEach(Entry::r8);
  }

  static byte[] r8(Entry e) {
    return R8.computeIfAbsent(e.file(), f -> read(e));
  }

  private static byte[] read(Entry e) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Fixtures.bytes(e.file())));
      if (img.getType() != BufferedImage.TYPE_BYTE_GRAY || img.getWidth() != e.width() || img.getHeight() != e.height()) {
        throw new IllegalStateException(e.file() + " is not an 8-bit grayscale " + e.width() + "x" + e.height());
      }
      byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
      if (!sha.equals(e.sha256())) {
        throw new IllegalStateException(e.file() + " does not match its manifest r8_sha256");
      }
      return data;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
