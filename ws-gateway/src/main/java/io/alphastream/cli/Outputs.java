package io.alphastream.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes output files through a temporary file in the same directory, moved into place when complete:
 * a failed or interrupted command never leaves a half-written file under the requested name.
 */
final class Outputs {
  private Outputs() {}

  /** Something that writes a whole file to a stream. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** True when the file name of {@code p} ends with {@code ext} (lower case, with the dot), any case. */
  static boolean hasExtension(Path p, String ext) {
    Path name = p.getFileName();
    return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(ext);
  }

  static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(dir.toString(), null, "output directory not found");
    }
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
    try {
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        body.writeTo(out);
      }
      makeReadable(tmp); // temporary files are created owner-only

      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void makeReadable(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
