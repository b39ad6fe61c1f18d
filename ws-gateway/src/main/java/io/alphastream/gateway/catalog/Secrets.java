package io.alphastream.gateway.catalog;

import io.alphastream.KeyException;
import io.alphastream.TransportException;
import io.alphastream.gateway.MaskSource;
import io.alphastream.gateway.MaskSources;
import io.alphastream.gateway.StreamOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How one node turns a catalog entry's passphrase reference into a passphrase, without the passphrase ever
 * entering the catalog. A {@code passphraseFile} that is a plain file name ({@code scene7.key}) is looked up
 * in this node's secrets directory ({@code --secrets-dir}); an absolute path (a {@code --stream} seed) is
 * used as it is; {@code passphraseEnv} names a variable of this node's environment. A reference this node
 * cannot resolve fails the open with {@link UnresolvedSecretException}. Thread-safe.
 */
public final class Secrets {
  /** A file name in the secrets directory: no separator, no {@code ..}, nothing a path could escape with. */
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  private final Path dir;
  private final Function<String, String> env;

  /** {@code dir}: the secrets directory, or null for none; {@code env}: this node's environment lookup. */
  public Secrets(Path dir, Function<String, String> env) {
    this.dir = dir == null ? null : dir.toAbsolutePath().normalize();
    this.env = env;
  }

  /** The secrets directory (absolute), or null. */
  public Path dir() {
    return dir;
  }

  /**
   * Checks the references of an entry written through the admin API: {@code passphraseFile} must be a plain
   * file name of the secrets directory, and {@code passphraseEnv} a variable name.
   *
   * @throws IllegalArgumentException saying what is wrong (the value of a reference is a name, not a secret)
   */
  public static void checkReferences(StreamOptions stream) {
    String file = stream.getPassphraseFile();
    if (file != null && (!FILE_NAME.matcher(file).matches() || file.contains(".."))) {
      throw new IllegalArgumentException("passphraseFile must be a plain file name in the node's secrets directory"
          + " (1-128 of [A-Za-z0-9_.-], no '/', no '..'): " + shorten(file));
    }
    String var = stream.getPassphraseEnv();
    if (var != null && !VARIABLE.matcher(var).matches()) {
      throw new IllegalArgumentException("passphraseEnv must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*): "
          + shorten(var));
    }
  }

  /**
   * {@code stream} with its passphrase file as an absolute path on this node. Blocking (it looks at the
   * file): call it off the event loop.
   *
   * @throws UnresolvedSecretException when the file is not there or not readable, or a plain name has no
   *     secrets directory to be looked up in
   */
  public StreamOptions resolve(StreamOptions stream) {
    String file = stream.getPassphraseFile();
    if (file == null) {
      return new StreamOptions(stream);
    }
    Path path;
    if (FILE_NAME.matcher(file).matches() && !file.contains("..")) {
      if (dir == null) {
        String m = "stream \"" + stream.getId() + "\": passphrase file \"" + file
            + "\" is a name in the secrets directory, and this node has none (--secrets-dir)";
        throw new UnresolvedSecretException(m, new KeyException(null, m));
      }
      path = dir.resolve(file);
    } else {
      try {
        path = Path.of(file).toAbsolutePath();
      } catch (InvalidPathException e) {
        String m = "stream \"" + stream.getId() + "\": passphrase file path is not valid: " + shorten(file);
        throw new UnresolvedSecretException(m, new KeyException(null, m));
      }
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      boolean exists = Files.exists(path);
      String m = "stream \"" + stream.getId() + "\": passphrase file " + path
          + (exists ? " is not a readable regular file" : " not found") + " on this node";
      throw new UnresolvedSecretException(m, new TransportException(
          exists ? TransportException.Kind.IO : TransportException.Kind.NOT_FOUND, m, null));
    }
    return new StreamOptions(stream).setPassphraseFile(path.toString());
  }

  /**
   * Opens {@code stream} from its origin with its references resolved on this node: what a standalone node
   * (and a clustered one reading the origin itself) does. An ASVR stream whose passphrase variable is not set
   * here fails with {@link UnresolvedSecretException}; every other failure is the engine's.
   */
  public Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
    return vertx.executeBlocking(() -> resolve(stream), false)
        .compose(resolved -> MaskSources.open(vertx, resolved, env))
        .recover(err -> Future.failedFuture(unresolvedVariable(stream, err)));
  }

  /** A key failure of a stream that takes its passphrase from a variable not set here: unresolved. */
  private Throwable unresolvedVariable(StreamOptions stream, Throwable err) {
    if (err instanceof KeyException && stream.getPassphraseFile() == null) {
      String value = env.apply(stream.getPassphraseEnv());
      if (value == null || value.isBlank()) {
        return new UnresolvedSecretException("stream \"" + stream.getId() + "\" needs a passphrase: environment variable "
            + stream.getPassphraseEnv() + " is not set on this node", err);
      }
    }
    return err;
  }

  private static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
