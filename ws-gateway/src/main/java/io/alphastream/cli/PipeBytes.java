package io.alphastream.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bytes of a local file that is not a regular file: a pipe ({@code /dev/stdin}, {@code /dev/fd/N},
 * {@code <(...)}), a named pipe (FIFO) or a character device. The format reader needs random access and
 * the size up front, which such a file cannot give, so it is read whole into memory first:
 *
 * <ul>
 *   <li>at most {@link #MAX_BYTES}: a stream that goes on longer ({@code /dev/zero}, a runaway producer)
 *       fails with an error instead of filling the heap;
 *   <li>a named pipe that no process opens for writing within {@link #OPEN_WAIT} fails with an error
 *       instead of waiting for ever (opening a FIFO for reading blocks until a writer opens it);
 *   <li>once open, it is read until the writer closes it, like any program reading a pipe.
 * </ul>
 */
final class PipeBytes {
  /** The most bytes read from a pipe or device: over an hour of the sample animation at 60 fps. */
  static final int MAX_BYTES = 256 << 20;
  /** How long to wait for a named pipe's writer before giving up. */
  static final Duration OPEN_WAIT = Duration.ofSeconds(60);
  /** Name of the thread that opens the file, so that a blocked open never blocks the command. */
  static final String OPENER_THREAD = "alphastream-pipe-open";
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

  private PipeBytes() {}

  /** True for an existing file that is neither a regular file nor a directory. */
  static boolean applies(Path path) {
    return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
  }

  /** {@link #read(Path, String, int, Duration)} with the CLI's limits. */
  static byte[] read(Path path, String display) throws IOException {
    return read(path, display, MAX_BYTES, OPEN_WAIT);
  }

  /**
   * Reads {@code path} to its end.
   *
   * @param display how messages name the file (the user's argument)
   * @throws IOException if no writer opens a named pipe within {@code openWait}, the stream is longer
   *     than {@code maxBytes}, or reading fails
   */
  static byte[] read(Path path, String display, int maxBytes, Duration openWait) throws IOException {
    try (InputStream in = open(path, display, openWait)) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new IOException(display + ": not a regular file, and longer than " + mib(maxBytes)
            + " (the most read from a pipe or device); save it to a file and read that");
      }
      return bytes;
    }
  }

  /** Opens {@code path} on its own thread, waiting at most {@code openWait} for the open to return. */
  private static InputStream open(Path path, String display, Duration openWait) throws IOException {
    CompletableFuture<InputStream> opened = new CompletableFuture<>();
    Thread opener = new Thread(() -> {
      try {
        InputStream in = Files.newInputStream(path);
        if (!opened.complete(in)) {
          in.close(); // given up on meanwhile: nobody will read it
        }
      } catch (IOException | RuntimeException e) {
        opened.completeExceptionally(e);
      }
    }, OPENER_THREAD);
    opener.setDaemon(true); // never keeps the JVM alive, whatever happens to the open
    opener.start();
    try {
      return opened.get(openWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      IOException noWriter = new IOException(display + ": named pipe: no process opened it for writing"
          + " within " + openWait.toSeconds() + " s");
      if (opened.completeExceptionally(noWriter)) {
        release(path);
        throw noWriter;
      }
      return opened.join(); // the writer came just now
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      opened.completeExceptionally(e);
      release(path);
      throw new IOException(display + ": interrupted while waiting for a writer", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(display + ": " + e.getCause(), e.getCause());
    }
  }

  /**
   * Lets the opener thread's blocked open of a named pipe return: opening it for writing (and closing
   * it at once) completes the open, and the opener closes what it opened. Only for a FIFO: opening
   * anything else for writing could have effects.
   */
  private static void release(Path path) {
    if (!isFifo(path)) {
      return;
    }
    // on a thread of its own too: if the opener has just returned after all, this open would wait
    Thread releaser = new Thread(() -> {
      try (OutputStream unblock = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
        // nothing to write: the open itself is what the blocked reader waits for
      } catch (IOException | RuntimeException e) {
        // the pipe is gone or not ours to open: the daemon opener then stays blocked, harmlessly
      }
    }, OPENER_THREAD);
    releaser.setDaemon(true);
    releaser.start();
  }

  private static boolean isFifo(Path path) {
    try {
      return ((Integer) Files.getAttribute(path, "unix:mode") & S_IFMT) == S_IFIFO;
    } catch (IOException | RuntimeException e) {
      return false; // no "unix" attribute view on this platform
    }
  }

  private static String mib(int bytes) {
    return (bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes");
  }
}
