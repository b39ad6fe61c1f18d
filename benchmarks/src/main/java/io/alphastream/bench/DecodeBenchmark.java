package io.alphastream.bench;

import io.alphastream.engine.DecodeRequest;
import io.alphastream.engine.DecodeVerticle;
import io.alphastream.engine.DecodedFrame;
import io.alphastream.engine.EngineCodecs;
import io.alphastream.engine.FrameDecoding;
import io.alphastream.format.ByteRanges;
import io.alphastream.format.ReaderOptions;
import io.alphastream.format.StreamFile;
import io.alphastream.format.StreamFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode throughput (frames per second) through the event bus: batches of {@value #BATCH} stored blocks are
 * sent from an event loop to {@code workers} {@link DecodeVerticle} instances, which decrypt (ASVR), inflate
 * and parse them. {@code direct} decodes the same blocks on the benchmark thread without the event bus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecodeBenchmark {
  static final int BATCH = 64;
  static final String STREAM = "bench";

  @Param({"1", "2"})
  public int workers;

  @Param({"ASVP", "ASVR"})
  public String format;

  private Vertx vertx;
  private Context context;
  private StreamFile file;
  private Buffer[] blocks;
  private byte[][] rawBlocks;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] bytes = BenchCorpus.file(format);
    ReaderOptions ro = new ReaderOptions().setFormat(StreamFormat.valueOf(format)).setName(BenchCorpus.NAME)
        .setSceneId(BenchCorpus.SCENE_ID).setPassphrase(BenchCorpus.passphrase());
    file = StreamFile.open(ByteRanges.of(bytes), BenchCorpus.NAME, ro);
    blocks = new Buffer[file.frameCount()];
    rawBlocks = new byte[file.frameCount()][];
    for (int f = 0; f < blocks.length; f++) {
      rawBlocks[f] = file.block(f);
      blocks[f] = Buffer.buffer(rawBlocks[f]);
    }
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(workers));
    EngineCodecs.register(vertx);
    context = vertx.getOrCreateContext();
    vertx.deployVerticle(DecodeVerticle.factory(STREAM, FrameDecoding.of(file.reader(), file.index())),
        DecodeVerticle.deploymentOptions(workers)).toCompletionStage().toCompletableFuture().get();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void eventBus(Blackhole bh) throws Exception {
    int first = next;
    next = (next + BATCH) % blocks.length;
    Promise<List<Message<DecodedFrame>>> done = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Message<DecodedFrame>>> replies = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        int f = (first + i) % blocks.length;
        replies.add(vertx.eventBus().request(DecodeVerticle.decodeAddress(STREAM), new DecodeRequest(f, blocks[f])));
      }
      Future.all(replies).map(x -> {
        List<Message<DecodedFrame>> out = new ArrayList<>(BATCH);
        replies.forEach(r -> out.add(r.result()));
        return out;
      }).onComplete(done);
    });
    for (Message<DecodedFrame> m : done.future().toCompletionStage().toCompletableFuture().get()) {
      bh.consume(m.body().polygons());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void direct(Blackhole bh) {
    int first = next;
    next = (next + BATCH) % blocks.length;
    for (int i = 0; i < BATCH; i++) {
      int f = (first + i) % blocks.length;
      bh.consume(file.reader().decodeFrame(file.index(), f, rawBlocks[f], 0, rawBlocks[f].length));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
    file.close();
  }
}
