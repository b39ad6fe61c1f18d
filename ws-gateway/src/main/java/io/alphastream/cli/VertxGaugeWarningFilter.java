package io.alphastream.cli;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own meters, and only
 * those.
 *
 * <p>Why: vertx-micrometer-metrics 5.0.x keeps its up/down gauges (event-bus handlers, active
 * connections, active requests, pool queues...) in a map of {@code LongAdder}s and, by design,
 * registers the same gauge again every time a second handler, connection or request with the same tags
 * appears ({@code LongGaugeBuilder.register}). Since Micrometer 1.13.9 the registry logs one WARNING for
 * the first such re-registration in the JVM (later ones at debug). In the gateway the first one is the
 * engine's second event-bus consumer, {@code vertx.eventbus.handlers} with no tags, at start-up; without
 * the engine's consumers the next one would come with the second connection or request with the same
 * tags ({@code vertx.net.server.active.connections}, {@code vertx.http.server.active.requests}).
 * The re-registration is harmless (the meter and its value are shared), it cannot be avoided from
 * outside Vert.x, and both projects track it upstream: vert-x3/vertx-micrometer-metrics#259 and
 * micrometer-metrics/micrometer#6931. Remove this filter once a Vert.x release stops re-registering.
 *
 * <p>Every other record of that logger, including the same warning for a non-Vert.x meter, passes.
 * Micrometer warns once per JVM, so a later double registration of another meter is then logged at
 * debug level only: that is Micrometer's behaviour, not this filter's.
 */
final class VertxGaugeWarningFilter implements Filter {
  /** The logger Micrometer's {@code MeterRegistry} reports double registrations on. */
  static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  /**
   * The start of Micrometer's message for a Vert.x gauge registered again ({@code MeterRegistry}: "This
   * %s has been already registered (%s), the registration will be ignored."). A test fails when
   * Micrometer's text no longer starts this way, or when Vert.x no longer registers a gauge twice.
   */
  static final String PREFIX = "This Gauge has been already registered (MeterId{name='vertx.";

  // java.util.logging holds loggers weakly: keep the configured one alive or the filter could vanish
  private static final Logger METER_REGISTRY_LOGGER = Logger.getLogger(LOGGER);

  private final Filter next;

  private VertxGaugeWarningFilter(Filter next) {
    this.next = next;
  }

  /** Installs the filter on Micrometer's registry logger once per JVM, keeping any filter already there. */
  static synchronized void install() {
    Filter current = METER_REGISTRY_LOGGER.getFilter();
    if (!(current instanceof VertxGaugeWarningFilter)) {
      METER_REGISTRY_LOGGER.setFilter(new VertxGaugeWarningFilter(current));
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.startsWith(PREFIX)) {
      return false;
    }
    return next == null || next.isLoggable(record);
  }
}
