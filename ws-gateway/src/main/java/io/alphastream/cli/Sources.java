package io.alphastream.cli;

import io.alphastream.source.StreamFile;
import io.alphastream.transport.RangeSource;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.alphastream.source.StreamSources;
import io.alphastream.transport.Locators;
import io.alphastream.transport.TransportOptions;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a command opens its SOURCE argument: through the library's source model
 * ({@link StreamSources#openBlocking}), the same one the gateway and the C ABI use. Accepted forms: a file
 * path, a {@code file:} URL, {@code http://} and {@code https://} URLs (HTTP range requests), and
 * {@code sample:NAME}, a sample bundled in the jar ({@code sample:demo}). Anything else is refused with
 * the list of supported schemes.
 *
 * <p>Messages name a source by {@link #display(String)}: URLs lose their query string and user info
 * (signed-URL tokens never reach the terminal or logs).
 */
final class Sources {
  private Sources() {}

  /** How messages and output name {@code source}: URLs without query string and user info. */
  static String display(String source) {
    return StreamSources.display(source);
  }

  /** The default ASVR salt name of {@code source} (FORMAT.md 6.1; for {@code sample:NAME}, NAME.asvp). */
  static String saltName(String source) {
    return Locators.saltName(source);
  }

  /**
   * Opens a stream for reading with the key from {@code key}. Wrong or missing key material fails with a
   * {@link io.alphastream.KeyException} whose message says which part may be missing.
   */
  static StreamFile openStream(String source, KeyOptions key, SourceOptions how, Map<String, String> env) {
    return open(source, key.toKeyOptions(), how, env);
  }

  /** {@link #openStream(String, KeyOptions, SourceOptions, Map)} with each key part given separately. */
  static StreamFile openStream(String source, Long sceneId, String version, String name,
      Path passphraseFile, String passphraseEnv, SourceOptions how, Map<String, String> env) {
    return open(source, KeyOptions.keyOptions(sceneId, version, name, passphraseFile, passphraseEnv), how, env);
  }

  private static StreamFile open(String source, io.alphastream.source.KeyOptions key, SourceOptions how,
      Map<String, String> env) {
    if (Locators.kindOf(source) == Locators.Kind.FILE) {
      Path path = Locators.filePath(source);
      if (PipeBytes.applies(path)) { // a pipe or device: no random access, no size; read it whole first
        byte[] bytes;
        try {
          bytes = PipeBytes.read(path, source);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return StreamFile.open(RangeSource.memory(Buffer.buffer(bytes), source),
            StreamSources.readerOptions(source, key, env::get));
      }
    }
    return StreamSources.openBlocking(source, key, new TransportOptions().setTrustAll(how.insecure), env::get);
  }
}
