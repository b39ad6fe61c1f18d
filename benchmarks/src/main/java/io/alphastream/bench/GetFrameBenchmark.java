package io.alphastream.bench;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamStats;
import io.alphastream.R8Frame;
import io.alphastream.format.StreamFormat;
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
 * The synchronous facade's {@code getFrame(index, W, H)} from a plain thread, as the C ABI calls it, over
 * the ASVP stream of the {@link Corpus#standard() standard corpus} held in memory:
 * <ul>
 *   <li>{@code maskHit}: the same frame and size every time: the mask cache answers, the cost is the owned copy;</li>
 *   <li>{@code frameHit}: every frame's polygons cached, masks not (cycling over all 3,600 frames, 16 masks
 *       kept): rasterize on a decode worker over the event bus, then copy;</li>
 *   <li>{@code miss}: nothing cached (64-frame cache, cycling over 3,600 frames, no prefetch): range read
 *       (memory), decode on a worker, rasterize on a worker, copy.</li>
 * </ul>
 * {@link RasterizeBenchmark#copyMaskBaseline} gives the cost of copying one mask, the floor of every mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GetFrameBenchmark {

  @Param({"maskHit", "frameHit", "miss"})
  public String mode;

  @Param({"1920x960"})
  public String size;

  private AlphaStream stream;
  private int width;
  private int height;
  private int frames;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    String[] wh = size.split("x");
    width = Integer.parseInt(wh[0]);
    height = Integer.parseInt(wh[1]);
    byte[] file = Corpus.standard().stream(StreamFormat.ASVP).bytes();
    AlphaStream.Builder b = AlphaStream.builder().source(RangeSource.memory(Buffer.buffer(file), Corpus.ASVP_NAME))
        .workers(2).prefetchFrames(0).rate(0).frameWaitMs(10_000);
    // frameHit keeps all 3,600 decoded frames (about 50 MB), so both the frame and byte bounds are raised
    b = mode.equals("miss") ? b.cacheFrames(64) : b.cacheFrames(4_096).cacheBytes(256L << 20);
    stream = b.build();
    if (!stream.start()) {
      throw new IllegalStateException("bench stream did not start: " + stream.lastError());
    }
    frames = stream.totalFrames();
    if (mode.equals("frameHit")) {
      for (int f = 0; f < frames; f++) {
        stream.getPolygons(f).orElseThrow();
      }
    }
  }

  @Benchmark
  public R8Frame getFrame() {
    int index = mode.equals("maskHit") ? 7 : next++ % frames;
    return stream.getFrame(index, width, height).orElseThrow();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    AlphaStreamStats st = stream.stats();
    System.out.printf("%n[%s] frames: hits %d misses %d; masks: hits %d misses %d%n", mode,
        st.frames().hits(), st.frames().misses(), st.masks().hits(), st.masks().misses());
    stream.close();
  }
}
