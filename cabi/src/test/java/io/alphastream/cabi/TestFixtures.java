package io.alphastream.cabi;

import io.alphastream.format.Polygons;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Shared fixtures for the cabi tests, and a deliberately small ASVP decoder (FORMAT.md sections
 * 2-5) so these tests depend on no other helper's reader: fixtures here are trusted input.
 */
final class TestFixtures {
  private TestFixtures() {}

  static Path sharedDir() {
    String prop = System.getProperty("alphastream.shared");
    if (prop != null && Files.isDirectory(Paths.get(prop))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("fixtures"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared fixtures not found: set -Dalphastream.shared");
  }

  static Path path(String relative) {
    return sharedDir().resolve("fixtures").resolve(relative);
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject manifest() {
    return new JsonObject(new String(bytes("manifest.json"), StandardCharsets.UTF_8));
  }

  /** Manifest golden entries: file, source, frame, width, height, opaque, r8_sha256. */
  static List<JsonObject> goldens() {
    JsonArray a = manifest().getJsonArray("golden");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(a.getJsonObject(i));
    }
    return out;
  }

  /** All frames of a plain ASVP fixture. */
  static List<Polygons> decodeAsvp(String relative) {
    ByteBuffer b = ByteBuffer.wrap(bytes(relative)).order(ByteOrder.LITTLE_ENDIAN);
    int tableLen = b.getInt(12);
    ByteBuffer table = ByteBuffer.wrap(inflate(b.array(), 16, tableLen)).order(ByteOrder.LITTLE_ENDIAN);
    int n = table.capacity() / 8;
    List<Polygons> frames = new ArrayList<>(n);
    long off = 16L + tableLen;
    for (int i = 0; i < n; i++) {
      int len = (int) table.getLong(8 * i);
      byte[] payload = inflate(b.array(), (int) off + 4, len - 4);
      frames.add(parse(payload));
      off += len;
    }
    return frames;
  }

  private static Polygons parse(byte[] payload) {
    ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    int channels = p.getInt(0);
    int pos = 4 + 4 * channels;
    Polygons.Builder builder = new Polygons.Builder();
    for (int c = 0; c < channels; c++) {
      int size = p.getInt(4 + 4 * c);
      int x = Short.toUnsignedInt(p.getShort(pos));
      int y = Short.toUnsignedInt(p.getShort(pos + 2));
      builder.beginChannel().add(x, y);
      for (int k = pos + 4; k < pos + size; k += 2) {
        x += payload[k];
        y += payload[k + 1];
        builder.add(x, y);
      }
      pos += size;
    }
    return builder.build();
  }

  private static byte[] inflate(byte[] src, int off, int len) {
    Inflater inf = new Inflater();
    try {
      inf.setInput(src, off, len);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      while (!inf.finished()) {
        int k = inf.inflate(buf);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          throw new IllegalStateException("truncated fixture stream");
        }
        out.write(buf, 0, k);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalStateException(e);
    } finally {
      inf.end();
    }
  }
}
