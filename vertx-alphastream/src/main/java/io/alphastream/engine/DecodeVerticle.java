package io.alphastream.engine;

import io.alphastream.raster.Mask;
import io.alphastream.raster.Rasterizer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Supplier;

/**
 * A worker verticle that decodes frames ({@link DecodeRequest} → {@link DecodedFrame}) and rasterizes
 * them ({@link RasterRequest} → {@link RasterizedFrame}). Deploy it with {@link ThreadingModel#WORKER} and
 * {@code instances = n}: each instance handles one message at a time on a worker thread, so it needs no
 * locks (its {@link Rasterizer} scratch is its own), and {@code n} instances decode {@code n} frames in
 * parallel. There is no lock shared between instances.
 *
 * <p>Failures are replied with {@link ReplyErrors#fail}: the error code id plus our message.
 */
public final class DecodeVerticle extends VerticleBase {

  /** Prefix of a stream's decode address; the stream id follows. */
  public static final String DECODE_ADDRESS = "alphastream.decode.frame";
  /** Prefix of a stream's raster address; the stream id follows. */
  public static final String RASTER_ADDRESS = "alphastream.raster.frame";

  private final String decodeAddress;
  private final String rasterAddress;
  private final FrameDecoding decoding;
  private final Rasterizer rasterizer = new Rasterizer();
  private final DecodeGate gate;
  private final long closeTimeoutMs;
  private MessageConsumer<DecodeRequest> decodeConsumer;
  private MessageConsumer<RasterRequest> rasterConsumer;

  public DecodeVerticle(String streamId, FrameDecoding decoding) {
    this(streamId, decoding, null, 0);
  }

  /**
   * A worker of a {@link FrameReader}: its stop waits (at most {@code closeTimeoutMs}) for the gate. A null
   * {@code decoding} (a remote stream's worker) only rasterizes.
   */
  DecodeVerticle(String streamId, FrameDecoding decoding, DecodeGate gate, long closeTimeoutMs) {
    this.decodeAddress = decodeAddress(streamId);
    this.rasterAddress = rasterAddress(streamId);
    this.decoding = decoding;
    this.gate = gate;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  public static String decodeAddress(String streamId) {
    return DECODE_ADDRESS + "." + streamId;
  }

  public static String rasterAddress(String streamId) {
    return RASTER_ADDRESS + "." + streamId;
  }

  /** A supplier for {@code vertx.deployVerticle(supplier, options)}: one new instance per call. */
  public static Supplier<DecodeVerticle> factory(String streamId, FrameDecoding decoding) {
    return () -> new DecodeVerticle(streamId, decoding);
  }

  /** As {@link #factory(String, FrameDecoding)}, for workers whose stop drains {@code gate} first. */
  static Supplier<DecodeVerticle> factory(String streamId, FrameDecoding decoding, DecodeGate gate,
      long closeTimeoutMs) {
    return () -> new DecodeVerticle(streamId, decoding, gate, closeTimeoutMs);
  }

  /** Worker deployment options for {@code instances} decode workers. */
  public static DeploymentOptions deploymentOptions(int instances) {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(instances);
  }

  @Override
  public Future<?> start() {
    rasterConsumer = vertx.eventBus().consumer(rasterAddress, msg -> {
      RasterRequest req = msg.body();
      try {
        Mask mask = rasterizer.rasterize(req.polygons(), req.width(), req.height());
        msg.reply(new RasterizedFrame(req.frame(), mask));
      } catch (RuntimeException e) {
        ReplyErrors.fail(msg, e);
      }
    });
    if (decoding == null) { // a remote stream's worker: its frames arrive decoded
      return rasterConsumer.completion();
    }
    decodeConsumer = vertx.eventBus().consumer(decodeAddress, msg -> {
      DecodeRequest req = msg.body();
      try {
        msg.reply(new DecodedFrame(req.frame(), decoding.decode(req.frame(), req.block()))); // worker: CPU work is fine
      } catch (RuntimeException e) {
        ReplyErrors.fail(msg, e);
      }
    });
    return Future.all(decodeConsumer.completion(), rasterConsumer.completion());
  }

  @Override
  public Future<?> stop() {
    // Unregistering with requests still queued would discard them (and Vert.x warns): let the reader's
    // requests settle first. The consumers keep serving while this waits.
    Future<Void> settled = gate == null ? Future.succeededFuture() : gate.close(vertx, closeTimeoutMs);
    return settled.compose(v -> Future.join(
        decodeConsumer == null ? Future.succeededFuture() : decodeConsumer.unregister(), rasterConsumer.unregister()));
  }
}
