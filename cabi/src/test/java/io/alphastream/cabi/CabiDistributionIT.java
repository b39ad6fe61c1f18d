package io.alphastream.cabi;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution archive the way a user meets it: unpacked into an empty directory, a C program
 * built with gcc against its {@code include/} and {@code lib/} only, and run with an environment
 * that has no Java at all ({@code env -i}: PATH only an empty directory, since this machine's
 * /usr/bin has a java; an empty HOME, no JAVA_HOME, no Maven repository, no ALPHASTREAM_* but the
 * passphrase). The program checks the golden masks over
 * loopback HTTP and reports which libjvm.so and class-data archives it mapped: the bundled runtime
 * must be the one, and a stale class-data archive must be ignored without a word on the host's output.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CabiDistributionIT {
  private static final Path MODULE = Paths.get("").toAbsolutePath().resolve(
      Files.isRegularFile(Paths.get("Makefile")) ? "" : "cabi");
  private static Vertx vertx;
  private static String url;

  @BeforeAll
  static void serve() throws Exception {
    vertx = Vertx.vertx();
    RangeFileServer server = new RangeFileServer(Fixtures.path(""));
    int port = server.start(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + port + "/small.asvr";
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unpackedArchiveRunsAHostWithoutAJdk(@TempDir Path tmp) throws Exception {
    Path archive = Paths.get(System.getProperty("alphastream.dist"));
    assertThat(archive).isRegularFile();
    Path install = Files.createDirectory(tmp.resolve("install"));
    Result untar = run(List.of("tar", "-xzf", archive.toString(), "-C", install.toString()), null, 60);
    assertThat(untar.exit).as(untar.output).isZero();
    Path dist = install.resolve(archive.getFileName().toString().replace(".tar.gz", ""));
    Path lib = dist.resolve("lib");
    assertThat(lib.resolve("libalphastream.so")).isRegularFile();
    assertThat(lib.resolve("runtime/lib/server/libjvm.so")).isRegularFile();
    assertThat(lib.resolve("runtime/bin/javac")).doesNotExist();

    // the user's programs: ours (golden checks) and the README's example, built against the archive only
    Path src = MODULE.resolve("src/test/c");
    Path host = tmp.resolve("host_dist");
    Result cc = run(List.of("gcc", "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror",
        "-I" + dist.resolve("include"), "-I" + src, "-o", host.toString(), src.resolve("host_dist.c").toString(),
        src.resolve("sha256.c").toString(), "-L" + lib, "-lalphastream", "-Wl,-rpath," + lib), null, 60);
    assertThat(cc.exit).as(cc.output).isZero();
    Path example = tmp.resolve("example");
    cc = run(List.of("gcc", "-o", example.toString(), dist.resolve("example/example.c").toString(),
        "-I" + dist.resolve("include"), "-L" + lib, "-lalphastream", "-Wl,-rpath," + lib), null, 60);
    assertThat(cc.exit).as(cc.output).isZero();

    List<String> args = new ArrayList<>(List.of(host.toString(), url));
    args.addAll(goldens640());
    Map<String, String> env = userEnvironment(tmp);

    // 1. as unpacked: no class-data archive of ours
    Result first = run(args, env, 120);
    assertGoldenRun(first, lib);
    assertThat(first.output).doesNotContain("alphastream-cabi.jsa");

    // 2. a stale archive (made for this install, then the jar changed: another mtime) is ignored, silently
    // (the script needs a shell's tools; it runs the bundled runtime by path, never a java from PATH)
    Map<String, String> shell = new java.util.HashMap<>(env);
    shell.put("PATH", "/usr/bin:/bin");
    Result cds = run(List.of(dist.resolve("bin/alphastream-cds").toString()), shell, 180);
    assertThat(cds.exit).as(cds.output).isZero();
    Path jsa = lib.resolve("alphastream-cabi.jsa");
    assertThat(jsa).isRegularFile();
    Path jar = lib.resolve("alphastream-cabi.jar");
    java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(built.toMillis() + 60_000));
    Result stale = run(args, env, 120);
    assertGoldenRun(stale, lib);
    assertThat(stale.output).doesNotContain("alphastream-cabi.jsa");
    Files.setLastModifiedTime(jar, built);

    // 3. a truncated archive (an interrupted copy) is not handed to the JVM, which would crash on it
    byte[] whole = Files.readAllBytes(jsa);
    Files.write(jsa, java.util.Arrays.copyOf(whole, whole.length / 2));
    Result truncated = run(args, env, 120);
    assertGoldenRun(truncated, lib);
    assertThat(truncated.output).doesNotContain("alphastream-cabi.jsa");

    // 4. the archive as bin/alphastream-cds makes it: used
    Files.write(jsa, whole);
    Result used = run(args, env, 120);
    assertGoldenRun(used, lib);
    assertThat(used.output).contains("archive=" + jsa.toRealPath());

    // 5. the guest defaults apply and ALPHASTREAM_JVM_OPTIONS comes after them: the default
    // -XX:-UsePerfData leaves no /tmp/hsperfdata_USER/PID behind (a JVM in a host is never destroyed,
    // so that file would outlive every host run); a host that asks for it gets it
    assertThat(perfDataFile(used.pid())).doesNotExist();
    Map<String, String> perf = new java.util.HashMap<>(env);
    perf.put("ALPHASTREAM_JVM_OPTIONS", "-XX:+UsePerfData");
    Result withPerf = run(args, perf, 120);
    assertGoldenRun(withPerf, lib);
    try {
      assertThat(perfDataFile(withPerf.pid())).exists();
    } finally {
      Files.deleteIfExists(perfDataFile(withPerf.pid()));
    }

    // 6. the README's example, from a file path
    Result ex = run(List.of(example.toString(), Fixtures.path("small.asvr").toString()), env, 120);
    assertThat(ex.exit).as(ex.output).isZero();
    assertThat(ex.output).contains("240 frames; frame 0: ").contains("frame 1: 640x320, stride 640");
  }

  private static Path perfDataFile(long pid) {
    return Paths.get(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
        Long.toString(pid));
  }

  private static void assertGoldenRun(Result r, Path lib) throws IOException {
    assertThat(r.exit).as(r.output).isZero();
    assertThat(r.output).contains("host_dist: 18 checks, 0 failed");
    assertThat(r.output).contains("libjvm=" + lib.toRealPath().resolve("runtime/lib/server/libjvm.so"));
    // nothing from the JVM on the host's stdout/stderr: only the program's own lines
    assertThat(r.output.lines()).allMatch(l -> l.startsWith("libjvm=") || l.startsWith("archive=")
        || l.startsWith("host_dist: "), "only the host's own lines");
  }

  /** What a user's shell would have without any Java: env -i with an empty PATH directory and HOME. */
  private static Map<String, String> userEnvironment(Path tmp) throws IOException {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path bin = Files.createDirectories(tmp.resolve("bin")); // empty: no java, no mvn
    return Map.of("PATH", bin.toString(), "HOME", home.toString(),
        "ALPHASTREAM_PASSPHRASE", java.util.HexFormat.of().formatHex(Fixtures.testPassphrase()));
  }

  private static List<String> goldens640() {
    List<String> out = new ArrayList<>();
    io.vertx.core.json.JsonArray goldens = new io.vertx.core.json.JsonObject(Fixtures.manifestJson()).getJsonArray("golden");
    for (int i = 0; i < goldens.size(); i++) {
      io.vertx.core.json.JsonObject g = goldens.getJsonObject(i);
      if (g.getString("source").equals("small.asvp") && g.getInteger("width") == 640) {
        out.add(g.getInteger("frame") + ":" + g.getString("r8_sha256"));
      }
    }
    assertThat(out).hasSize(4);
    return out;
  }

  record Result(int exit, String output, long pid) {}

  /** Runs cmd; with env non-null, in exactly that environment (env -i), else in the test's. */
  private static Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    File log = Files.createTempFile("cabi-dist", ".log").toFile();
    pb.redirectOutput(log);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Result(-1, "timed out: " + String.join(" ", cmd) + "\n" + Files.readString(log.toPath()), p.pid());
    }
    String out = Files.readString(log.toPath());
    log.delete();
    System.out.println("[" + Paths.get(cmd.get(0)).getFileName() + "] " + out.strip());
    return new Result(p.exitValue(), out, p.pid());
  }
}
