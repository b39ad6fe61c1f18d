package io.alphastream.gateway.testing;

import io.alphastream.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code alphastream serve} in a JVM of its own, for the multi-JVM cluster tests: started from this
 * test run's classpath (or from a jar, e.g. the shaded {@code -all.jar}), HTTP on 127.0.0.1 with a free
 * port, stdout and stderr captured to files. {@link #kill()} is a real crash: SIGKILL
 * ({@link Process#destroyForcibly()} sends SIGKILL on Linux), no shutdown hook runs.
 *
 * <p>Typical use: {@code GatewayProcess.cluster(dir, "a", name, port, members).args(...).start().awaitServing(60_000)}.
 */
public final class GatewayProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving \\d+ stream\\(s\\) on http://127\\.0\\.0\\.1:(\\d+)/");

  private final String name;
  private final Path dir;
  private final List<String> args = new ArrayList<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private String jar;
  private Process process;
  private int httpPort = -1;

  private GatewayProcess(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    jvmArgs.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dio.netty.jfr.enabled=false"));
    String checker = System.getProperty("vertx.parameter.filename");
    if (checker != null) { // the same 500 ms blocked-thread threshold as the tests themselves
      jvmArgs.add("-Dvertx.parameter.filename=" + checker);
    }
  }

  /** A plain gateway named {@code name} (files {@code dir/name.out} and {@code .err}); add flags with {@link #args}. */
  public static GatewayProcess gateway(Path dir, String name) {
    GatewayProcess p = new GatewayProcess(dir, name);
    p.args.addAll(List.of("serve", "--host", "127.0.0.1", "--port", "0"));
    return p;
  }

  /**
   * A cluster node: {@code --cluster} on 127.0.0.1 with Hazelcast port {@code port}, joining {@code members}
   * of cluster {@code cluster}, Hazelcast's log in {@code dir/name.cluster.log}.
   */
  public static GatewayProcess cluster(Path dir, String name, String cluster, int port, List<Integer> members) {
    GatewayProcess p = gateway(dir, name);
    List<String> m = members.stream().map(x -> "127.0.0.1:" + x).toList();
    p.args.addAll(List.of("--cluster", "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(port),
        "--cluster-name", cluster, "--cluster-log", dir.resolve(name + ".cluster.log").toString()));
    if (!m.isEmpty()) {
      p.args.addAll(List.of("--cluster-members", String.join(",", m)));
    }
    return p;
  }

  /** More command-line arguments (after the ones given so far). */
  public GatewayProcess args(String... more) {
    args.addAll(List.of(more));
    return this;
  }

  /** More JVM options. */
  public GatewayProcess jvmArgs(String... more) {
    jvmArgs.addAll(List.of(more));
    return this;
  }

  /** An environment variable of the process (e.g. the tokens). */
  public GatewayProcess env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** Runs {@code java -jar jar} instead of this test run's classpath. */
  public GatewayProcess jar(String jarPath) {
    this.jar = jarPath;
    return this;
  }

  public String name() {
    return name;
  }

  /** Starts the JVM (does not wait for it to serve). */
  public GatewayProcess start() {
    try {
      Files.createDirectories(dir);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmArgs);
      if (jar != null) {
        cmd.addAll(List.of("-jar", jar));
      } else {
        // surefire runs tests from a manifest-only jar; its property holds the real classpath
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            "io.alphastream.cli.Main"));
      }
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out().toFile()).redirectError(err().toFile());
      pb.environment().putAll(env);
      process = pb.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the gateway prints the line it serves on; fails (with its output) if it exits or takes too long. */
  public GatewayProcess awaitServing(long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (true) {
      Matcher m = SERVING.matcher(stdout());
      if (m.find()) {
        httpPort = Integer.parseInt(m.group(1));
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before serving:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not serve within " + timeoutMs + " ms:\n" + output());
      }
      pause(50);
    }
  }

  /** Waits for the process to exit; its exit code. */
  public int awaitExit(long timeoutMs) {
    try {
      if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still runs after " + timeoutMs + " ms:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int httpPort() {
    if (httpPort < 0) {
      throw new IllegalStateException(name + " is not serving yet");
    }
    return httpPort;
  }

  /** {@code http://127.0.0.1:port}. */
  public String http() {
    return "http://127.0.0.1:" + httpPort();
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** A crash: SIGKILL, then waits until the process is gone. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      awaitExit(30_000);
    }
  }

  /** A clean stop (SIGTERM: the gateway closes its subscribers and leaves the cluster), SIGKILL after 20 s. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public Path out() {
    return dir.resolve(name + ".out");
  }

  public Path err() {
    return dir.resolve(name + ".err");
  }

  public String stdout() {
    return read(out());
  }

  public String stderr() {
    return read(err());
  }

  /** Both captured streams, labelled, for assertion messages. */
  public String output() {
    return "--- " + name + " stdout ---\n" + stdout() + "--- " + name + " stderr ---\n" + stderr();
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  /** A TCP port free on 127.0.0.1 now, outside the kernel's ephemeral range (see {@link Ports}). */
  public static int freePort() {
    return Ports.freePort();
  }

  /** {@code ws-gateway/target/<sub>}: where the processes' output goes. */
  public static Path targetDir(String sub) {
    return Path.of("target", sub).toAbsolutePath();
  }

  /** Polls {@code check} every {@code pollMs} on this (test) thread until true; false after {@code timeoutMs}. */
  public static boolean poll(long timeoutMs, long pollMs, java.util.function.BooleanSupplier check) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(pollMs);
    }
    return true;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
