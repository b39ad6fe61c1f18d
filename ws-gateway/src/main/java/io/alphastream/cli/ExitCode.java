package io.alphastream.cli;

import io.alphastream.AlphaStreamException;
import io.alphastream.gateway.cluster.ClusterJoinException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The CLI's exit codes, and the one place where an error becomes one (STYLE.md section 8: codes are
 * translated at the edge, in one method per edge).
 */
public final class ExitCode {
  /** Success. */
  public static final int OK = 0;
  /** An unexpected failure: a bug in this tool. */
  public static final int INTERNAL = 1;
  /** Usage error: unknown option, bad option value, frame out of range, missing required option. */
  public static final int USAGE = 2;
  /** The input breaks a rule of the format (FormatException, CORRUPT_INPUT). */
  public static final int INVALID_INPUT = 3;
  /** ASVR: missing or wrong passphrase / scene id / version / name (KeyException, BAD_KEY). */
  public static final int BAD_KEY = 4;
  /** Reading or writing a file failed (missing file, permission, disk full, transport errors). */
  public static final int IO = 5;
  /** {@code serve --cluster}: bad cluster settings or a failed join (ClusterJoinException; docs/cluster.md). */
  public static final int CLUSTER = 6;

  private ExitCode() {}

  /** The exit code for an error raised while running a command. */
  public static int of(Throwable error) {
    if (error instanceof ClusterJoinException) {
      return CLUSTER;
    }
    if (error instanceof CommandLine.ParameterException || error instanceof IllegalArgumentException) {
      return USAGE; // picocli parse errors; option setters that reject a value
    }
    if (error instanceof AlphaStreamException e) {
      switch (e.code()) {
        case INVALID_ARGUMENT:
          return USAGE;
        case CORRUPT_INPUT:
          return INVALID_INPUT;
        case BAD_KEY:
          return BAD_KEY;
        default:
          return IO; // IO, NOT_READY, CLOSED: the bytes could not be had
      }
    }
    if (error instanceof IOException || error instanceof UncheckedIOException) {
      return IO;
    }
    return INTERNAL;
  }
}
