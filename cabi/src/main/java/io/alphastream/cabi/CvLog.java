package io.alphastream.cabi;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Where the embedded JVM's output goes: a native library prints nothing on the host's stdout/stderr. By
 * default java.util.logging (which also carries Vert.x and Netty: no other logging backend is in the jar)
 * is switched off and {@code System.out} / {@code System.err} are discarded. {@value #VARIABLE} changes
 * that: a file path appends all of it to that file; {@code stderr} keeps the JVM's defaults (for
 * development). Applied once, when the library starts its own JVM; in a JVM the host started itself
 * (the library then runs in its own class loader) logging stays the host's.
 */
final class CvLog {
  /** Environment variable: unset or empty = silent; {@code stderr}; or a file to append to. */
  static final String VARIABLE = "ALPHASTREAM_LOG";

  private CvLog() {}

  static void configure() {
    if (CvLog.class.getClassLoader() != ClassLoader.getSystemClassLoader()) {
      return; // a JVM the host started: its logging and its streams are the host's
    }
    String target = System.getenv(VARIABLE);
    if (target != null && target.strip().equals("stderr")) {
      return;
    }
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    OutputStream out = OutputStream.nullOutputStream();
    if (target != null && !target.isBlank()) {
      try {
        out = new FileOutputStream(target.strip(), true);
      } catch (IOException | SecurityException e) {
        out = OutputStream.nullOutputStream(); // nowhere to write: stay silent rather than print
      }
    }
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(stream);
    System.setErr(stream); // uncaught exceptions of JVM threads end up here too
    if (out instanceof FileOutputStream) {
      root.setLevel(Level.INFO);
      root.addHandler(new FlushingHandler(stream));
      Logger.getLogger(CvLog.class.getName()).info("libalphastream: JVM started; its log and output go to this file ("
          + VARIABLE + ")");
    } else {
      root.setLevel(Level.OFF);
    }
  }

  /** A handler that writes each record at once: the host may end the process at any time. */
  private static final class FlushingHandler extends StreamHandler {
    FlushingHandler(PrintStream out) {
      super(out, new SimpleFormatter());
      setLevel(Level.ALL);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }
  }
}
