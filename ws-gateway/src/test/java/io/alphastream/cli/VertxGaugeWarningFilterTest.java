package io.alphastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alphastream serve} keeps Micrometer's warning about Vert.x re-registering its gauges off stderr,
 * and only that warning.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class VertxGaugeWarningFilterTest {
  private static final String MICROMETER_CHANGED = "Micrometer no longer logs a gauge registered twice as"
      + " \"" + VertxGaugeWarningFilter.PREFIX + "...\": the filter would let the new text through, or has"
      + " nothing left to drop. Adjust VertxGaugeWarningFilter.PREFIX to the new text, or remove the filter"
      + " if Micrometer stopped warning (see its javadoc).";
  private static final String VERTX_CHANGED = "Vert.x no longer registers its vertx.eventbus.handlers gauge"
      + " again for a second handler (vert-x3/vertx-micrometer-metrics#259 fixed?): VertxGaugeWarningFilter"
      + " has nothing left to drop; remove it and its install() call in ServeCommand.";

  /**
   * Everything Micrometer's registry logger logs (every level) while {@code action} runs, with the filter
   * taken off for that time: what Micrometer itself says, before the filter.
   */
  private static List<LogRecord> unfiltered(ThrowingRunnable action) throws Exception {
    VertxGaugeWarningFilter.install();
    Logger logger = Logger.getLogger(VertxGaugeWarningFilter.LOGGER);
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    capture.setLevel(Level.ALL);
    Level level = logger.getLevel();
    boolean parents = logger.getUseParentHandlers();
    java.util.logging.Filter filter = logger.getFilter();
    logger.setFilter(null);
    logger.setLevel(Level.ALL); // Micrometer warns once per JVM, then logs at debug: capture both
    logger.setUseParentHandlers(false);
    logger.addHandler(capture);
    try {
      action.run();
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(parents);
      logger.setLevel(level);
      logger.setFilter(filter);
    }
    return logged;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void micrometerStillReportsAGaugeRegisteredTwiceWithTheTextTheFilterDrops() throws Exception {
    List<LogRecord> logged = unfiltered(() -> {
      MeterRegistry registry = new SimpleMeterRegistry();
      AtomicLong value = new AtomicLong();
      Gauge.builder("vertx.eventbus.handlers", value, AtomicLong::doubleValue).register(registry);
      Gauge.builder("vertx.eventbus.handlers", value, AtomicLong::doubleValue).register(registry);
    });
    java.util.logging.Filter filter = Logger.getLogger(VertxGaugeWarningFilter.LOGGER).getFilter();
    assertThat(logged).as(MICROMETER_CHANGED).filteredOn(r -> r.getMessage() != null
        && r.getMessage().contains("vertx.eventbus.handlers")).singleElement().satisfies(r -> {
          assertThat(r.getMessage()).as(MICROMETER_CHANGED).startsWith(VertxGaugeWarningFilter.PREFIX);
          assertThat(filter.isLoggable(r)).as("the installed filter drops it").isFalse();
        });
  }

  @Test
  void vertxStillRegistersItsHandlersGaugeAgainForASecondHandler() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    try {
      List<LogRecord> logged = unfiltered(() -> {
        for (String address : List.of("a", "b")) {
          vertx.eventBus().consumer(address, m -> {}).completion().await(30, TimeUnit.SECONDS);
        }
      });
      assertThat(logged).as(VERTX_CHANGED).anySatisfy(r ->
          assertThat(r.getMessage()).startsWith(VertxGaugeWarningFilter.PREFIX + "eventbus.handlers'"));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void micrometersOwnReRegistrationMessageIsDroppedForVertxMetersOnly() {
    Logger logger = Logger.getLogger(VertxGaugeWarningFilter.LOGGER);
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    capture.setLevel(Level.ALL);
    Level level = logger.getLevel();
    boolean parents = logger.getUseParentHandlers();
    // Micrometer warns once per JVM and logs later double registrations at debug: capture both levels
    logger.setLevel(Level.ALL);
    logger.setUseParentHandlers(false);
    logger.addHandler(capture);
    try {
      VertxGaugeWarningFilter.install();
      VertxGaugeWarningFilter.install(); // idempotent: one filter, not a chain of them
      MeterRegistry registry = new SimpleMeterRegistry();
      AtomicLong value = new AtomicLong();
      for (int i = 0; i < 2; i++) {
        Gauge.builder("vertx.eventbus.handlers", value, AtomicLong::doubleValue).register(registry);
        Gauge.builder("alphastream.test.gauge", value, AtomicLong::doubleValue).register(registry);
      }
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(parents);
      logger.setLevel(level);
    }
    assertThat(logged).noneMatch(m -> m.contains("vertx.eventbus.handlers"));
    // the same message for any other meter still gets through: the filter is not a log level
    assertThat(logged).filteredOn(m -> m.contains("alphastream.test.gauge"))
        .singleElement().asString().contains("already registered");
    assertThat(logger.getFilter()).isInstanceOf(VertxGaugeWarningFilter.class);
  }

  @Test
  void aFreshServeProcessPrintsNoMicrometerWarning(@TempDir Path dir) throws Exception {
    // a fresh JVM: Micrometer's warn-once state is per JVM, so an in-process run could pass by luck
    Path stderr = dir.resolve("stderr.txt");
    Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dio.netty.jfr.enabled=false",
        Main.class.getName(), "serve", "--port", "0")
        .redirectError(stderr.toFile()).start();
    try {
      String base = null;
      Pattern url = Pattern.compile("on (http://127\\.0\\.0\\.1:\\d+/)");
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      for (String line; base == null && (line = out.readLine()) != null; ) {
        Matcher m = url.matcher(line);
        if (m.find()) {
          base = m.group(1);
        }
      }
      assertThat(base).as("serve printed its URL; stderr: %s", Files.readString(stderr)).isNotNull();
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 2; i++) {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
      }
      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      // the situation that used to warn did happen: the handlers gauge was registered once per handler
      Matcher handlers = Pattern.compile("(?m)^vertx_eventbus_handlers (\\S+)$").matcher(metrics);
      assertThat(handlers.find()).as(metrics).isTrue();
      assertThat(Double.parseDouble(handlers.group(1))).isGreaterThanOrEqualTo(2);
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    assertThat(Files.readString(stderr)).doesNotContain("already registered").doesNotContain("io.micrometer");
  }
}
