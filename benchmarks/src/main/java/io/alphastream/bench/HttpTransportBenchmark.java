package io.alphastream.bench;

import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.transport.OpenedStream;
import io.alphastream.transport.ReadRange;
import io.alphastream.transport.SourceMetrics;
import io.alphastream.transport.StreamOpener;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loopback HTTP: time to first frame (open + header/table + one frame decoded) and sustained decoded
 * frames per second over the 3,600-frame corpus, served by a Vert.x server with Range support in the
 * same JVM. Requests per frame are printed at the end of each trial (counted on the server).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HttpTransportBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HttpTransportBenchmark {

  @Param({"asvp", "asvr"})
  public String format;

  /** Frames in flight at once in the sustained benchmarks (1 = a strictly sequential reader). */
  @Param({"1", "16"})
  public int window;

  private Vertx vertx;
  private HttpServer server;
  private Buffer corpus;
  private String url;
  private ReaderOptions readerOptions;
  private TransportOptions transportOptions;
  private OpenedStream stream;
  private final AtomicLong serverRequests = new AtomicLong();
  private final AtomicLong framesDecoded = new AtomicLong();
  private final AtomicLong opens = new AtomicLong();
  private SourceMetrics streamMetricsAtStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    boolean asvr = format.equals("asvr");
    String name = "corpus." + format;
    corpus = Buffer.buffer(TransportCorpus.build(asvr, name));
    readerOptions = new ReaderOptions();
    if (asvr) {
      readerOptions.setPassphrase(TransportCorpus.passphrase()).setSceneId(TransportCorpus.SCENE_ID)
          .setVersion(TransportCorpus.VERSION);
    }
    transportOptions = new TransportOptions().setMaxConcurrentRequests(Math.max(4, window))
        .setMaxPoolSize(Math.max(4, window));
    vertx = Vertx.vertx();
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::serve);
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    url = "http://127.0.0.1:" + server.actualPort() + "/bench/" + name + "?token=bench";
    stream = await(StreamOpener.open(vertx, url, readerOptions, transportOptions));
    streamMetricsAtStart = stream.source().metrics();
    if (stream.frameCount() != TransportCorpus.FRAMES) {
      throw new IllegalStateException("corpus has " + stream.frameCount() + " frames");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    SourceMetrics m = stream.source().metrics().minus(streamMetricsAtStart);
    long frames = framesDecoded.get();
    System.out.printf("%n[transport] %s window=%d: server requests %d, frames decoded %d, opens %d;"
            + " sustained stream: %d requests for %d reads (%.3f requests/frame), %d bytes,"
            + " mean request latency %.3f ms, p99 <= %d us%n",
        format, window, serverRequests.get(), frames, opens.get(), m.requests(), m.reads(),
        m.reads() == 0 ? 0.0 : (double) m.requests() / m.reads(), m.bytes(), m.meanLatencyMs(),
        m.latencyQuantileMicros(0.99));
    await(stream.close());
    await(server.close());
    await(vertx.close());
  }

  private void serve(HttpServerRequest req) {
    serverRequests.incrementAndGet();
    String range = req.getHeader("Range");
    int size = corpus.length();
    if (range == null || !range.startsWith("bytes=")) {
      req.response().end(corpus);
      return;
    }
    String[] p = range.substring(6).split("-", 2);
    long first = Long.parseLong(p[0]);
    long last = p[1].isEmpty() ? size - 1 : Math.min(Long.parseLong(p[1]), size - 1);
    if (first >= size) {
      req.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
      return;
    }
    req.response().setStatusCode(206).putHeader("ETag", "\"corpus\"")
        .putHeader("Content-Range", "bytes " + first + "-" + last + "/" + size)
        .end(corpus.getBuffer((int) first, (int) last + 1));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /**
   * Open a new source and stream (one request when the table fits the speculative read) and decode
   * frame 0 (inside the speculative prefix) and frame 1800 (one more request: a seek). ASVR keys are
   * cached per (passphrase, salt), so only the first open of a trial pays scrypt.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Polygons timeToFirstFrame() throws Exception {
    OpenedStream s = await(StreamOpener.open(vertx, url, readerOptions, transportOptions));
    try {
      opens.incrementAndGet();
      Polygons first = await(s.frame(0));
      framesDecoded.incrementAndGet();
      return first;
    } finally {
      await(s.close());
    }
  }

  /** As {@link #timeToFirstFrame()}, but the first frame shown is in the middle (a seek). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Polygons timeToFirstFrameAfterSeek() throws Exception {
    OpenedStream s = await(StreamOpener.open(vertx, url, readerOptions, transportOptions));
    try {
      opens.incrementAndGet();
      Polygons p = await(s.frame(TransportCorpus.FRAMES / 2));
      framesDecoded.incrementAndGet();
      return p;
    } finally {
      await(s.close());
    }
  }

  /**
   * Sustained playback over one open stream: all 3,600 frames read (one request each, except those
   * inside the speculative prefix) and decoded, {@code window} at a time. Score = frames/s.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(TransportCorpus.FRAMES)
  public long sustainedFrames() throws Exception {
    return play(TransportCorpus.FRAMES, i -> stream.frame(i).map(p -> (long) p.totalPoints()));
  }

  /**
   * Sustained playback with prefetch coalescing: 8 adjacent frame blocks per request
   * ({@code readAll}), split and decoded. Score = frames/s.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(TransportCorpus.FRAMES)
  public long sustainedFramesCoalesced8() throws Exception {
    int batch = 8;
    return play(TransportCorpus.FRAMES / batch, b -> {
      List<ReadRange> ranges = new ArrayList<>(batch);
      for (int i = b * batch; i < (b + 1) * batch; i++) {
        ranges.add(new ReadRange(stream.index().offset(i), (int) stream.index().blockLength(i)));
      }
      return stream.source().readAll(ranges).compose(blocks -> vertx.executeBlocking(() -> {
        long points = 0;
        for (int k = 0; k < batch; k++) {
          byte[] bytes = blocks.get(k).getBytes();
          points += stream.reader().decodeFrame(stream.index(), b * batch + k, bytes, 0, bytes.length)
              .totalPoints();
        }
        return points;
      }, false));
    });
  }

  private interface Task {
    Future<Long> run(int i);
  }

  /** Runs tasks 0..n-1 with at most {@code window} in flight; returns the sum of their results. */
  private long play(int n, Task task) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    AtomicLong sum = new AtomicLong();
    Runnable[] issueNext = new Runnable[1];
    issueNext[0] = () -> {
      int i = issued.getAndIncrement();
      if (i >= n) {
        return;
      }
      task.run(i).onComplete(ar -> {
        if (ar.failed()) {
          done.completeExceptionally(ar.cause());
          return;
        }
        sum.addAndGet(ar.result());
        if (finished.incrementAndGet() == n) {
          done.complete(sum.get());
        } else {
          issueNext[0].run();
        }
      });
    };
    for (int w = 0; w < Math.min(window, n); w++) {
      issueNext[0].run();
    }
    long result = done.get(120, TimeUnit.SECONDS);
    framesDecoded.addAndGet(TransportCorpus.FRAMES); // every task covers FRAMES / n frames
    return result;
  }
}
