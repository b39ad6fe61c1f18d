package io.alphastream.bench;

import io.alphastream.AlphaStream;
import io.alphastream.format.StreamFormat;
import io.alphastream.raster.Mask;
import io.alphastream.transport.RangeSource;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The async {@code AlphaStream.mask(index, W, H)} on a mask-cache hit, awaited from the benchmark thread:
 * the path the gateway takes for every (frame, size) it encodes. Measures what handing out the cached mask
 * costs, so the price of not sharing the cache's array (a copy per call) can be read against
 * {@link RasterizeBenchmark#copyMaskBaseline}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MaskHitBenchmark {

  @Param({"1920x960", "512x256"})
  public String size;

  private AlphaStream stream;
  private int width;
  private int height;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String[] wh = size.split("x");
    width = Integer.parseInt(wh[0]);
    height = Integer.parseInt(wh[1]);
    byte[] file = Corpus.standard().stream(StreamFormat.ASVP).bytes();
    stream = AlphaStream.builder().source(RangeSource.memory(Buffer.buffer(file), Corpus.ASVP_NAME))
        .workers(1).prefetchFrames(0).rate(0).build();
    stream.open().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    mask(); // the one miss: every measured call is a mask-cache hit
  }

  @Benchmark
  public Mask mask() throws Exception {
    return stream.mask(7, width, height).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%n[%s] masks: hits %d misses %d%n", size, stream.stats().masks().hits(),
        stream.stats().masks().misses());
    stream.close();
  }
}
