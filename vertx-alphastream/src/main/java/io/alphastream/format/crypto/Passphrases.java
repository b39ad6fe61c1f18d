package io.alphastream.format.crypto;

import io.alphastream.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where users' passphrases come from: hex text, a file, or the environment variable
 * {@value #ENVIRONMENT_VARIABLE}. A passphrase is an opaque byte string (32 bytes for all known files),
 * usually written as 64 hex digits. Error messages never repeat the input.
 */
public final class Passphrases {
  /** Environment variable holding a hex passphrase. */
  public static final String ENVIRONMENT_VARIABLE = "ALPHASTREAM_PASSPHRASE";
  /** Largest passphrase file read, in bytes: a passphrase file is tiny, anything bigger is a mistake. */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private Passphrases() {}

  /**
   * Decodes hex text (surrounding whitespace ignored; upper or lower case; any non-zero even number of
   * digits, usually 64).
   *
   * @throws InvalidArgumentException for null, empty, odd-length or non-hex text
   */
  public static byte[] fromHex(String hex) {
    if (hex == null) {
      throw new InvalidArgumentException("passphrase hex must not be null");
    }
    String s = hex.strip();
    if (s.isEmpty()) {
      throw new InvalidArgumentException("passphrase hex is empty");
    }
    if ((s.length() & 1) != 0) {
      throw new InvalidArgumentException("passphrase hex has an odd number of digits (" + s.length() + ")");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = hexValue(s.charAt(2 * i));
      int lo = hexValue(s.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        Arrays.fill(out, (byte) 0);
        throw new InvalidArgumentException("passphrase hex contains a character that is not a hex digit");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  /**
   * Reads a passphrase file. When its content, without surrounding whitespace, is an even number of hex
   * digits it is hex text and decoded; otherwise the file's bytes are the passphrase as they are.
   *
   * @throws InvalidArgumentException for a null path, a missing file, a directory, something that is not
   *     a regular file (a device such as {@code /dev/zero}, a FIFO), an unreadable, empty or oversized file:
   *     the message says which
   */
  public static byte[] fromFile(Path file) {
    if (file == null) {
      throw new InvalidArgumentException("passphrase file must not be null");
    }
    byte[] raw = readBounded(file);
    if (raw.length == 0) {
      throw new InvalidArgumentException("passphrase file " + file + " is empty");
    }
    if (isHexText(raw)) {
      String text = new String(raw, java.nio.charset.StandardCharsets.US_ASCII);
      Arrays.fill(raw, (byte) 0);
      return fromHex(text);
    }
    return raw;
  }

  /**
   * At most {@link #MAX_FILE_BYTES} of a regular file. The kind of file is checked first and the read is
   * bounded anyway, so a device that never ends ({@code /dev/zero}) or a file that grows is refused, not
   * read into memory.
   */
  private static byte[] readBounded(Path file) {
    if (Files.isDirectory(file)) {
      throw new InvalidArgumentException("passphrase file " + file + " is a directory");
    }
    if (!Files.exists(file)) {
      throw new InvalidArgumentException("passphrase file " + file + " not found");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidArgumentException("passphrase file " + file
          + " is not a regular file (a device, FIFO or socket)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] raw = in.readNBytes(MAX_FILE_BYTES + 1);
      if (raw.length > MAX_FILE_BYTES) {
        Arrays.fill(raw, (byte) 0);
        throw new InvalidArgumentException(
            "passphrase file " + file + " is too large: more than " + MAX_FILE_BYTES + " bytes");
      }
      return raw;
    } catch (IOException e) {
      throw new InvalidArgumentException("passphrase file " + file + " cannot be read: "
          + e.getClass().getSimpleName());
    }
  }

  /**
   * The hex passphrase in {@value #ENVIRONMENT_VARIABLE}, or empty when the variable is unset or blank.
   *
   * @throws InvalidArgumentException when the variable is set but not valid hex
   */
  public static Optional<byte[]> fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /** {@link #fromEnvironment()} over any environment lookup (tests pass a map). */
  static Optional<byte[]> fromEnvironment(Function<String, String> env) {
    String v = env.apply(ENVIRONMENT_VARIABLE);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromHex(v));
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(ENVIRONMENT_VARIABLE + ": " + e.getMessage());
    }
  }

  private static boolean isHexText(byte[] raw) {
    int from = 0;
    int to = raw.length;
    while (from < to && isSpace(raw[from])) {
      from++;
    }
    while (to > from && isSpace(raw[to - 1])) {
      to--;
    }
    if (from == to || ((to - from) & 1) != 0) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (hexValue((char) (raw[i] & 0xFF)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** ASCII hex digits only (Character.digit would also accept other scripts' digits). */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
  }
}
