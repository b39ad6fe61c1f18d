package io.alphastream.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records every java.util.logging record (where Vert.x and Netty log when no other backend is present) at
 * WARNING or above, or carrying a throwable, while installed on the root logger. Thread-safe.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final List<LogRecord> records = new ArrayList<>();
  private final Logger root = Logger.getLogger("");

  private LogCapture() {
    setLevel(Level.ALL);
  }

  public static LogCapture install() {
    LogCapture c = new LogCapture();
    c.root.addHandler(c);
    return c;
  }

  @Override
  public synchronized void publish(LogRecord r) {
    if (r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null) {
      records.add(r);
    }
  }

  /** The records so far, each as "LEVEL logger: message [throwable]". */
  public synchronized List<String> lines() {
    List<String> out = new ArrayList<>();
    for (LogRecord r : records) {
      out.add(r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
          + (r.getThrown() != null ? " [" + r.getThrown() + "]" : ""));
    }
    return out;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
