package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.Polygons;
import io.alphastream.source.StreamFile;
import io.alphastream.raster.Mask;
import io.alphastream.raster.Rasterizer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code bench SOURCE [--size WxH] [--frames A-B] [--threads N]}: decodes, then rasterizes every frame of
 * the range and reports frames per second for each phase, plus the number of opaque (255) pixels over
 * all masks as a checksum. The checksum is timed apart from the rasterizer, so the rasterize rate is the
 * rasterizer's own. One {@link Rasterizer} and one output buffer per thread, reused for every frame.
 * Frames are processed in chunks so memory stays bounded on long files.
 *
 * <p>Before the timed pass, an untimed warm-up ({@code --warmup-ms}, default 1000 ms) decodes and
 * rasterizes the first frames of the range over and over so the JIT has compiled the hot paths; the
 * timed pass then measures close to steady state. The JMH benchmarks in the {@code benchmarks} module
 * give rigorous numbers.
 */
@Command(name = "bench", description = "Decode and rasterize a range of frames; print decode and"
    + " rasterize frames/s, the time spent counting opaque pixels and that count (checksum).")
final class BenchCommand implements Callable<Integer> {
  private static final int CHUNK = 512;

  @ParentCommand Main main;
  @Mixin KeyOptions key;
  @Mixin SourceOptions sourceOptions;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "File path, file: URL, http(s):// URL or sample:demo.")
  String source;

  @Option(names = "--size", paramLabel = "WxH", defaultValue = "2048x1024",
      converter = Size.Converter.class, description = "Raster size (default: ${DEFAULT-VALUE}).")
  Size size;

  @Option(names = "--frames", paramLabel = "A-B", converter = FrameRange.Converter.class,
      description = "Inclusive frame range (default: every frame).")
  FrameRange range;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads, 1..256 (default: available processors).")
  Integer threads;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "1000",
      description = "Untimed JIT warm-up before the measured pass, 0..60000 ms (default: ${DEFAULT-VALUE}).")
  int warmupMs;

  @Override
  public Integer call() throws Exception {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (n < 1 || n > 256) {
      throw new InvalidArgumentException("--threads must be in 1..256: " + n);
    }
    if (warmupMs < 0 || warmupMs > 60_000) {
      throw new InvalidArgumentException("--warmup-ms must be in 0..60000: " + warmupMs);
    }
    try (StreamFile file = Sources.openStream(source, key, sourceOptions, main.env)) {
      FrameRange r = range != null ? range.within(file.frameCount())
          : new FrameRange(0, file.frameCount() - 1);
      warmUp(file, r);
      Result result = run(file, r, n);
      report(r, n, result);
    }
    return ExitCode.OK;
  }

  /**
   * Decodes, rasterizes and counts the first frames of the range, untimed, until {@code warmupMs} has
   * passed.
   */
  private void warmUp(StreamFile file, FrameRange r) {
    if (warmupMs == 0) {
      return;
    }
    Rasterizer rasterizer = new Rasterizer();
    Mask mask = Mask.allocate(size.width(), size.height());
    int frames = Math.min(r.count(), 64);
    long deadline = System.nanoTime() + warmupMs * 1_000_000L;
    do {
      for (int i = 0; i < frames; i++) {
        rasterizer.rasterize(file.frame(r.first() + i), size.width(), size.height(), mask.data());
        mask.opaqueCount();
      }
    } while (System.nanoTime() < deadline);
  }

  /**
   * One timed pass. {@code decodeNanos} and {@code passNanos} are wall-clock; {@code rasterNanos} and
   * {@code checksumNanos} are the time spent inside {@code Rasterizer.rasterize} and inside the
   * opaque-pixel count, summed over the threads.
   */
  private record Result(long decodeNanos, long rasterNanos, long checksumNanos, long passNanos, long opaque) {}

  /** What one worker did with its share of a chunk. */
  private record Share(long rasterNanos, long checksumNanos, long opaque) {}

  private Result run(StreamFile file, FrameRange r, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n, task -> {
      Thread t = new Thread(task, "bench");
      t.setDaemon(true);
      return t;
    });
    try {
      Rasterizer[] rasterizers = new Rasterizer[n];
      Mask[] masks = new Mask[n]; // each wraps its thread's reused output buffer
      long decodeNanos = 0;
      long rasterNanos = 0;
      long checksumNanos = 0;
      long opaque = 0;
      Progress progress = new Progress(main.err, "bench", r.count());
      long start = System.nanoTime();
      for (int chunkStart = r.first(); chunkStart <= r.last(); chunkStart += CHUNK) {
        int first = chunkStart;
        int count = Math.min(CHUNK, r.last() - chunkStart + 1);
        Polygons[] frames = new Polygons[count];

        long t0 = System.nanoTime();
        runAll(pool, n, t -> {
          for (int i = t; i < count; i += n) {
            frames[i] = file.frame(first + i);
          }
          return null;
        });
        decodeNanos += System.nanoTime() - t0;
        List<Share> shares = runAll(pool, n, t -> {
          if (rasterizers[t] == null) {
            rasterizers[t] = new Rasterizer();
            masks[t] = Mask.allocate(size.width(), size.height());
          }
          long raster = 0;
          long checksum = 0;
          long sum = 0;
          for (int i = t; i < count; i += n) {
            long a = System.nanoTime();
            rasterizers[t].rasterize(frames[i], size.width(), size.height(), masks[t].data());
            long b = System.nanoTime();
            sum += masks[t].opaqueCount(); // before the buffer is reused for the next frame
            raster += b - a;
            checksum += System.nanoTime() - b;
          }
          return new Share(raster, checksum, sum);
        });
        for (Share share : shares) {
          rasterNanos += share.rasterNanos();
          checksumNanos += share.checksumNanos();
          opaque += share.opaque();
        }
        progress.update(chunkStart - r.first() + count);
      }
      return new Result(decodeNanos, rasterNanos, checksumNanos, System.nanoTime() - start, opaque);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A task for worker {@code t} of {@code n}. */
  private interface Work<T> {
    T run(int t) throws Exception;
  }

  /** Runs {@code work} on every worker and waits; rethrows the first failure as it was thrown. */
  private static <T> List<T> runAll(ExecutorService pool, int n, Work<T> work) throws Exception {
    List<Future<T>> futures = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      int worker = t;
      futures.add(pool.submit(() -> work.run(worker)));
    }
    List<T> results = new ArrayList<>(n);
    for (Future<T> f : futures) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
          throw ex;
        }
        throw new UncheckedIOException(new IOException("bench worker failed", cause));
      }
    }
    return results;
  }

  private void report(FrameRange r, int n, Result res) {
    double decodeS = res.decodeNanos / 1e9;
    // thread-seconds over n threads: the wall time the phase takes when the threads run side by side
    double rasterS = res.rasterNanos / 1e9 / n;
    double checksumS = res.checksumNanos / 1e9 / n;
    double passS = res.passNanos / 1e9;
    JsonObject o = new JsonObject()
        .put("source", Sources.display(source))
        .put("firstFrame", r.first())
        .put("lastFrame", r.last())
        .put("frames", r.count())
        .put("width", size.width())
        .put("height", size.height())
        .put("threads", n)
        .put("decodeSeconds", decodeS)
        .put("decodeFramesPerSecond", r.count() / Math.max(decodeS, 1e-9))
        .put("rasterizeSeconds", rasterS)
        .put("rasterizeFramesPerSecond", r.count() / Math.max(rasterS, 1e-9))
        .put("rasterizeFramesPerSecondPerThread", r.count() / Math.max(res.rasterNanos / 1e9, 1e-9))
        .put("checksumSeconds", checksumS)
        .put("passSeconds", passS)
        .put("opaquePixels", res.opaque);
    if (json) {
      main.out.println(o.encodePrettily());
      return;
    }
    main.out.printf(Locale.ROOT, "frames      %d-%d (%d frames) at %s, %d thread%s%n", r.first(), r.last(),
        r.count(), size, n, n == 1 ? "" : "s");
    main.out.printf(Locale.ROOT, "decode      %.1f frames/s (%.3f s)%n",
        o.getDouble("decodeFramesPerSecond"), decodeS);
    main.out.printf(Locale.ROOT, "rasterize   %.1f frames/s (%.3f s; %.1f frames/s per thread)%n",
        o.getDouble("rasterizeFramesPerSecond"), rasterS, o.getDouble("rasterizeFramesPerSecondPerThread"));
    main.out.printf(Locale.ROOT, "checksum    %.3f s (counting the opaque pixels, not part of rasterize)%n",
        checksumS);
    main.out.printf(Locale.ROOT, "pass        %.3f s (the timed pass, wall clock)%n", passS);
    main.out.printf(Locale.ROOT, "opaque      %d pixels (checksum: 255-pixels over all masks)%n", res.opaque);
  }
}
