package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SOURCE that is not a regular file (a pipe, {@code /dev/stdin}, a named pipe, a device) is read whole,
 * up to a cap; a named pipe nobody writes to fails after a wait instead of hanging.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeSourceTest {
  @TempDir Path tmp;

  private Path mkfifo(String name) throws Exception {
    Path fifo = tmp.resolve(name);
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    return fifo;
  }

  /** Writes {@code bytes} into {@code fifo} from another thread (its open waits for the reader). */
  private static CompletableFuture<Void> writeLater(Path fifo, byte[] bytes) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread writer = new Thread(() -> {
      try {
        Files.write(fifo, bytes);
        done.complete(null);
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
      }
    }, "fifo-writer");
    writer.setDaemon(true); // a failed test must not leave a thread waiting for a reader
    writer.start();
    return done;
  }

  @Test
  void aNamedPipeIsReadWhole() throws Exception {
    byte[] plain = Fixtures.bytes("small.asvp");
    Path fifo = mkfifo("small.asvp");
    CompletableFuture<Void> written = writeLater(fifo, plain);
    Cli.Result info = Cli.run("info", fifo.toString(), "--json");
    assertThat(info.exit()).as(info.err()).isZero();
    assertThat(info.json().getInteger("frames")).isEqualTo(240);
    assertThat(info.json().getLong("fileBytes")).isEqualTo(plain.length);
    written.get(30, TimeUnit.SECONDS);

    // an encrypted stream through a pipe renders the golden mask
    Path fifo2 = mkfifo("small.asvr");
    written = writeLater(fifo2, Fixtures.bytes("small.asvr"));
    Path out = tmp.resolve("f119.r8");
    Cli.Result render = Cli.run(concat(new String[] {"render", fifo2.toString(), "--frame", "119", "--size",
        "640x320", "--out", out.toString()}, SMALL_ASVR_KEY));
    assertThat(render.exit()).as(render.err()).isZero();
    assertThat(Cli.sha256(Files.readAllBytes(out)))
        .isEqualTo(Cli.golden("golden/small_f119_640x320.png").getString("r8_sha256"));
    written.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aNamedPipeWithoutAWriterFailsAfterTheWaitAndLeavesNoThreadBehind() throws Exception {
    Path fifo = mkfifo("lonely.asvp");
    assertThatThrownBy(() -> PipeBytes.read(fifo, "lonely.asvp", 1 << 20, Duration.ofSeconds(1)))
        .isInstanceOf(IOException.class)
        .hasMessage("lonely.asvp: named pipe: no process opened it for writing within 1 s");
    // the open that waited was released: its thread ends
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals(PipeBytes.OPENER_THREAD)) {
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(t.isAlive()).as("opener thread still blocked in open").isFalse();
      }
    }
  }

  @Test
  void aStreamLongerThanTheCapFails() {
    Cli.Result zero = Cli.run("info", "/dev/zero");
    zero.assertsOneErrorLine(ExitCode.IO);
    assertThat(zero.errorLine()).isEqualTo("error: /dev/zero: not a regular file, and longer than 256 MiB"
        + " (the most read from a pipe or device); save it to a file and read that");

    // an empty stream is an empty file: the format's own rule reports it
    Cli.Result empty = Cli.run("info", "/dev/null");
    empty.assertsOneErrorLine(ExitCode.INVALID_INPUT);
    assertThat(empty.errorLine()).contains("V01");
  }

  @Test
  void standardInputIsReadThroughDevStdin() throws Exception {
    // a separate JVM whose standard input is a real pipe (this JVM's stdin belongs to the test runner)
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "info", "/dev/stdin", "--json", "--salt-name", "small.asvr", "--scene-id", "4242", "--passphrase-file",
        fixture("test-passphrase.hex"))
        .redirectError(tmp.resolve("stderr.txt").toFile()).start();
    CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(Fixtures.bytes("small.asvr"));
    }
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("stderr.txt"))).isZero();
    JsonObject info = new JsonObject(stdout.get(30, TimeUnit.SECONDS));
    assertThat(info.getString("format")).isEqualTo("ASVR");
    assertThat(info.getInteger("frames")).isEqualTo(240);
    assertThat(info.getLong("fileBytes")).isEqualTo(Fixtures.bytes("small.asvr").length);
  }
}
