package io.alphastream.bench;

import io.alphastream.format.FrameDecoder;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.format.StreamReader;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frame decode throughput: one stored block to {@link Polygons} ({@link StreamReader#decodeFrame}:
 * decrypt for ASVR, inflate, parse and validate V12-V20), cycling through all frames of the
 * {@link Corpus#standard() standard corpus}, in ops (= frames) per second.
 *
 * <p>{@link #decode} runs on one thread; {@link #decodeTwoThreads} on two, each with its own cursor, and
 * reports their sum (the reader is shared, as the engine shares it between decode workers).
 * {@link #inflateOnly} and {@link #parseOnly} split {@code decode} into its two steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameDecodeBenchmark {

  @Param({"asvp", "asvr"})
  public String format;

  // non-final inputs, so the JIT cannot treat them as constants
  private StreamReader reader;
  private FrameIndex index;
  private byte[][] blocks;
  private byte[][] payloads;

  /** Per-thread position in the corpus. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    Corpus.Stream stream = Corpus.standard().stream(format);
    reader = stream.reader();
    index = stream.index();
    blocks = stream.blocks();
    payloads = new byte[blocks.length][];
    for (int i = 0; i < blocks.length; i++) {
      payloads[i] = reader.inflateFrame(index, i, blocks[i], 0, blocks[i].length);
    }
  }

  @Benchmark
  public Polygons decode(Cursor cursor) {
    return decodeNext(cursor);
  }

  @Benchmark
  @Threads(2)
  public Polygons decodeTwoThreads(Cursor cursor) {
    return decodeNext(cursor);
  }

  /** Breakdown, first step: decrypt (ASVR) and inflate only, into a new payload array. */
  @Benchmark
  public byte[] inflateOnly(Cursor cursor) {
    int i = cursor.next;
    cursor.next = i + 1 == blocks.length ? 0 : i + 1;
    byte[] block = blocks[i];
    return reader.inflateFrame(index, i, block, 0, block.length);
  }

  /** Breakdown, second step: parse an inflated payload (V15-V20); the same work for both formats. */
  @Benchmark
  public Polygons parseOnly(Cursor cursor) {
    int i = cursor.next;
    cursor.next = i + 1 == payloads.length ? 0 : i + 1;
    return FrameDecoder.parse(payloads[i], "corpus", i);
  }

  private Polygons decodeNext(Cursor cursor) {
    int i = cursor.next;
    cursor.next = i + 1 == blocks.length ? 0 : i + 1;
    byte[] block = blocks[i];
    return reader.decodeFrame(index, i, block, 0, block.length);
  }
}
