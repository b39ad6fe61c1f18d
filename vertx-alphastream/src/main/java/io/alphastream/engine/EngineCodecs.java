package io.alphastream.engine;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.shareddata.LocalMap;

/**
 * Registers the engine's message codecs as default codecs of a {@link Vertx} instance. Several streams may
 * share one Vert.x, so registrations are reference-counted in a local map of that instance (no static
 * state): the first {@link #register} adds the codecs, the last {@link #unregister} removes them, except
 * on a clustered Vert.x, where they stay registered once added: a message from another node names its codec,
 * and a node without it drops the message (a reply to a stream that closed here, a request to a server
 * that reopens). The codecs are stateless, so keeping them costs nothing.
 *
 * <p>A codec is found by class when sending and by {@link io.vertx.core.eventbus.MessageCodec#name() name}
 * when a message arrives from another node ({@code registerDefaultCodec} registers both), so every node of a
 * cluster that runs streams registers the same set.
 */
public final class EngineCodecs {
  private static final String MAP = "alphastream.engine.codecs";
  private static final String REFS = "refs";

  private EngineCodecs() {}

  public static void register(Vertx vertx) {
    LocalMap<String, Integer> map = vertx.sharedData().getLocalMap(MAP);
    map.compute(REFS, (k, refs) -> {
      if (refs == null) {
        EventBus bus = vertx.eventBus();
        bus.registerDefaultCodec(DecodeRequest.class, new DecodeRequestCodec());
        bus.registerDefaultCodec(DecodedFrame.class, new DecodedFrameCodec());
        bus.registerDefaultCodec(RasterRequest.class, new RasterRequestCodec());
        bus.registerDefaultCodec(RasterizedFrame.class, new RasterizedFrameCodec());
        bus.registerDefaultCodec(EngineFailure.class, new EngineFailureCodec());
        bus.registerDefaultCodec(StreamRequest.class, new StreamRequestCodec());
        bus.registerDefaultCodec(StreamInfo.class, new StreamInfoCodec());
        bus.registerDefaultCodec(ServedFrame.class, new ServedFrameCodec());
        bus.registerDefaultCodec(ServedBlock.class, new ServedBlockCodec());
      }
      return refs == null ? 1 : refs + 1;
    });
  }

  public static void unregister(Vertx vertx) {
    LocalMap<String, Integer> map = vertx.sharedData().getLocalMap(MAP);
    map.computeIfPresent(REFS, (k, refs) -> {
      if (refs > 1) {
        return refs - 1;
      }
      if (vertx.isClustered()) {
        return 0; // other nodes may still send (late replies, failures): the names must stay decodable
      }
      EventBus bus = vertx.eventBus();
      bus.unregisterDefaultCodec(DecodeRequest.class);
      bus.unregisterDefaultCodec(DecodedFrame.class);
      bus.unregisterDefaultCodec(RasterRequest.class);
      bus.unregisterDefaultCodec(RasterizedFrame.class);
      bus.unregisterDefaultCodec(EngineFailure.class);
      bus.unregisterDefaultCodec(StreamRequest.class);
      bus.unregisterDefaultCodec(StreamInfo.class);
      bus.unregisterDefaultCodec(ServedFrame.class);
      bus.unregisterDefaultCodec(ServedBlock.class);
      return null;
    });
  }
}
