package io.alphastream.cli;

import static io.alphastream.cli.Cli.SMALL_ASVR_KEY;
import static io.alphastream.cli.Cli.concat;
import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convert}: blocks are carried over unchanged, so (fixtures README) decrypting small.asvr gives
 * small.asvp byte for byte, and encrypting small.asvp with the fixture's salt gives small.asvr.
 */
class ConvertCommandTest {
  @TempDir Path tmp;

  @Test
  void asvrToAsvpToAsvrRoundTripIsByteExact() throws Exception {
    Path plain = tmp.resolve("plain.asvp");
    Cli.Result down = Cli.run(concat(new String[] {"convert", fixture("small.asvr"), plain.toString()},
        SMALL_ASVR_KEY));
    assertThat(down.exit()).as(down.err()).isZero();
    assertThat(down.err()).contains("convert: 240/240 frames (100%)");
    assertThat(Files.readAllBytes(plain)).isEqualTo(Fixtures.bytes("small.asvp"));

    // The salt name defaults to the output's file name, so name the output small.asvr ...
    Path dir = Files.createDirectory(tmp.resolve("out"));
    Path again = dir.resolve("small.asvr");
    Cli.Result up = Cli.run(concat(new String[] {"convert", plain.toString(), again.toString()},
        SMALL_ASVR_KEY));
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(Files.readAllBytes(again)).isEqualTo(Fixtures.bytes("small.asvr"));

    // ... or give --salt-name explicitly for any output name
    Path named = tmp.resolve("renamed.asvr");
    Cli.Result up2 = Cli.run(concat(new String[] {"convert", plain.toString(), named.toString(), "--salt-name",
        "small.asvr"}, SMALL_ASVR_KEY));
    assertThat(up2.exit()).as(up2.err()).isZero();
    assertThat(Files.readAllBytes(named)).isEqualTo(Fixtures.bytes("small.asvr"));
  }

  @Test
  void reKeyingAsvrToAsvrUsesTheInOptionsForTheInput() throws Exception {
    Path other = tmp.resolve("other.asvr");
    Cli.Result r = Cli.run("convert", fixture("small.asvr"), other.toString(),
        "--in-scene-id", "4242", "--in-salt-version", "1.5.0", "--scene-id", "7", "--salt-version", "2.0.0",
        "--passphrase-file", fixture("test-passphrase.hex"));
    assertThat(r.exit()).as(r.err()).isZero();

    ReaderOptions newKey = new ReaderOptions().setSceneId(7).setVersion("2.0.0")
        .setPassphrase(Fixtures.testPassphrase());
    ReaderOptions plain = new ReaderOptions();
    try (StreamFile converted = Fixtures.open(other, newKey);
        StreamFile original = Fixtures.open(Fixtures.path("small.asvp"), plain)) {
      assertThat(converted.frameCount()).isEqualTo(original.frameCount());
      for (int i = 0; i < original.frameCount(); i++) {
        assertThat(converted.payload(i)).as("frame %d", i).isEqualTo(original.payload(i));
      }
    }
    // the old salt no longer opens it
    Cli.run(concat(new String[] {"info", other.toString()}, SMALL_ASVR_KEY))
        .assertsOneErrorLine(ExitCode.BAD_KEY);
  }

  @Test
  void failuresLeaveNoOutputFile() {
    Path out = tmp.resolve("x.asvp");
    Cli.run("convert", fixture("small.asvr"), out.toString(), "--scene-id", "4242")
        .assertsOneErrorLine(ExitCode.BAD_KEY);
    Cli.run("convert", fixture("malformed/frame-zlib-corrupt.asvp"), out.toString())
        .assertsOneErrorLine(ExitCode.INVALID_INPUT);
    Cli.run("convert", fixture("small.asvp"), tmp.resolve("x.txt").toString())
        .assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("convert", fixture("small.asvp"), tmp.resolve("y.asvr").toString(), "--passphrase-file",
        fixture("test-passphrase.hex")).assertsOneErrorLine(ExitCode.USAGE); // no --scene-id
    assertThat(tmp).isEmptyDirectory();
  }
}
