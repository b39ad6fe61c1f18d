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
 * all masks as a checksum. One {@link Rasterizer} and one output buffer per thread, reused for every
 * frame. Frames are processed in chunks so memory stays bounded on long files.
 *
 * <p>Before the timed pass, an untimed warm-up ({@code --warmup-ms}, default 1000 ms) decodes and
 * rasterizes the first frames of the range over and over so the JIT has compiled the hot paths; the
 * timed pass then measures close to steady state. The JMH benchmarks in the {@code benchmarks} module
 * give rigorous numbers.
 */
@Command(name = "bench", description = "Decode and rasterize a range of frames; print decode and"
    + " rasterize frames/s and the total opaque-pixel count (checksum).")
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

  /** Decodes and rasterizes the first frames of the range, untimed, until {@code warmupMs} has passed. */
  private void warmUp(StreamFile file, FrameRange r) {
    if (warmupMs == 0) {
      return;
    }
    Rasterizer rasterizer = new Rasterizer();
    byte[] out = new byte[size.width() * size.height()];
    int frames = Math.min(r.count(), 64);
    long deadline = System.nanoTime() + warmupMs * 1_000_000L;
    do {
      for (int i = 0; i < frames; i++) {
        rasterizer.rasterize(file.frame(r.first() + i), size.width(), size.height(), out);
      }
    } while (System.nanoTime() < deadline);
  }

  private record Result(long decodeNanos, long rasterNanos, long opaque) {}

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
      long opaque = 0;
      Progress progress = new Progress(main.err, "bench", r.count());
      for (int chunkStart = r.first(); chunkStart <= r.last(); chunkStart += CHUNK) {
        int first = chunkStart;
        int count = Math.min(CHUNK, r.last() - chunkStart + 1);
        Polygons[] frames = new Polygons[count];

        long t0 = System.nanoTime();
        runAll(pool, n, t -> {
          for (int i = t; i < count; i += n) {
            frames[i] = file.frame(first + i);
          }
          return 0L;
        });
        long t1 = System.nanoTime();
        List<Long> counts = runAll(pool, n, t -> {
          if (rasterizers[t] == null) {
            rasterizers[t] = new Rasterizer();
            masks[t] = Mask.allocate(size.width(), size.height());
          }
          long sum = 0;
          for (int i = t; i < count; i += n) {
            rasterizers[t].rasterize(frames[i], size.width(), size.height(), masks[t].data());
            sum += masks[t].opaqueCount();
          }
          return sum;
        });
        long t2 = System.nanoTime();
        decodeNanos += t1 - t0;
        rasterNanos += t2 - t1;
        for (long c : counts) {
          opaque += c;
        }
        progress.update(chunkStart - r.first() + count);
      }
      return new Result(decodeNanos, rasterNanos, opaque);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A task for worker {@code t} of {@code n}. */
  private interface Work {
    long run(int t) throws Exception;
  }

  /** Runs {@code work} on every worker and waits; rethrows the first failure as it was thrown. */
  private static List<Long> runAll(ExecutorService pool, int n, Work work) throws Exception {
    List<Future<Long>> futures = new ArrayList<>(n);
    for (int t = 0; t < n; t++) {
      int worker = t;
      futures.add(pool.submit(() -> work.run(worker)));
    }
    List<Long> results = new ArrayList<>(n);
    for (Future<Long> f : futures) {
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
    double rasterS = res.rasterNanos / 1e9;
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
        .put("opaquePixels", res.opaque);
    if (json) {
      main.out.println(o.encodePrettily());
      return;
    }
    main.out.printf(Locale.ROOT, "frames      %d-%d (%d frames) at %s, %d thread%s%n", r.first(), r.last(),
        r.count(), size, n, n == 1 ? "" : "s");
    main.out.printf(Locale.ROOT, "decode      %.1f frames/s (%.3f s)%n",
        o.getDouble("decodeFramesPerSecond"), decodeS);
    main.out.printf(Locale.ROOT, "rasterize   %.1f frames/s (%.3f s)%n",
        o.getDouble("rasterizeFramesPerSecond"), rasterS);
    main.out.printf(Locale.ROOT, "opaque      %d pixels (checksum: 255-pixels over all masks)%n", res.opaque);
  }
}
