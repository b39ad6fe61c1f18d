package io.alphastream.bench;

import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamFormat;
import io.alphastream.format.StreamReader;
import io.alphastream.format.crypto.PassphraseKeys;
import io.alphastream.transport.OpenedStream;
import io.alphastream.transport.ReadRange;
import io.alphastream.transport.SourceMetrics;
import io.alphastream.transport.StreamOpener;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loopback HTTP load tool (issue 4): time to first frame and sustained frames/s for the
 * {@link Corpus#standard() 3,600-frame corpus} read through {@link StreamOpener} over HTTP range
 * requests, with requests and bytes per frame. Not a JMH benchmark: it measures a whole client and
 * server pair on one machine, so it runs as a plain main class.
 *
 * <p>Steps: a {@link LoopbackRangeServer} on 127.0.0.1 serves both corpus files. The time of the very
 * first open + frame 0 in the JVM is printed (cold). Then {@code --warmup} unmeasured passes per format
 * read every frame (4 in flight, and in batches), checking each decoded frame against the corpus. Then,
 * per format: time to first frame (TTFF: open + decode of frame 0, and of the middle frame, which lies
 * outside the opening read), {@code --opens} times with a fresh source each; and for each in-flight
 * count N in {@code --inflight}, {@code --rounds} passes reading and decoding every frame with
 * {@link OpenedStream#frame}, keeping N frames in flight; and for each batch size B in {@code --batch},
 * the same with {@code readAll} batches of B adjacent blocks (one coalesced request, as prefetch
 * coalescing does) decoded off the event loop. Measured passes check a point-count checksum. Requests
 * and body bytes are counted by the server; request latency (mean, p99) by the client's source metrics.
 * The URLs carry a query string ({@code ?token=bench}), which requests keep and the ASVR salt name
 * must ignore (FORMAT.md), so ASVR opens only succeed if that rule holds.
 *
 * <p>Bounded and self-stopping: each step waits at most {@code --timeout-s} seconds; then the tool
 * prints what failed and exits with status 1. Vert.x and the server are closed on every path.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.alphastream.bench.HttpTransportLoad \
 *     [--format asvp|asvr|both] [--inflight 1,4,16] [--opens 5] [--warmup 3] [--rounds 3] [--batch 8,60]
 *     [--timeout-s 60]
 * </pre>
 */
public final class HttpTransportLoad {

  private final Vertx vertx;
  private final Corpus corpus;
  private final LoopbackRangeServer server;
  private final Settings settings;
  private final long expectedPoints;

  private HttpTransportLoad(Vertx vertx, Corpus corpus, LoopbackRangeServer server, Settings settings) {
    this.vertx = vertx;
    this.corpus = corpus;
    this.server = server;
    this.settings = settings;
    long points = 0;
    for (Polygons p : corpus.polygons()) {
      points += p.totalPoints();
    }
    this.expectedPoints = points;
  }

  /** Command-line settings. */
  record Settings(List<StreamFormat> formats, int[] inflight, int opens, int warmupPasses, int rounds,
      int[] batches, long timeoutSeconds) {

    static Settings parse(String[] args) {
      List<StreamFormat> formats = List.of(StreamFormat.ASVP, StreamFormat.ASVR);
      int[] inflight = {1, 4, 16};
      int opens = 5;
      int warmup = 3;
      int rounds = 3;
      int[] batches = {8, 60};
      long timeout = 60;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          throw new IllegalArgumentException("usage");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--format" -> formats = v.equals("both") ? formats
              : List.of(StreamFormat.valueOf(v.toUpperCase(Locale.ROOT)));
          case "--inflight" -> inflight = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
          case "--opens" -> opens = Integer.parseInt(v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--batch" -> batches = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
          case "--timeout-s" -> timeout = Long.parseLong(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (opens < 1 || warmup < 0 || rounds < 1 || timeout < 1 || inflight.length == 0 || batches.length == 0
          || Arrays.stream(inflight).anyMatch(n -> n < 1 || n > 256)
          || Arrays.stream(batches).anyMatch(n -> n < 1 || n > 3_600)) {
        throw new IllegalArgumentException(
            "opens, rounds, timeout-s >= 1; warmup >= 0; inflight in 1..256; batch in 1..3600");
      }
      return new Settings(formats, inflight, opens, warmup, rounds, batches, timeout);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage().equals("usage") ? "" : "error: " + e.getMessage());
      System.err.println("usage: HttpTransportLoad [--format asvp|asvr|both] [--inflight 1,4,16]"
          + " [--opens 5] [--warmup 3] [--rounds 3] [--batch 8,60] [--timeout-s 60]");
      System.exit(2);
      return;
    }
    System.out.printf(Locale.ROOT, "JDK %s (%s), %d CPUs%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    Corpus corpus = Corpus.standard();
    System.out.printf(Locale.ROOT, "corpus: %s (generated in %.1f s)%n", corpus.describe(),
        (System.nanoTime() - t0) / 1e9);
    Vertx vertx = Vertx.vertx();
    LoopbackRangeServer server = new LoopbackRangeServer(vertx)
        .serve("/v/" + Corpus.ASVP_NAME, corpus.stream(StreamFormat.ASVP).bytes())
        .serve("/v/" + Corpus.ASVR_NAME, corpus.stream(StreamFormat.ASVR).bytes());
    int status = 0;
    try {
      await(server.start(), settings.timeoutSeconds(), "server start");
      new HttpTransportLoad(vertx, corpus, server, settings).run();
    } catch (Exception e) {
      System.err.println("FAILED: " + e);
      status = 1;
    } finally {
      try {
        await(server.close(), settings.timeoutSeconds(), "server close");
        await(vertx.close(), settings.timeoutSeconds(), "Vert.x close");
      } catch (Exception e) {
        System.err.println("shutdown: " + e);
        status = 1;
      }
    }
    System.exit(status);
  }

  private void run() throws Exception {
    measureScrypt();
    // The very first open in this JVM: class loading, cold JIT, new connection. What an app sees once.
    StreamFormat firstFormat = settings.formats().get(0);
    double cold = openAndDecode(url(firstFormat), readerOptions(firstFormat), 0);
    System.out.printf(Locale.ROOT, "cold time to first frame (%s, first open in this JVM): %.2f ms%n",
        firstFormat, cold);
    // Unmeasured passes over every format and path, so no measured pass pays for JIT compilation.
    Context ctx = vertx.getOrCreateContext();
    for (StreamFormat format : settings.formats()) {
      OpenedStream stream = await(StreamOpener.open(vertx, url(format), readerOptions(format),
          transportOptions(4)), settings.timeoutSeconds(), "open");
      try {
        for (int k = 0; k < settings.warmupPasses(); k++) {
          await(readEveryFrame(ctx, stream, 4, true), settings.timeoutSeconds(), "warm-up pass");
          for (int batch : settings.batches()) {
            await(readInBatches(ctx, stream, batch, true), settings.timeoutSeconds(), "warm-up pass");
          }
        }
      } finally {
        await(stream.close(), settings.timeoutSeconds(), "close");
      }
    }
    for (StreamFormat format : settings.formats()) {
      String url = url(format);
      ReaderOptions ro = readerOptions(format);
      System.out.printf(Locale.ROOT, "%n== %s over %s%n", format, url);
      timeToFirstFrame(url, ro, 0);
      timeToFirstFrame(url, ro, corpus.frameCount() / 2);
      for (int n : settings.inflight()) {
        sustained(url, ro, n);
      }
      for (int batch : settings.batches()) {
        batched(url, ro, batch);
      }
    }
  }

  private String url(StreamFormat format) {
    // the query string travels with every request but must not enter the ASVR salt name
    return server.url("/v/" + (format == StreamFormat.ASVR ? Corpus.ASVR_NAME : Corpus.ASVP_NAME) + "?token=bench");
  }

  /** The corpus options without a name: the opener derives the salt name from the URL, as in production. */
  private ReaderOptions readerOptions(StreamFormat format) {
    return corpus.readerOptions(format).setName(null);
  }

  /** A cache miss of the key derivation, which a first ASVR open pays (overlapped with its first request). */
  private void measureScrypt() {
    byte[] throwaway = new byte[32];
    new SecureRandom().nextBytes(throwaway);
    long t = System.nanoTime();
    PassphraseKeys.derive(throwaway, 0, ReaderOptions.DEFAULT_VERSION, "scrypt-probe.asvr");
    System.out.printf(Locale.ROOT, "scrypt key derivation (N=%d, r=%d, p=%d, cache miss): %.1f ms%n",
        PassphraseKeys.SCRYPT_N, PassphraseKeys.SCRYPT_R, PassphraseKeys.SCRYPT_P,
        (System.nanoTime() - t) / 1e6);
  }

  private static TransportOptions transportOptions(int inflight) {
    int slots = Math.max(TransportOptions.DEFAULT_MAX_CONCURRENT_REQUESTS, inflight);
    return new TransportOptions().setMaxConcurrentRequests(slots).setMaxPoolSize(slots);
  }

  /**
   * Open + decode frame {@code frame}, {@code opens} times, each with a fresh source (new connection).
   * Frame 0 lies in the opening read's prefix; a frame past it costs one more request.
   */
  private void timeToFirstFrame(String url, ReaderOptions ro, int frame) throws Exception {
    double[] ms = new double[settings.opens()];
    long requests = 0;
    for (int k = 0; k < ms.length; k++) {
      long before = server.requests();
      ms[k] = openAndDecode(url, ro, frame);
      requests = server.requests() - before;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT,
        "time to first frame (open + frame %d): median %.2f ms (min %.2f, max %.2f over %d opens);"
            + " %d requests%n",
        frame, ms[ms.length / 2], ms[0], ms[ms.length - 1], ms.length, requests);
  }

  /** Milliseconds from starting to open {@code url} to frame {@code frame} decoded; then closes it. */
  private double openAndDecode(String url, ReaderOptions ro, int frame) throws Exception {
    long t = System.nanoTime();
    Future<OpenedStream> open = StreamOpener.open(vertx, url, ro, transportOptions(1));
    Polygons decoded = await(open.compose(s -> s.frame(frame)), settings.timeoutSeconds(),
        "open + frame " + frame);
    double ms = (System.nanoTime() - t) / 1e6;
    check(decoded.equals(corpus.polygons().get(frame)), "frame " + frame + " differs from the corpus");
    await(open.result().close(), settings.timeoutSeconds(), "close");
    return ms;
  }

  /** Reads and decodes every frame with {@code inflight} frames outstanding. */
  private void sustained(String url, ReaderOptions ro, int inflight) throws Exception {
    OpenedStream stream = await(StreamOpener.open(vertx, url, ro, transportOptions(inflight)),
        settings.timeoutSeconds(), "open");
    try {
      Context ctx = vertx.getOrCreateContext();
      report("in flight " + inflight, stream, () -> readEveryFrame(ctx, stream, inflight, false));
    } finally {
      await(stream.close(), settings.timeoutSeconds(), "close");
    }
  }

  /** Reads {@code batch} adjacent blocks per readAll (one coalesced request), decodes them on a worker. */
  private void batched(String url, ReaderOptions ro, int batch) throws Exception {
    OpenedStream stream = await(StreamOpener.open(vertx, url, ro, transportOptions(1)),
        settings.timeoutSeconds(), "open");
    try {
      Context ctx = vertx.getOrCreateContext();
      report("readAll batch " + batch, stream, () -> readInBatches(ctx, stream, batch, false));
    } finally {
      await(stream.close(), settings.timeoutSeconds(), "close");
    }
  }

  private interface Pass {
    Future<Long> start();
  }

  private void report(String label, OpenedStream stream, Pass pass) throws Exception {
    int frames = stream.frameCount();
    double[] fps = new double[settings.rounds()];
    long requests = 0;
    long bytes = 0;
    SourceMetrics metrics = SourceMetrics.EMPTY;
    for (int r = 0; r < fps.length; r++) {
      long req0 = server.requests();
      long bytes0 = server.bodyBytes();
      SourceMetrics m0 = stream.source().metrics();
      long t = System.nanoTime();
      long points = await(pass.start(), settings.timeoutSeconds(), label + " pass");
      fps[r] = frames / ((System.nanoTime() - t) / 1e9);
      check(points == expectedPoints, "decoded point count " + points + " != " + expectedPoints);
      requests = server.requests() - req0;
      bytes = server.bodyBytes() - bytes0;
      metrics = stream.source().metrics().minus(m0);
    }
    double[] sorted = fps.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT,
        "%-18s %9.0f frames/s median (min %.0f, max %.0f; %d passes of %d frames);"
            + " %.4f requests/frame, %.1f bytes/frame; request latency mean %.3f ms, p99 <= %d us%n",
        label + ":", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], fps.length, frames,
        requests / (double) frames, bytes / (double) frames, metrics.meanLatencyMs(),
        metrics.latencyQuantileMicros(0.99));
  }

  /** Sliding window of {@code inflight} frame reads, started on {@code ctx}; yields the total point count. */
  private Future<Long> readEveryFrame(Context ctx, OpenedStream stream, int inflight, boolean verify) {
    FrameWindow window = new FrameWindow(stream, inflight, verify);
    ctx.runOnContext(v -> window.start());
    return window.done.future();
  }

  /** Batches of {@code batch} adjacent blocks, one after another, started on {@code ctx}. */
  private Future<Long> readInBatches(Context ctx, OpenedStream stream, int batch, boolean verify) {
    BatchReader batches = new BatchReader(stream, batch, verify);
    ctx.runOnContext(v -> batches.batch(0));
    return batches.done.future();
  }

  /** One pass of {@link OpenedStream#frame} reads with at most {@code inflight} outstanding. */
  private final class FrameWindow {
    final Promise<Long> done = Promise.promise();
    final OpenedStream stream;
    final int inflight;
    final boolean verify;
    final int n;
    int next;
    int completed;
    long points;

    FrameWindow(OpenedStream stream, int inflight, boolean verify) {
      this.stream = stream;
      this.inflight = inflight;
      this.verify = verify;
      this.n = stream.frameCount();
    }

    synchronized void start() {
      for (int k = 0; k < Math.min(inflight, n); k++) {
        issue();
      }
    }

    private void issue() {
      int i = next++;
      stream.frame(i).onComplete(ar -> completed(i, ar));
    }

    // callbacks may arrive on worker or event-loop threads: one lock keeps the window state consistent
    private synchronized void completed(int i, AsyncResult<Polygons> ar) {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      Polygons p = ar.result();
      if (verify && !p.equals(corpus.polygons().get(i))) {
        done.tryFail(new IllegalStateException("frame " + i + " differs from the corpus"));
        return;
      }
      points += p.totalPoints();
      if (++completed == n) {
        done.tryComplete(points);
      } else if (next < n) {
        issue();
      }
    }
  }

  /** One pass of {@code readAll} batches; the next batch starts when the previous one is decoded. */
  private final class BatchReader {
    final Promise<Long> done = Promise.promise();
    final OpenedStream stream;
    final StreamReader reader;
    final int size;
    final boolean verify;
    final int n;
    long points; // touched by one batch callback at a time

    BatchReader(OpenedStream stream, int size, boolean verify) {
      this.stream = stream;
      this.size = size;
      this.reader = stream.reader();
      this.verify = verify;
      this.n = stream.frameCount();
    }

    void batch(int from) {
      if (from >= n) {
        done.tryComplete(points);
        return;
      }
      int to = Math.min(n, from + size);
      List<ReadRange> ranges = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        ranges.add(new ReadRange(stream.index().offset(i), stream.index().length(i)));
      }
      stream.source().readAll(ranges)
          .compose(blocks -> vertx.executeBlocking(() -> decode(from, to, blocks), false))
          .onComplete(ar -> {
            if (ar.failed()) {
              done.tryFail(ar.cause());
            } else {
              points += ar.result();
              batch(to);
            }
          });
    }

    private long decode(int from, int to, List<Buffer> blocks) {
      long sum = 0;
      for (int i = from; i < to; i++) {
        byte[] b = blocks.get(i - from).getBytes();
        Polygons p = reader.decodeFrame(stream.index(), i, b, 0, b.length);
        if (verify && !p.equals(corpus.polygons().get(i))) {
          throw new IllegalStateException("frame " + i + " differs from the corpus");
        }
        sum += p.totalPoints();
      }
      return sum;
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }

  private static <T> T await(Future<T> f, long seconds, String step) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(step + " did not finish within " + seconds + " s");
    } catch (ExecutionException e) {
      throw new IllegalStateException(step + " failed: " + e.getCause(), e.getCause());
    }
  }
}
