package io.alphastream.gateway;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.ByteRanges;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.SaltName;
import io.alphastream.format.StreamFile;
import io.alphastream.format.StreamWriter;
import io.alphastream.format.crypto.Passphrases;
import io.alphastream.format.Polygons;
import io.alphastream.sample.SampleGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Opens the {@link MaskSource} of a configured stream. The one place that picks how sources are read. */
public final class MaskSources {
  /** Prefix of samples bundled in the jar ({@code sample:demo}). */
  public static final String SAMPLE_PREFIX = "sample:";
  private static final String SAMPLE_DIR = "/io/alphastream/sample/";
  /** Mask cache bound of one stream. */
  static final long MASK_CACHE_BYTES = 64L << 20;

  private MaskSources() {}

  /**
   * Opens {@code stream} on a worker thread (file I/O, key derivation); fails with an
   * {@link io.alphastream.AlphaStreamException} or an {@link IOException} naming the source.
   */
  public static Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
    return open(vertx, stream, System::getenv);
  }

  static Future<MaskSource> open(Vertx vertx, StreamOptions stream, Function<String, String> env) {
    return vertx.executeBlocking(() -> {
      StreamFile file = openFile(stream, env);
      return new StreamFileMaskSource(vertx, stream.getId(), file, MASK_CACHE_BYTES);
    }, false);
  }

  static StreamFile openFile(StreamOptions stream, Function<String, String> env) throws IOException {
    String source = stream.getSource();
    ReaderOptions options = new ReaderOptions().setVersion(stream.getVersion())
        .setName(stream.getName() != null ? stream.getName() : saltName(source));
    if (stream.getSceneId() != null) {
      options.setSceneId(stream.getSceneId());
    }
    byte[] passphrase = passphrase(stream, env);
    if (passphrase != null) {
      options.setPassphrase(passphrase); // copied by the options
      Arrays.fill(passphrase, (byte) 0);
    }
    ByteRanges bytes = bytes(source);
    try {
      return StreamFile.open(bytes, source, options);
    } catch (RuntimeException e) {
      bytes.close();
      throw e;
    }
  }

  private static byte[] passphrase(StreamOptions stream, Function<String, String> env) {
    if (stream.getPassphraseFile() != null) {
      return Passphrases.fromFile(Paths.get(stream.getPassphraseFile()));
    }
    String var = stream.getPassphraseEnv() != null ? stream.getPassphraseEnv() : StreamOptions.DEFAULT_PASSPHRASE_ENV;
    String hex = env.apply(var);
    if (hex == null || hex.isBlank()) {
      return null;
    }
    try {
      return Passphrases.fromHex(hex.trim());
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException("stream " + stream.getId() + ": " + var + " is not a hex passphrase");
    }
  }

  private static ByteRanges bytes(String source) throws IOException {
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      throw new InvalidArgumentException(source + ": http(s) sources are not supported by this build yet");
    }
    if (lower.startsWith(SAMPLE_PREFIX)) {
      return ByteRanges.of(sample(source));
    }
    Path path = lower.startsWith("file:") ? Paths.get(URI.create(source)) : Paths.get(source);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(source);
    }
    return ByteRanges.of(path);
  }

  private static String saltName(String source) {
    if (source.regionMatches(true, 0, SAMPLE_PREFIX, 0, SAMPLE_PREFIX.length())) {
      return sampleFile(source);
    }
    return SaltName.of(source);
  }

  private static String sampleFile(String source) {
    String name = source.substring(SAMPLE_PREFIX.length());
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new InvalidArgumentException("unknown sample: " + source + " (try sample:demo)");
    }
    return name + ".asvp";
  }

  /** A bundled sample; {@code sample:demo} is generated when the jar does not carry it. */
  static byte[] sample(String source) throws IOException {
    String file = sampleFile(source);
    try (InputStream in = MaskSources.class.getResourceAsStream(SAMPLE_DIR + file)) {
      if (in != null) {
        return in.readAllBytes();
      }
    }
    if (!file.equals("demo.asvp")) {
      throw new InvalidArgumentException("unknown sample: " + source + " (try sample:demo)");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamWriter w = StreamWriter.asvp(out)) {
      for (Polygons p : SampleGenerator.generate(SampleGenerator.DEMO_FRAMES, SampleGenerator.DEMO_SEED)) {
        w.addFrame(p);
      }
      w.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out.toByteArray();
  }
}
