package io.alphastream.testing;

import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.transport.RangeSource;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HexFormat;

/**
 * Locates the shared fixtures ({@code ../shared/fixtures} next to the checkout). Surefire passes the
 * directory as system property {@code alphastream.shared}; a test run from an IDE falls back to
 * walking up from the working directory.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path sharedDir() {
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
    throw new IllegalStateException("shared fixtures not found: set -Dalphastream.shared=/path/to/shared");
  }

  public static Path path(String relative) {
    return sharedDir().resolve("fixtures").resolve(relative);
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The published test passphrase (32 bytes), read from {@code test-passphrase.hex}. */
  public static byte[] testPassphrase() {
    return HexFormat.of().parseHex(new String(bytes("test-passphrase.hex")).trim());
  }

  public static String manifestJson() {
    return new String(bytes("manifest.json"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A small stream file opened for synchronous reading from memory: the file is read whole, and named by
   * its path (so the default ASVR salt name is its file name). Fixtures are small; the CLI reads big files
   * through {@code StreamSources.openBlocking}.
   */
  public static StreamFile open(Path file, ReaderOptions options) {
    return open(file, file.toString(), options);
  }

  /** {@link #open(Path, ReaderOptions)} named {@code name}. */
  public static StreamFile open(Path file, String name, ReaderOptions options) {
    try {
      return open(Files.readAllBytes(file), name, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stream file over {@code bytes} (not copied), named {@code name}. */
  public static StreamFile open(byte[] bytes, String name, ReaderOptions options) {
    return StreamFile.open(RangeSource.memory(Buffer.buffer(bytes), name), options);
  }
}
