package io.alphastream.source;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.crypto.Passphrases;
import io.alphastream.TransportException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where an ASVR passphrase comes from, without the passphrase: an environment variable (hex), a file (raw
 * bytes or hex text), or bytes given in process. A reference can be described, logged and (env and file
 * kinds) shipped to another process; the secret is read only by {@link #resolve}. {@link #toString()}
 * never shows bytes. Immutable.
 */
public final class PassphraseRef {
  /** The kinds of reference. */
  public enum Kind {
    /** No passphrase (an ASVP stream, or an ASVR stream that will fail with a hint). */
    NONE,
    /** Hex text in an environment variable. */
    ENV,
    /** A file holding raw bytes or hex text. */
    FILE,
    /** Bytes handed over in process (the C ABI, embedding applications); never serialized. */
    BYTES
  }

  private static final PassphraseRef NONE = new PassphraseRef(Kind.NONE, null, null);

  private final Kind kind;
  private final String name; // variable name or file path
  private final byte[] bytes;

  private PassphraseRef(Kind kind, String name, byte[] bytes) {
    this.kind = kind;
    this.name = name;
    this.bytes = bytes;
  }

  public static PassphraseRef none() {
    return NONE;
  }

  /** The hex passphrase in environment variable {@code variable}. */
  public static PassphraseRef env(String variable) {
    if (variable == null || variable.isBlank()) {
      throw new InvalidArgumentException("passphrase environment variable name must not be empty");
    }
    return new PassphraseRef(Kind.ENV, variable, null);
  }

  /** The passphrase file at {@code path}. */
  public static PassphraseRef file(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidArgumentException("passphrase file path must not be empty");
    }
    return new PassphraseRef(Kind.FILE, path, null);
  }

  /** Passphrase bytes (copied; the caller may wipe its array). */
  public static PassphraseRef bytes(byte[] passphrase) {
    if (passphrase == null || passphrase.length == 0) {
      throw new InvalidArgumentException("passphrase must not be empty");
    }
    return new PassphraseRef(Kind.BYTES, null, passphrase.clone());
  }

  public Kind kind() {
    return kind;
  }

  /** The variable name ({@link Kind#ENV}) or file path ({@link Kind#FILE}); null otherwise. */
  public String name() {
    return name;
  }

  /**
   * Reads the passphrase: a fresh array the caller owns (and should wipe), or null for {@link Kind#NONE}
   * and for an environment variable that is unset or blank. Blocking for a file.
   *
   * @param env environment lookup ({@code System::getenv}; tests pass a map)
   * @throws TransportException naming the file when it is missing ({@code NOT_FOUND}), a directory or not
   *     a regular file ({@code IO})
   * @throws InvalidArgumentException naming the variable or file when the content is unusable (empty, too
   *     large, not hex); messages never contain the passphrase
   */
  public byte[] resolve(Function<String, String> env) {
    switch (kind) {
      case ENV: {
        String hex = env.apply(name);
        if (hex == null || hex.isBlank()) {
          return null;
        }
        try {
          return Passphrases.fromHex(hex);
        } catch (InvalidArgumentException e) {
          throw new InvalidArgumentException("environment variable " + name + ": " + e.getMessage());
        }
      }
      case FILE:
        return readFile();
      case BYTES:
        return bytes.clone();
      default:
        return null;
    }
  }

  /**
   * The passphrase file's content. Problems reaching the file are I/O errors, as for a stream's file
   * (missing: {@code NOT_FOUND}; a directory or a device: {@code IO}); a bad content (empty, too large)
   * is an {@link InvalidArgumentException} from {@link Passphrases#fromFile}.
   */
  private byte[] readFile() {
    Path path;
    try {
      path = Paths.get(name);
    } catch (InvalidPathException e) {
      throw new InvalidArgumentException("passphrase file path is not valid: " + name);
    }
    if (Files.isDirectory(path)) {
      throw new TransportException(TransportException.Kind.IO, "passphrase file " + name + " is a directory", null);
    }
    if (!Files.exists(path)) {
      throw new TransportException(TransportException.Kind.NOT_FOUND, "passphrase file " + name + " not found", null);
    }
    if (!Files.isRegularFile(path)) {
      throw new TransportException(TransportException.Kind.IO, "passphrase file " + name
          + " is not a regular file (a device, FIFO or socket)", null);
    }
    return Passphrases.fromFile(path);
  }

  /** Safe to print: {@code none}, {@code env:NAME}, {@code file:PATH} or {@code bytes(redacted)}. */
  @Override
  public String toString() {
    switch (kind) {
      case ENV:
        return "env:" + name;
      case FILE:
        return "file:" + name;
      case BYTES:
        return "bytes(redacted)";
      default:
        return "none";
    }
  }

  /** Same kind and name; two {@link Kind#BYTES} references are equal when their bytes are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PassphraseRef r && r.kind == kind && Objects.equals(r.name, name)
        && Arrays.equals(r.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name);
  }
}
