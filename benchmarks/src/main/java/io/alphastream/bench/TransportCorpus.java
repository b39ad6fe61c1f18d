package io.alphastream.bench;

import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamFile;
import io.alphastream.format.StreamWriter;
import io.alphastream.format.crypto.PassphraseKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;

/**
 * The 3,600-frame corpus of the transport benchmark (one minute at 60 fps): the 240 frames of the
 * shared fixture {@code small.asvp} (real-looking geometry, 10-14 channels of 47-330 points) repeated
 * 15 times, written as ASVP or ASVR in memory. Deterministic. The ASVR key comes from a benchmark-only
 * passphrase (SHA-256 of a fixed text), never a real one.
 */
final class TransportCorpus {
  static final int FRAMES = 3_600;
  static final long SCENE_ID = 4242;
  static final String VERSION = "1.5.0";

  private TransportCorpus() {}

  static byte[] passphrase() throws Exception {
    return MessageDigest.getInstance("SHA-256")
        .digest("alphastream-benchmark-passphrase".getBytes(StandardCharsets.US_ASCII));
  }

  /** The corpus file bytes; {@code name} is its salt name (ASVR). */
  static byte[] build(boolean asvr, String name) throws Exception {
    byte[][] blocks;
    try (StreamFile small = StreamFile.open(fixture("small.asvp"), new ReaderOptions())) {
      blocks = new byte[small.frameCount()][];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = small.plainBlock(i);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamWriter w = asvr
        ? StreamWriter.asvr(out, PassphraseKeys.derive(passphrase(), SCENE_ID, VERSION, name))
        : StreamWriter.asvp(out)) {
      for (int i = 0; i < FRAMES; i++) {
        w.addBlock(blocks[i % blocks.length]);
      }
      w.finish();
    }
    return out.toByteArray();
  }

  /** {@code -Dalphastream.shared=...}, else {@code shared/} next to a parent of the working directory. */
  private static Path fixture(String name) {
    String prop = System.getProperty("alphastream.shared");
    if (prop != null) {
      return Paths.get(prop, "fixtures", name);
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared").resolve("fixtures").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared fixtures not found: set -Dalphastream.shared=/path/to/shared");
  }
}
