package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule of every command that writes a file (render, convert, generate): an existing output is
 * refused unless {@code --force}; {@code --force} replaces it, through a symbolic link; errors name the
 * user's path, never the temporary {@code .part} file.
 */
class OutputFilesTest {
  @TempDir Path tmp;

  /** One command line per writing command, writing {@code out} (with the right extension). */
  private static List<String[]> writers(Path dir) {
    return List.of(
        new String[] {"render", fixture("small.asvp"), "--frame", "3", "--size", "64x32", "--out",
            dir.resolve("out.r8").toString()},
        new String[] {"convert", fixture("small.asvr"), dir.resolve("out.asvp").toString(),
            "--scene-id", "4242", "--passphrase-file", fixture("test-passphrase.hex")},
        new String[] {"generate", dir.resolve("out.asvp").toString(), "--frames", "2"});
  }

  private static Path outputOf(String[] args) {
    return Path.of(args[0].equals("render") ? args[args.length - 1] : args[args[0].equals("convert") ? 2 : 1]);
  }

  @Test
  void anExistingOutputIsRefusedWithoutForceAndLeftAlone() throws Exception {
    for (String[] args : writers(tmp)) {
      Path out = outputOf(args);
      Files.writeString(out, "keep me");
      Cli.Result r = Cli.run(args);
      r.assertsOneErrorLine(ExitCode.IO);
      assertThat(r.errorLine()).isEqualTo("error: " + out + ": output file exists (use --force to replace it)");
      assertThat(out).hasContent("keep me");
      Files.delete(out);
    }
    assertThat(tmp).isEmptyDirectory(); // and no temporary file left behind
  }

  @Test
  void forceReplacesAnExistingOutput() throws Exception {
    Path out = tmp.resolve("small.asvp");
    Files.writeString(out, "old");
    Cli.Result r = Cli.run(concat(new String[] {"convert", fixture("small.asvr"), out.toString(), "--force"},
        SMALL_ASVR_KEY));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(Fixtures.bytes("small.asvp"));
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void forceWritesThroughASymbolicLinkAndKeepsTheLink() throws Exception {
    Path realDir = Files.createDirectory(tmp.resolve("real"));
    Path real = Files.writeString(realDir.resolve("data.asvp"), "old");
    Path link = Files.createSymbolicLink(tmp.resolve("link.asvp"), real);

    Cli.Result refused = Cli.run(concat(new String[] {"convert", fixture("small.asvr"), link.toString()},
        SMALL_ASVR_KEY));
    refused.assertsOneErrorLine(ExitCode.IO);
    assertThat(refused.errorLine()).contains(link.toString()).contains("--force");
    assertThat(real).hasContent("old");

    Cli.Result forced = Cli.run(concat(new String[] {"convert", fixture("small.asvr"), link.toString(),
        "--force"}, SMALL_ASVR_KEY));
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(forced.out()).startsWith(link + ": 240 frames");
    assertThat(link).isSymbolicLink();
    assertThat(Files.readSymbolicLink(link)).isEqualTo(real);
    assertThat(Files.readAllBytes(real)).isEqualTo(Fixtures.bytes("small.asvp"));
    try (var files = Files.list(realDir)) {
      assertThat(files).containsExactly(real); // the temporary file was made beside the target, and moved
    }
  }

  @Test
  void aLinkToNothingADirectoryOrADeviceIsNeverReplaced() throws Exception {
    Path dangling = Files.createSymbolicLink(tmp.resolve("gone.asvp"), tmp.resolve("missing/x.asvp"));
    Cli.Result r = Cli.run("generate", dangling.toString(), "--frames", "1", "--force");
    r.assertsOneErrorLine(ExitCode.IO);
    assertThat(r.errorLine()).isEqualTo("error: " + dangling + ": symbolic link to a missing file");
    assertThat(dangling).isSymbolicLink();

    Path dir = Files.createDirectory(tmp.resolve("d.asvp"));
    Cli.Result d = Cli.run("generate", dir.toString(), "--frames", "1", "--force");
    d.assertsOneErrorLine(ExitCode.IO);
    assertThat(d.errorLine()).isEqualTo("error: " + dir + ": is a directory");

    Path device = Files.createSymbolicLink(tmp.resolve("null.r8"), Path.of("/dev/null"));
    Cli.Result n = Cli.run("render", fixture("small.asvp"), "--frame", "0", "--size", "8x8", "--out",
        device.toString(), "--force");
    n.assertsOneErrorLine(ExitCode.IO);
    assertThat(n.errorLine()).isEqualTo("error: " + device + ": not a regular file");
  }

  @Test
  void anUnwritableOutputIsNamedByTheUsersPath() {
    // sysfs refuses new files even to root, so this holds for any user (a chmod'ed directory would not)
    for (String[] args : writers(Path.of("/sys"))) {
      Path out = outputOf(args);
      Cli.Result r = Cli.run(args);
      r.assertsOneErrorLine(ExitCode.IO);
      assertThat(r.errorLine()).as(String.join(" ", args)).startsWith("error: " + out + ": ")
          .doesNotContain(".part");
      assertThat(out).doesNotExist();
    }
  }
}
