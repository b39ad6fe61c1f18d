package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.crypto.PassphraseKeys;
import io.alphastream.transport.Locators;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The ASVR key options shared by every command, {@code serve} included (a picocli mixin): the salt parts
 * (scene id, version, name; FORMAT.md 6.1) and where the passphrase comes from. The flags are the
 * properties of the library's {@link io.alphastream.source.KeyOptions} (and of the gateway's JSON
 * stream entries), in kebab case. There is deliberately no option taking the passphrase itself: a
 * literal would end up in shell history and in {@code ps} output.
 */
public final class KeyOptions {
  @Option(names = "--scene-id", paramLabel = "ID",
      description = "ASVR: numeric scene id of the mask (0..4294967295); required for ASVR.")
  Long sceneId;

  @Option(names = "--salt-version", paramLabel = "V",
      description = "ASVR: version string of the mask (default: ${DEFAULT-VALUE}).",
      defaultValue = ReaderOptions.DEFAULT_VERSION)
  String version = ReaderOptions.DEFAULT_VERSION;

  @Option(names = "--salt-name", paramLabel = "NAME",
      description = "ASVR: salt name (default: the file name of the source, FORMAT.md 6.1).")
  String name;

  @Option(names = "--passphrase-file", paramLabel = "PATH",
      description = "ASVR: file holding the passphrase, raw bytes or hex text (wins over --passphrase-env).")
  Path passphraseFile;

  @Option(names = "--passphrase-env", paramLabel = "VAR",
      description = "ASVR: environment variable holding the passphrase as hex (default: ${DEFAULT-VALUE}).",
      defaultValue = io.alphastream.source.KeyOptions.DEFAULT_PASSPHRASE_ENV)
  String passphraseEnv = io.alphastream.source.KeyOptions.DEFAULT_PASSPHRASE_ENV;

  /** The scene id, checked to fit in a u32; null when not given. */
  Long sceneId() {
    return checkSceneId("--scene-id", sceneId);
  }

  /** {@code value} when null or within 0..2^32-1, else a usage error naming {@code option}. */
  static Long checkSceneId(String option, Long value) {
    if (value != null && (value < 0 || value > ReaderOptions.MAX_SCENE_ID)) {
      throw new InvalidArgumentException(option + " must be in 0.." + ReaderOptions.MAX_SCENE_ID + ": " + value);
    }
    return value;
  }

  /** These flags as the library's key settings (a passphrase reference, no secret). */
  io.alphastream.source.KeyOptions toKeyOptions() {
    return keyOptions(sceneId(), version, name, passphraseFile, passphraseEnv);
  }

  /** Key settings from separate parts (convert's {@code --in-*} flags); a usage error names the bad one. */
  static io.alphastream.source.KeyOptions keyOptions(Long sceneId, String version, String name,
      Path passphraseFile, String passphraseEnv) {
    try {
      return new io.alphastream.source.KeyOptions().setSceneId(sceneId).setSaltVersion(version)
          .setSaltName(name).setPassphraseFile(passphraseFile == null ? null : passphraseFile.toString())
          .setPassphraseEnv(passphraseEnv);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
  }

  /**
   * The ChaCha20 key for writing an ASVR file named {@code target}: scene id, version, name (default:
   * the target's file name) and passphrase from these options; scene id and passphrase are required.
   * The caller owns (and should wipe) the returned array.
   */
  byte[] writeKey(String target, Map<String, String> env) {
    Long id = sceneId();
    if (id == null) {
      throw new InvalidArgumentException("writing ASVR needs --scene-id");
    }
    byte[] passphrase = passphrase(env);
    if (passphrase == null) {
      throw new KeyException(null, "writing ASVR needs a passphrase: --passphrase-file PATH or hex in "
          + passphraseEnv);
    }
    try {
      return PassphraseKeys.derive(passphrase, id, version, name != null ? name : Locators.saltName(target));
    } finally {
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  /**
   * The passphrase: from {@code --passphrase-file} if given, else from the environment variable, else
   * null. The caller owns (and should wipe) the returned array.
   */
  byte[] passphrase(Map<String, String> env) {
    return toKeyOptions().getPassphrase().resolve(env::get);
  }
}
