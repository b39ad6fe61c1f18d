package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.crypto.Passphrases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The ASVR key options shared by every command (a picocli mixin): the salt parts (scene id, version,
 * name; FORMAT.md 6.1) and where the passphrase comes from. There is deliberately no option taking the
 * passphrase itself: a literal would end up in shell history and in {@code ps} output.
 */
public final class KeyOptions {
  /** Version string used when {@code --version} is not given. */
  public static final String DEFAULT_VERSION = "1.5.0";

  @Option(names = "--scene-id", paramLabel = "ID",
      description = "ASVR: numeric scene id of the mask (0..4294967295); required for ASVR.")
  Long sceneId;

  @Option(names = "--version", paramLabel = "V",
      description = "ASVR: version string of the mask (default: ${DEFAULT-VALUE}).",
      defaultValue = DEFAULT_VERSION)
  String version = DEFAULT_VERSION;

  @Option(names = "--name", paramLabel = "NAME",
      description = "ASVR: salt name (default: the file name of the source, FORMAT.md 6.1).")
  String name;

  @Option(names = "--passphrase-file", paramLabel = "PATH",
      description = "ASVR: file holding the passphrase, raw bytes or hex text"
          + " (default: hex in env " + Main.PASSPHRASE_ENV + ").")
  Path passphraseFile;

  /** The scene id, checked to fit in a u32; null when not given. */
  Long sceneId() {
    if (sceneId != null && (sceneId < 0 || sceneId > 0xFFFF_FFFFL)) {
      throw new InvalidArgumentException("--scene-id must be in 0..4294967295: " + sceneId);
    }
    return sceneId;
  }

  /**
   * The passphrase: from {@code --passphrase-file} if given, else from the environment variable, else
   * null. The caller owns (and should wipe) the returned array.
   */
  byte[] passphrase(Map<String, String> env) throws IOException {
    return passphrase(passphraseFile, env);
  }

  static byte[] passphrase(Path file, Map<String, String> env) throws IOException {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "passphrase file not found");
      }
      return Passphrases.fromFile(file);
    }
    String hex = env.get(Main.PASSPHRASE_ENV);
    if (hex != null && !hex.isBlank()) {
      return Passphrases.fromHex(hex.strip());
    }
    return null;
  }
}
