package io.alphastream.cli;

import static io.alphastream.cli.Cli.concat;
import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exit codes and the one-line error report: 2 usage, 3 invalid input, 4 key, 5 I/O; one {@code error:}
 * line and no stack trace unless {@code --debug}; never the passphrase.
 */
class ErrorReportingTest {
  @TempDir Path tmp;

  static Stream<JsonObject> malformed() {
    JsonArray all = Cli.manifest().getJsonArray("malformed");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      out.add(all.getJsonObject(i));
    }
    return out.stream();
  }

  /**
   * Every malformed fixture fails with the rule the manifest names. ASVP faults are exit 3. ASVR files
   * open with the test key (their own name as salt name); a header word other than 4 cannot be told
   * apart from a wrong key (FORMAT.md 3.2), so that one is exit 4.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFilesFailWithTheirRule(JsonObject m) {
    String file = fixture(m.getString("file"));
    String[] key = {"--scene-id", "4242", "--passphrase-file", fixture("test-passphrase.hex")};
    String[] args = "open".equals(m.getString("stage"))
        ? new String[] {"info", file}
        : new String[] {"render", file, "--frame", m.getInteger("frame").toString(), "--size", "64x32",
            "--out", tmp.resolve("m.r8").toString()};
    Cli.Result r = Cli.run(concat(args, key));
    boolean keyLike = file.endsWith(".asvr") && "V02".equals(m.getString("rule"));
    r.assertsOneErrorLine(keyLike ? ExitCode.BAD_KEY : ExitCode.INVALID_INPUT);
    assertThat(r.errorLine()).contains(m.getString("rule")).contains(Path.of(file).getFileName().toString());
    if (m.getInteger("frame") != null) {
      assertThat(r.errorLine()).contains("frame " + m.getInteger("frame"));
    }
    assertThat(r.out()).isEmpty();
  }

  @Test
  void framesBeforeAMalformedFrameStillRender() throws Exception {
    Path out = tmp.resolve("ok.r8");
    Cli.Result r = Cli.run("render", fixture("malformed/declared-2gib.asvp"), "--frame", "0",
        "--size", "64x32", "--out", out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.size(out)).isEqualTo(64 * 32);
  }

  @Test
  void wrongPassphraseIsExit4AndNeverPrintsThePassphrase() throws Exception {
    String wrongHex = "00".repeat(31) + "01";
    Path wrong = tmp.resolve("wrong.hex");
    Files.writeString(wrong, wrongHex + "\n");
    Cli.Result r = Cli.run("info", fixture("small.asvr"), "--scene-id", "4242", "--passphrase-file",
        wrong.toString());
    r.assertsOneErrorLine(ExitCode.BAD_KEY);
    assertThat(r.errorLine()).contains("small.asvr").contains("V02");
    assertThat(r.err()).doesNotContain(wrongHex);

    String rightHex = new String(Fixtures.bytes("test-passphrase.hex")).trim();
    for (String[] salt : List.of(new String[] {"--scene-id", "4243"}, new String[] {"--scene-id", "4242",
        "--salt-version", "1.5.1"}, new String[] {"--scene-id", "4242", "--salt-name", "other.asvr"})) {
      Cli.Result s = Cli.run(Map.of(Main.PASSPHRASE_ENV, rightHex), concat(new String[] {"info",
          fixture("small.asvr")}, salt));
      s.assertsOneErrorLine(ExitCode.BAD_KEY);
      assertThat(s.err() + s.out()).doesNotContain(rightHex);
    }
  }

  @Test
  void thePassphraseCanComeFromANamedVariable() {
    String hex = new String(Fixtures.bytes("test-passphrase.hex")).trim();
    Cli.Result named = Cli.run(Map.of("CLIP_KEY", hex), "info", fixture("small.asvr"), "--scene-id", "4242",
        "--passphrase-env", "CLIP_KEY");
    assertThat(named.exit()).as(named.err()).isZero();
    assertThat(named.out()).contains("240").doesNotContain(hex);
    Cli.Result unset = Cli.run(Map.of(Main.PASSPHRASE_ENV, hex), "info", fixture("small.asvr"), "--scene-id",
        "4242", "--passphrase-env", "CLIP_KEY");
    unset.assertsOneErrorLine(ExitCode.BAD_KEY);
    assertThat(unset.errorLine()).contains("no passphrase given").contains("CLIP_KEY");
  }

  @Test
  void missingKeyMaterialIsExit4WithAHint() {
    Cli.Result noPassphrase = Cli.run("info", fixture("small.asvr"), "--scene-id", "4242");
    noPassphrase.assertsOneErrorLine(ExitCode.BAD_KEY);
    assertThat(noPassphrase.errorLine()).contains("no passphrase given").contains(Main.PASSPHRASE_ENV);

    Cli.Result noScene = Cli.run("info", fixture("small.asvr"), "--passphrase-file",
        fixture("test-passphrase.hex"));
    noScene.assertsOneErrorLine(ExitCode.BAD_KEY);
    assertThat(noScene.errorLine()).contains("no scene id given");
  }

  @Test
  void ioProblemsAreExit5() {
    Cli.run("info", tmp.resolve("missing.asvp").toString()).assertsOneErrorLine(ExitCode.IO);
    Cli.run("info", tmp.toString()).assertsOneErrorLine(ExitCode.IO); // a directory
    Cli.Result noKeyFile = Cli.run("info", fixture("small.asvr"), "--scene-id", "4242", "--passphrase-file",
        tmp.resolve("missing.hex").toString());
    noKeyFile.assertsOneErrorLine(ExitCode.IO);
    assertThat(noKeyFile.errorLine()).contains("passphrase file").contains("not found");
    Cli.Result dirKey = Cli.run("info", fixture("small.asvr"), "--scene-id", "4242", "--passphrase-file",
        tmp.toString());
    dirKey.assertsOneErrorLine(ExitCode.IO);
    assertThat(dirKey.errorLine()).contains("is a directory").doesNotContain("not found");
    if (java.nio.file.Files.exists(java.nio.file.Paths.get("/dev/zero"))) {
      Cli.Result device = Cli.run("info", fixture("small.asvr"), "--scene-id", "4242", "--passphrase-file",
          "/dev/zero");
      device.assertsOneErrorLine(ExitCode.IO);
      assertThat(device.errorLine()).contains("not a regular file").doesNotContain("not found");
    }
    Cli.run("render", fixture("small.asvp"), "--frame", "0", "--out",
        tmp.resolve("no/such/dir/x.png").toString()).assertsOneErrorLine(ExitCode.IO);
    Cli.Result missing = Cli.run("info", tmp.resolve("missing.asvp").toString());
    assertThat(missing.errorLine()).isEqualTo("error: " + tmp.resolve("missing.asvp") + ": open: no such file");
  }

  @Test
  void usageErrorsAreExit2WithAHint() {
    Cli.Result bad = Cli.run("info", fixture("small.asvp"), "--bogus");
    bad.assertsOneErrorLine(ExitCode.USAGE);
    assertThat(bad.errorLine()).contains("--bogus");
    assertThat(bad.err()).contains("alphastream info --help");

    Cli.run().assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("frobnicate").assertsOneErrorLine(ExitCode.USAGE);
    Cli.run("info").assertsOneErrorLine(ExitCode.USAGE); // SOURCE missing
    Cli.run("info", fixture("small.asvr"), "--scene-id", "4294967296").assertsOneErrorLine(ExitCode.USAGE);
    Cli.Result ftp = Cli.run("info", "ftp://example.invalid/small.asvp");
    ftp.assertsOneErrorLine(ExitCode.USAGE);
    assertThat(ftp.errorLine()).contains("unsupported scheme 'ftp:'").contains("https://").contains("sample:NAME")
        .doesNotContain("no such file");
    Cli.run("info", "sample:nope").assertsOneErrorLine(ExitCode.USAGE);
    Cli.run(Map.of(Main.PASSPHRASE_ENV, "not hex"), "info", fixture("small.asvr"), "--scene-id", "4242")
        .assertsOneErrorLine(ExitCode.USAGE);
  }

  @Test
  void debugAddsTheStackTrace() {
    Cli.Result r = Cli.run("--debug", "info", fixture("malformed/bad-magic.asvp"));
    assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
    assertThat(r.errLines().get(0)).startsWith("error: ").contains("V02");
    assertThat(r.err()).contains("(CORRUPT_INPUT)").contains("\tat io.alphastream.format.");

    Cli.Result after = Cli.run("info", fixture("malformed/bad-magic.asvp"), "--debug");
    assertThat(after.err()).contains("\tat ");
  }

  @Test
  void helpAndVersionSucceed() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("info", "render", "convert", "generate", "bench");
    Cli.Result renderHelp = Cli.run("render", "--help");
    assertThat(renderHelp.exit()).isZero();
    assertThat(renderHelp.out()).contains("--passphrase-file").doesNotContain("--passphrase ");
    assertThat(Cli.run("--version").exit()).isZero();
  }
}
