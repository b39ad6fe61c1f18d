package io.alphastream.cli;

import static io.alphastream.cli.Cli.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./alphastream} launcher running the shaded jar in a separate JVM (failsafe runs this
 * after {@code package}): stdout carries only the command's output, exit codes arrive through
 * {@code System.exit}, and the jar-freshness check decides when to build. ALPHASTREAM_NO_BUILD=1 turns
 * "would build" into exit 5, so this test never starts a nested Maven build.
 */
class LauncherIT {
  private static Path root;
  private static Path jar;
  @TempDir Path tmp;

  @BeforeAll
  static void locate() throws IOException {
    root = Paths.get(System.getProperty("alphastream.root", "..")).toAbsolutePath().normalize();
    assertThat(root.resolve("alphastream")).isExecutable();
    try (Stream<Path> s = Files.list(root.resolve("ws-gateway/target"))) {
      jar = s.filter(p -> p.getFileName().toString().matches("ws-gateway-.*-all\\.jar"))
          .findFirst().orElseThrow(() -> new AssertionError("no shaded jar: run mvn package first"));
    }
  }

  private record Run(int exit, String out, String err) {}

  private Run launch(Path launcher, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("ALPHASTREAM_NO_BUILD", "1");
    pb.environment().remove(Main.PASSPHRASE_ENV);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) { // safety net against a hang, not a speed check
      p.destroyForcibly();
      throw new AssertionError("launcher did not finish: " + cmd);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void infoJsonOnStdoutOnly() throws Exception {
    Run r = launch(root.resolve("alphastream"), "info", fixture("small.asvp"), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty(); // the jar is fresh: no build, nothing on stderr
    JsonObject m = Cli.manifest().getJsonObject("files").getJsonObject("small.asvp");
    JsonObject info = new JsonObject(r.out());
    assertThat(info.getInteger("frames")).isEqualTo(m.getInteger("frames"));
    assertThat(info.getLong("fileBytes")).isEqualTo(m.getLong("bytes"));
  }

  @Test
  void readmeMainCommandRendersTheBundledSample() throws Exception {
    Run r = launch(root.resolve("alphastream"), "render", "sample:demo", "--frame", "120", "--size",
        "1280x640", "--out", "demo.png");
    assertThat(r.exit()).as(r.err()).isZero();
    BufferedImage img = ImageIO.read(tmp.resolve("demo.png").toFile());
    assertThat(img.getWidth()).isEqualTo(1280);
    assertThat(img.getHeight()).isEqualTo(640);
  }

  @Test
  void exitCodesReachTheShell() throws Exception {
    Path launcher = root.resolve("alphastream");
    Path wrong = tmp.resolve("wrong.hex");
    Files.writeString(wrong, "11".repeat(32));
    Run usage = launch(launcher, "info", fixture("small.asvp"), "--bogus");
    Run invalid = launch(launcher, "info", fixture("malformed/bad-magic.asvp"));
    Run key = launch(launcher, "info", fixture("small.asvr"), "--scene-id", "4242", "--passphrase-file",
        wrong.toString());
    Run io = launch(launcher, "info", tmp.resolve("missing.asvp").toString());
    assertThat(List.of(usage.exit(), invalid.exit(), key.exit(), io.exit())).containsExactly(2, 3, 4, 5);
    for (Run r : List.of(usage, invalid, key, io)) {
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
      assertThat(r.err()).doesNotContain("\tat ");
    }
  }

  /** A copy of the launcher in a fake checkout: staleness is judged from modification times. */
  @Test
  void launcherRebuildsOnlyWhenSourcesAreNewerThanTheJar() throws Exception {
    Path fake = tmp.resolve("checkout");
    Path module = fake.resolve("ws-gateway");
    Files.createDirectories(module.resolve("target"));
    Files.createDirectories(module.resolve("src/main/java"));
    Path launcher = Files.copy(root.resolve("alphastream"), fake.resolve("alphastream"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Path source = Files.writeString(module.resolve("src/main/java/A.java"), "class A {}");
    Files.writeString(fake.resolve("pom.xml"), "<project/>");
    Files.writeString(module.resolve("pom.xml"), "<project/>");

    Run missing = launch(launcher, "--version");
    assertThat(missing.exit()).isEqualTo(5);
    assertThat(missing.err()).startsWith("error: ").contains("ALPHASTREAM_NO_BUILD");

    Path fakeJar = Files.copy(jar, module.resolve("target/ws-gateway-9.9-all.jar"));
    Instant now = Instant.now();
    for (Path p : List.of(source, fake.resolve("pom.xml"), module.resolve("pom.xml"))) {
      Files.setLastModifiedTime(p, FileTime.from(now.minusSeconds(60)));
    }
    Files.setLastModifiedTime(fakeJar, FileTime.from(now));
    Run fresh = launch(launcher, "--version");
    assertThat(fresh.exit()).as(fresh.err()).isZero();
    assertThat(fresh.out()).startsWith("alphastream ");

    Files.setLastModifiedTime(source, FileTime.from(now.plusSeconds(5)));
    Run stale = launch(launcher, "--version");
    assertThat(stale.exit()).isEqualTo(5);
    assertThat(stale.err()).contains("older than the sources");

    Files.setLastModifiedTime(source, FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(module.resolve("pom.xml"), FileTime.from(now.plusSeconds(5)));
    assertThat(launch(launcher, "--version").exit()).isEqualTo(5);
  }
}
