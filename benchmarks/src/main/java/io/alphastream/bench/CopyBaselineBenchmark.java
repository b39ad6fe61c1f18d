package io.alphastream.bench;

import java.util.Arrays;
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

/** Baseline: the owned copy of one R8 mask that every {@code getFrame} returns (hardware floor). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CopyBaselineBenchmark {
  @Param({"1920x960"})
  public String size;

  private byte[] mask;

  @Setup(Level.Trial)
  public void setUp() {
    String[] wh = size.split("x");
    mask = new byte[Integer.parseInt(wh[0]) * Integer.parseInt(wh[1])];
    Arrays.fill(mask, 0, mask.length / 3, (byte) 255);
  }

  @Benchmark
  public byte[] copyMask() {
    return Arrays.copyOf(mask, mask.length);
  }
}
