package io.alphastream.bench;

import io.alphastream.format.Polygons;
import io.alphastream.format.StreamWriter;
import io.alphastream.format.crypto.PassphraseKeys;
import io.alphastream.sample.SampleGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Generated benchmark inputs: a fixed-seed sample animation written as ASVP or ASVR in memory. */
final class BenchCorpus {
  static final long SEED = 42L;
  static final int FRAMES = 600;
  static final long SCENE_ID = 4242;
  static final String VERSION = "1.5.0";
  static final String NAME = "bench.asvr";

  private BenchCorpus() {}

  static List<Polygons> polygons() {
    return SampleGenerator.generate(FRAMES, SEED);
  }

  /** A benchmark-only passphrase (SHA-256 of a fixed text); not a real one. */
  static byte[] passphrase() {
    try {
      return MessageDigest.getInstance("SHA-256").digest("alphastream-bench".getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The corpus as a file of the given format ({@code "ASVP"} or {@code "ASVR"}). */
  static byte[] file(String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamWriter w = format.equals("ASVR")
        ? StreamWriter.asvr(out, PassphraseKeys.derive(passphrase(), SCENE_ID, VERSION, NAME))
        : StreamWriter.asvp(out)) {
      for (Polygons p : polygons()) {
        w.addFrame(p);
      }
      w.finish();
    }
    return out.toByteArray();
  }
}
