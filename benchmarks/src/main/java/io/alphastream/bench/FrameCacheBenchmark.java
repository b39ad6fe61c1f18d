package io.alphastream.bench;

import io.alphastream.cache.CacheOptions;
import io.alphastream.cache.CacheStatistics;
import io.alphastream.cache.FrameCache;
import io.alphastream.cache.FrameKey;
import io.alphastream.format.Polygons;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jol.info.GraphLayout;

/**
 * A full 512-frame cache (the default capacity) holding the first 512 frames of the
 * {@link Corpus#standard() standard corpus}: the time to fill one with decoded frames (score), and its
 * memory, printed at tear-down: the heap retained by the whole cache (Caffeine nodes, futures, keys and
 * polygons) measured with JOL, next to the cache's own {@code retainedBytes} estimate and what 512 R8
 * masks at 1920x960 would cost instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// JOL needs these to size hidden (lambda) classes and to attach to its own VM
@Fork(value = 1, jvmArgsAppend = {"-Djol.magicFieldOffset=true", "-Djdk.attach.allowAttachSelf=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameCacheBenchmark {
  static final int FRAMES = 512;
  // static: the loader lambda captures nothing, so JOL's walk from the cache excludes the corpus itself
  static List<Polygons> corpus;

  @Setup(Level.Trial)
  public void setUp() {
    corpus = Corpus.standard().polygons().subList(0, FRAMES);
  }

  static FrameCache<FrameKey, Polygons> fill() {
    FrameCache<FrameKey, Polygons> cache = FrameCache.frames(new CacheOptions(),
        key -> Future.succeededFuture(copy(corpus.get(key.frame()))), Runnable::run);
    for (int f = 0; f < FRAMES; f++) {
      cache.get(new FrameKey(f));
    }
    return cache;
  }

  /** A private copy, as a decoder would produce: the cache must own its values. */
  static Polygons copy(Polygons p) {
    Polygons.Builder b = new Polygons.Builder();
    for (int c = 0; c < p.channelCount(); c++) {
      b.beginChannel();
      for (int i = p.start(c); i < p.start(c) + p.pointCount(c); i++) {
        b.add(p.x(i), p.y(i));
      }
    }
    return b.build();
  }

  @Benchmark
  public FrameCache<FrameKey, Polygons> fill512() {
    return fill();
  }

  @TearDown(Level.Trial)
  public void report() {
    FrameCache<FrameKey, Polygons> cache = fill();
    cache.cleanUp();
    CacheStatistics st = cache.stats();
    long jol = GraphLayout.parseInstance(cache).totalSize();
    long points = 0;
    for (int f = 0; f < FRAMES; f++) {
      points += corpus.get(f).totalPoints();
    }
    System.out.printf("%n512-frame cache: %d entries, %d points (%.0f per frame)%n", st.entries(), points,
        points / (double) FRAMES);
    System.out.printf("  retainedBytes estimate: %,d bytes (%.2f MiB)%n", st.retainedBytes(),
        st.retainedBytes() / 1048576.0);
    System.out.printf("  JOL, whole cache graph: %,d bytes (%.2f MiB), %.0f bytes per frame%n", jol,
        jol / 1048576.0, jol / (double) FRAMES);
    System.out.printf("  512 R8 masks at 1920x960 instead: %,d bytes (%.0f MiB)%n", 512L * 1920 * 960,
        512L * 1920 * 960 / 1048576.0);
  }
}
