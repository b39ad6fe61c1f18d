package io.alphastream.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The gateway's meters in a Micrometer registry, scraped as Prometheus text at {@code /metrics}. When the
 * gateway runs in a Vert.x instance built with {@code MicrometerMetricsFactory} over the same registry,
 * the Vert.x meters (HTTP server, event bus, pools) appear there too. Thread-safe.
 */
public final class GatewayMetrics {
  private final PrometheusMeterRegistry registry;
  private final Timer eventLoopLag;

  /** Meters over a new Prometheus registry. */
  public GatewayMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public GatewayMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.eventLoopLag = Timer.builder("alphastream.gateway.event.loop.lag")
        .description("How late a periodic timer on each gateway event loop fires")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  void recordEventLoopLag(long nanos) {
    eventLoopLag.record(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Gauges of the gateway's memory budget and counters of the subscribers it refused or dropped. */
  BudgetMeters budget(MemoryBudget budget) {
    return new BudgetMeters(budget);
  }

  /** Meters of the memory budget (no stream tag: the budget is gateway-wide). */
  final class BudgetMeters {
    final Counter refused;
    final Counter dropped;

    BudgetMeters(MemoryBudget budget) {
      Gauge.builder("alphastream.gateway.memory.budget", budget, MemoryBudget::limit).baseUnit("bytes")
          .description("The gateway's memory budget").register(registry);
      Gauge.builder("alphastream.gateway.memory.used", budget, MemoryBudget::used).baseUnit("bytes")
          .description("Bytes counted against the memory budget: socket queues, kept and in-flight messages, mask caches")
          .register(registry);
      refused = Counter.builder("alphastream.gateway.overloaded").tag("action", "refused")
          .description("Subscribers refused or dropped with the overloaded error").register(registry);
      dropped = Counter.builder("alphastream.gateway.overloaded").tag("action", "dropped")
          .description("Subscribers refused or dropped with the overloaded error").register(registry);
    }
  }

  /** The meters of one stream. */
  StreamMeters stream(String id, Supplier<MaskSource.CacheCounters> cacheCounters) {
    return new StreamMeters(id, cacheCounters);
  }

  /**
   * Counters and timers tagged with one stream id. A stream removed from the catalog (or replaced) takes
   * its meters out of the registry ({@link #remove()}), so meters never pile up for streams that are gone.
   */
  final class StreamMeters {
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    final AtomicInteger subscribers = new AtomicInteger();
    final Counter pushed;
    final Counter pushedBytes;
    final Counter droppedQueueFull;
    final Counter droppedLate;
    final Counter droppedOverBudget;
    final Counter encodes;
    final Counter stalledCloses;
    final Timer maskLatency;
    final Timer encodeLatency;
    final DistributionSummary writeQueuePeak;

    StreamMeters(String id, Supplier<MaskSource.CacheCounters> cacheCounters) {
      add(Gauge.builder("alphastream.gateway.subscribers", subscribers, AtomicInteger::get)
          .description("Open WebSocket subscriptions").tag("stream", id).register(registry));
      pushed = add(Counter.builder("alphastream.gateway.frames.pushed").description("Frame messages written")
          .tag("stream", id).register(registry));
      pushedBytes = add(Counter.builder("alphastream.gateway.pushed.bytes").description("Bytes of frame messages written")
          .tag("stream", id).register(registry));
      droppedQueueFull = add(Counter.builder("alphastream.gateway.frames.dropped")
          .description("Frames not sent: the subscriber's write queue was full, the frame was not ready in time, or the memory budget was full")
          .tag("stream", id).tag("reason", "queue_full").register(registry));
      droppedLate = add(Counter.builder("alphastream.gateway.frames.dropped")
          .description("Frames not sent: the subscriber's write queue was full, the frame was not ready in time, or the memory budget was full")
          .tag("stream", id).tag("reason", "late").register(registry));
      droppedOverBudget = add(Counter.builder("alphastream.gateway.frames.dropped")
          .description("Frames not sent: the subscriber's write queue was full, the frame was not ready in time, or the memory budget was full")
          .tag("stream", id).tag("reason", "overloaded").register(registry));
      encodes = add(Counter.builder("alphastream.gateway.encodes")
          .description("Frame messages encoded (shared by every subscriber of the same size and encoding)")
          .tag("stream", id).register(registry));
      stalledCloses = add(Counter.builder("alphastream.gateway.stalled.closes")
          .description("Subscribers closed because their write queue stayed full").tag("stream", id).register(registry));
      maskLatency = add(Timer.builder("alphastream.gateway.decode.latency")
          .description("Time to get a mask from the stream (read, decrypt, inflate, parse, rasterize, or cache hit)")
          .tag("stream", id).publishPercentiles(0.5, 0.99).register(registry));
      encodeLatency = add(Timer.builder("alphastream.gateway.encode.latency").description("Time to encode one frame message")
          .tag("stream", id).publishPercentiles(0.5, 0.99).register(registry));
      writeQueuePeak = add(DistributionSummary.builder("alphastream.gateway.write.queue.peak")
          .description("Most bytes a subscriber ever had written but not yet taken by the OS, recorded when it leaves")
          .baseUnit("bytes").tag("stream", id).register(registry));
      add(Gauge.builder("alphastream.gateway.cache.hit.ratio", cacheCounters, s -> s.get().hitRatio()).strongReference(true)
          .description("Mask cache hits / requests").tag("stream", id).register(registry));
    }

    /** Registers a meter of this stream (so that {@link #remove()} finds it again). */
    <M extends Meter> M add(M meter) {
      registered.add(meter);
      return meter;
    }

    /** Takes every meter of this stream out of the registry; the objects keep counting unseen. */
    void remove() {
      registered.forEach(registry::remove);
      registered.clear();
    }
  }
}
