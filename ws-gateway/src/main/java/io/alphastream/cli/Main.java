package io.alphastream.cli;

import io.alphastream.format.crypto.Passphrases;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the {@code alphastream} command-line tool (the shaded jar's main class). Commands:
 * {@code info}, {@code render}, {@code convert}, {@code generate}, {@code bench} (docs/cli.md) and
 * {@code serve} (docs/protocol.md).
 *
 * <p>{@link #run(String[], PrintStream, PrintStream, Map)} runs one command line without calling
 * {@link System#exit}, so tests drive the real tool with captured output and a chosen environment.
 * Errors are reported as one line on stderr starting with {@code error:} and mapped to an exit code by
 * {@link ExitCode#of(Throwable)}; {@code --debug} adds the stack trace.
 */
@Command(
    name = "alphastream",
    versionProvider = Main.Version.class,
    description = "Inspect, render, convert, generate, benchmark and serve AlphaStream mask files (ASVP, ASVR).",
    subcommands = {
      InfoCommand.class, RenderCommand.class, ConvertCommand.class, GenerateCommand.class,
      BenchCommand.class
    })
public final class Main implements Callable<Integer> {

  /** Environment variable holding an ASVR passphrase as hex. */
  public static final String PASSPHRASE_ENV = Passphrases.ENVIRONMENT_VARIABLE;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  // Not inherited: the tool version is a top-level question (the ASVR salt version is --salt-version).
  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the tool version and exit.")
  boolean versionHelp;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "On error, print the stack trace after the error line.")
  boolean debug;

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;

  private Main(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    CountDownLatch stop = new CountDownLatch(1); // released by Ctrl-C / SIGTERM: `serve` then shuts down
    CountDownLatch done = new CountDownLatch(1);
    // The JVM halts once its shutdown hooks return: the hook waits (bounded) for `serve` to close its
    // subscribers and, in a cluster, to leave it (hand its data and streams over) before it returns.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        done.await(SHUTDOWN_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "alphastream-stop"));
    int code = ExitCode.INTERNAL;
    try {
      code = run(args, System.out, System.err, System.getenv(), stop);
    } finally {
      System.out.flush();
      System.err.flush();
      done.countDown();
    }
    System.exit(code);
  }

  /** How long Ctrl-C / SIGTERM waits for {@code serve} to close before the JVM halts. */
  static final long SHUTDOWN_WAIT_SECONDS = 30;

  /**
   * Runs one command line and returns its exit code (see {@link ExitCode}); never exits the JVM.
   *
   * @param env the environment to read {@value #PASSPHRASE_ENV} from
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, new CountDownLatch(0));
  }

  /**
   * Runs one command line; {@code serve} runs until {@code stop} is released, every other command
   * ignores it.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env,
      CountDownLatch stop) {
    Main main = new Main(out, err, Map.copyOf(env));
    CommandLine cmd = new CommandLine(main);
    cmd.addSubcommand("serve", new ServeCommand(out, err, Map.copyOf(env), stop));
    cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    boolean debug = Arrays.asList(args).contains("--debug"); // also known when parsing fails
    cmd.setParameterExceptionHandler((ex, a) -> main.usageError(ex, debug));
    cmd.setExecutionExceptionHandler((ex, c, parsed) -> main.fail(ex, debug));
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Without a command: print the usage on stderr; that is a usage error. */
  @Override
  public Integer call() {
    err.println("error: no command given");
    err.println("Usage: alphastream [--debug] COMMAND ...   (commands: info, render, convert, generate,"
        + " bench, serve; try 'alphastream --help')");
    return ExitCode.USAGE;
  }

  private int usageError(CommandLine.ParameterException ex, boolean debug) {
    err.println("error: " + oneLine(ex.getMessage()));
    err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
    if (debug) {
      ex.printStackTrace(err);
    }
    return ExitCode.USAGE;
  }

  /** Reports an error raised by a command: one {@code error:} line, the stack trace with --debug. */
  int fail(Throwable ex, boolean debug) {
    if (ex instanceof CommandLine.ParameterException pe) {
      return usageError(pe, debug);
    }
    ex = unwrap(ex);
    int code = ExitCode.of(decidingCause(ex));
    err.println("error: " + describe(ex, code));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The error inside a wrapper that only says "it failed asynchronously". */
  private static Throwable unwrap(Throwable ex) {
    while ((ex instanceof CompletionException || ex instanceof ExecutionException) && ex.getCause() != null) {
      ex = ex.getCause();
    }
    return ex;
  }

  /** The error that decides the exit code: the first of our typed or I/O errors in the cause chain. */
  private static Throwable decidingCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (ExitCode.of(t) != ExitCode.INTERNAL) {
        return t;
      }
    }
    return ex;
  }

  /** The text of the error line: the message of our typed errors, a readable form of I/O errors. */
  static String describe(Throwable ex, int code) {
    Throwable e = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
    String text;
    if (e instanceof NoSuchFileException f) {
      text = (f.getReason() != null ? f.getReason() : "no such file") + ": " + f.getFile();
    } else if (e instanceof AccessDeniedException f) {
      text = "permission denied: " + f.getFile();
    } else if (e instanceof FileAlreadyExistsException f) {
      text = "file already exists: " + f.getFile();
    } else if (e instanceof FileSystemException f) {
      text = f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
    } else if (e instanceof IOException) {
      text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    } else if (code == ExitCode.INTERNAL) {
      text = "internal error: " + e + " (run with --debug for the stack trace)";
    } else {
      text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return oneLine(text);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
  }

  /** {@code alphastream --version}: the project version from the jar manifest, if any. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"alphastream " + (v != null ? v : "(development build)")};
    }
  }
}
