package io.alphastream.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Writes output files through a temporary file in the same directory, moved into place when complete:
 * a failed or interrupted command never leaves a half-written file under the requested name.
 *
 * <p>Every command that writes a file follows one rule (docs/cli.md, "Output files"): an existing
 * output is refused unless {@code --force} is given; with {@code --force} a regular file is replaced,
 * and a symbolic link is followed, so the file it points to is replaced and the link stays. Errors name
 * the path the user gave, never the temporary {@code .part} file.
 */
final class Outputs {
  private Outputs() {}

  /** Something that writes a whole file to a stream. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Where a command writes: {@code requested} is the user's path (used in every message), {@code file}
   * the file actually created or replaced (the target of a symbolic link under {@code --force}).
   */
  record Target(Path requested, Path file, boolean replace) {}

  /** True when the file name of {@code p} ends with {@code ext} (lower case, with the dot), any case. */
  static boolean hasExtension(Path p, String ext) {
    Path name = p.getFileName();
    return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(ext);
  }

  /**
   * Checks that {@code out} may be written, before the command does any work: its directory exists, and
   * it does not exist yet unless {@code force}. With {@code force}, a symbolic link is resolved to the
   * file it points to; a link to nothing, a directory or a special file (a device, a pipe) is refused.
   */
  static Target target(Path out, boolean force) throws IOException {
    Path abs = out.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new FileSystemException(out.toString(), null, "is a directory");
    }
    Path file = abs;
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      if (!force) {
        throw new FileSystemException(out.toString(), null, "output file exists (use --force to replace it)");
      }
      if (Files.isSymbolicLink(abs)) {
        if (!Files.exists(abs)) {
          throw new FileSystemException(out.toString(), null, "symbolic link to a missing file");
        }
        file = abs.toRealPath();
      }
      if (!Files.isRegularFile(file)) {
        throw new FileSystemException(out.toString(), null, "not a regular file");
      }
    }
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "output directory not found");
    }
    return new Target(out, file, force);
  }

  static void write(Target target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Writes {@code body} to a temporary file beside {@code target.file()}, then moves it into place.
   * Failures of the output itself are reported under {@code target.requested()}; anything else the
   * body throws (a corrupt input, say) passes through unchanged.
   */
  static void write(Target target, Body body) throws IOException {
    Path file = target.file();
    Path tmp;
    try {
      tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
    } catch (IOException e) {
      throw named(e, target.requested());
    }
    try {
      try (OutputStream out = new BufferedOutputStream(new Named(Files.newOutputStream(tmp),
          target.requested()), 1 << 16)) {
        body.writeTo(out);
      }
      try {
        makeReadable(tmp); // temporary files are created owner-only
        moveIntoPlace(tmp, file, target.replace());
      } catch (FileAlreadyExistsException e) {
        throw new FileSystemException(target.requested().toString(), null,
            "output file appeared while writing (use --force to replace it)");
      } catch (IOException e) {
        throw named(e, target.requested());
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void moveIntoPlace(Path tmp, Path file, boolean replace) throws IOException {
    if (!replace) {
      // no REPLACE_EXISTING: a file created meanwhile under that name is not overwritten either
      Files.move(tmp, file);
      return;
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void makeReadable(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** {@code e} reported under the user's path {@code requested} instead of the temporary file. */
  private static IOException named(IOException e, Path requested) {
    if (e instanceof NamedFailure) {
      return e;
    }
    String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    IOException renamed = e instanceof AccessDeniedException
        ? new NamedFailure(requested.toString(), "permission denied")
        : new NamedFailure(requested.toString(), reason != null ? reason : e.getClass().getSimpleName());
    renamed.initCause(e);
    return renamed;
  }

  /** A failure of the output file, already named by the user's path. */
  private static final class NamedFailure extends FileSystemException {
    NamedFailure(String file, String reason) {
      super(file, null, reason);
    }
  }

  /** The temporary file's stream; its failures (disk full, say) name the user's path. */
  private static final class Named extends FilterOutputStream {
    private final Path requested;

    Named(OutputStream out, Path requested) {
      super(out);
      this.requested = requested;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw named(e, requested);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw named(e, requested);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw named(e, requested);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException e) {
        throw named(e, requested);
      }
    }
  }
}
