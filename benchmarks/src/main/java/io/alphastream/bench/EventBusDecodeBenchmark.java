package io.alphastream.bench;

import io.alphastream.engine.DecodeRequest;
import io.alphastream.engine.DecodeVerticle;
import io.alphastream.engine.DecodedFrame;
import io.alphastream.engine.EngineCodecs;
import io.alphastream.engine.FrameDecoding;
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
 * Decode throughput (frames per second) through the event bus, as the engine decodes: batches of
 * {@value #BATCH} stored blocks of the {@link Corpus#standard() standard corpus} are sent from an event
 * loop to {@code workers} {@link DecodeVerticle} instances, which decrypt (ASVR), inflate and parse them
 * and reply with the decoded frame. {@link FrameDecodeBenchmark#decode} is the same decode called
 * directly on one thread, so the difference is the cost of the event-bus hop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventBusDecodeBenchmark {
  static final int BATCH = 64;
  static final String STREAM = "bench";

  @Param({"1", "2"})
  public int workers;

  @Param({"asvp", "asvr"})
  public String format;

  // non-final inputs, so the JIT cannot treat them as constants
  private Vertx vertx;
  private Context context;
  private Buffer[] blocks;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Corpus.Stream stream = Corpus.standard().stream(format);
    blocks = new Buffer[stream.blocks().length];
    for (int f = 0; f < blocks.length; f++) {
      blocks[f] = Buffer.buffer(stream.block(f));
    }
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(workers));
    EngineCodecs.register(vertx);
    context = vertx.getOrCreateContext();
    vertx.deployVerticle(DecodeVerticle.factory(STREAM, FrameDecoding.of(stream.reader(), stream.index())),
        DecodeVerticle.deploymentOptions(workers)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** One batch of {@value #BATCH} requests in flight at once; every decoded frame is consumed. */
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
    for (Message<DecodedFrame> m : done.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
      bh.consume(m.body().polygons());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
