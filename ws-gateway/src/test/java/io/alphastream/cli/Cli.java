package io.alphastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Runs the real CLI ({@link Main#run}) in-process with captured stdout/stderr and a chosen environment. */
final class Cli {
  /** The fixture small.asvr's key options (FORMAT.md appendix A), passphrase from the fixture file. */
  static final String[] SMALL_ASVR_KEY = {
    "--scene-id", "4242", "--passphrase-file", Fixtures.path("test-passphrase.hex").toString()
  };

  private Cli() {}

  /** Outcome of one command line. */
  record Result(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }

    /** The one-line error report: exactly one {@code error:} line and no stack trace. */
    Result assertsOneErrorLine(int expectedExit) {
      assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(expectedExit);
      List<String> errorLines = errLines().stream().filter(l -> l.startsWith("error: ")).toList();
      assertThat(errorLines).as("stderr: %s", err).hasSize(1);
      assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
      return this;
    }

    String errorLine() {
      return errLines().stream().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
    }

    JsonObject json() {
      return new JsonObject(out);
    }
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(args, o, e, env);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  static String fixture(String name) {
    return Fixtures.path(name).toString();
  }

  static JsonObject manifest() {
    return new JsonObject(Fixtures.manifestJson());
  }

  /** The manifest's golden entry for {@code file} (e.g. {@code golden/small_f119_640x320.png}). */
  static JsonObject golden(String file) {
    JsonArray all = manifest().getJsonArray("golden");
    for (int i = 0; i < all.size(); i++) {
      if (all.getJsonObject(i).getString("file").equals(file)) {
        return all.getJsonObject(i);
      }
    }
    throw new AssertionError("no golden entry " + file);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
