package io.alphastream.bench;

import io.alphastream.format.Polygons;
import io.alphastream.raster.Rasterizer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rasterize throughput: one frame's {@link Polygons} into a reused R8 buffer
 * ({@link Rasterizer#rasterize(Polygons, int, int, byte[])}), cycling through all frames of the
 * {@link Corpus#standard() standard corpus}, in frames per second. {@link #copyMaskBaseline} copies one
 * mask of the same size with {@code System.arraycopy}: the memory-bandwidth ceiling for producing a
 * mask, since rasterizing must at least clear and write every byte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RasterizeBenchmark {

  @Param({"1920x960", "2048x1024"})
  public String size;

  // non-final inputs, so the JIT cannot treat them as constants
  private Polygons[] frames;
  private Rasterizer rasterizer;
  private int width;
  private int height;
  private byte[] out;
  private byte[] source;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    frames = Corpus.standard().polygonArray();
    String[] wh = size.split("x");
    width = Integer.parseInt(wh[0]);
    height = Integer.parseInt(wh[1]);
    rasterizer = new Rasterizer();
    out = new byte[width * height];
    source = new byte[width * height];
    rasterizer.rasterize(frames[0], width, height, source); // a real mask as the copy source
  }

  @Benchmark
  public byte[] rasterize() {
    int i = next;
    next = i + 1 == frames.length ? 0 : i + 1;
    rasterizer.rasterize(frames[i], width, height, out);
    return out;
  }

  @Benchmark
  public byte[] copyMaskBaseline() {
    System.arraycopy(source, 0, out, 0, width * height);
    return out;
  }
}
