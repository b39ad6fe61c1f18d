package io.alphastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
