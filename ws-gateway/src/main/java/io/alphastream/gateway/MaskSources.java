package io.alphastream.gateway;

import io.alphastream.AlphaStream;
import io.alphastream.InvalidArgumentException;
import io.alphastream.format.SaltName;
import io.alphastream.format.StreamWriter;
import io.alphastream.transport.RangeSource;
import io.vertx.core.buffer.Buffer;
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

  private MaskSources() {}

  /**
   * Opens {@code stream} through the streaming engine; fails with an
   * {@link io.alphastream.AlphaStreamException} or an {@link IOException} naming the source.
   */
  public static Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
    return open(vertx, stream, System::getenv);
  }

  static Future<MaskSource> open(Vertx vertx, StreamOptions stream, Function<String, String> env) {
    String source = stream.getSource();
    boolean sample = source.regionMatches(true, 0, SAMPLE_PREFIX, 0, SAMPLE_PREFIX.length());
    // samples are read from the jar and key files from disk: blocking work, off the event loop
    return vertx.executeBlocking(() -> {
      AlphaStream.Builder b = AlphaStream.builder().vertx(vertx).version(stream.getVersion())
          .name(stream.getName() != null ? stream.getName() : saltName(source));
      if (stream.getSceneId() != null) {
        b.sceneId(stream.getSceneId());
      }
      byte[] passphrase = passphrase(stream, env);
      if (passphrase != null) {
        b.passphrase(passphrase); // copied by the builder
        Arrays.fill(passphrase, (byte) 0);
      }
      if (sample) {
        b.source(RangeSource.memory(Buffer.buffer(sample(source)), source));
      } else {
        b.source(locator(source));
      }
      return b.build();
    }, false).compose(alpha -> alpha.open()
        .<MaskSource>map(v -> new EngineMaskSource(stream.getId(), alpha))
        .recover(err -> alpha.closeAsync().transform(x -> Future.failedFuture(err))));
  }

  /** A path or URL as the engine's locator; a missing local file is reported here, by name. */
  private static String locator(String source) throws IOException {
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return source;
    }
    Path path = lower.startsWith("file:") ? Paths.get(URI.create(source)) : Paths.get(source);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(source);
    }
    return path.toAbsolutePath().toString();
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
