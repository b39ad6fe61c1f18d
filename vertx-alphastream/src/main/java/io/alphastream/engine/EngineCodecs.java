package io.alphastream.engine;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.shareddata.LocalMap;

/**
 * Registers the engine's message codecs as default codecs of a {@link Vertx} instance. Several streams may
 * share one Vert.x, so registrations are reference-counted in a local map of that instance (no static
 * state): the first {@link #register} adds the codecs, the last {@link #unregister} removes them.
 */
public final class EngineCodecs {
  private static final String MAP = "alphastream.engine.codecs";
  private static final String REFS = "refs";

  private EngineCodecs() {}

  public static void register(Vertx vertx) {
    LocalMap<String, Integer> map = vertx.sharedData().getLocalMap(MAP);
    map.compute(REFS, (k, refs) -> {
      if (refs == null || refs == 0) {
        EventBus bus = vertx.eventBus();
        bus.registerDefaultCodec(DecodeRequest.class, new DecodeRequestCodec());
        bus.registerDefaultCodec(DecodedFrame.class, new DecodedFrameCodec());
        bus.registerDefaultCodec(RasterRequest.class, new RasterRequestCodec());
        bus.registerDefaultCodec(RasterizedFrame.class, new RasterizedFrameCodec());
        bus.registerDefaultCodec(EngineFailure.class, new EngineFailureCodec());
        return 1;
      }
      return refs + 1;
    });
  }

  public static void unregister(Vertx vertx) {
    LocalMap<String, Integer> map = vertx.sharedData().getLocalMap(MAP);
    map.computeIfPresent(REFS, (k, refs) -> {
      if (refs > 1) {
        return refs - 1;
      }
      EventBus bus = vertx.eventBus();
      bus.unregisterDefaultCodec(DecodeRequest.class);
      bus.unregisterDefaultCodec(DecodedFrame.class);
      bus.unregisterDefaultCodec(RasterRequest.class);
      bus.unregisterDefaultCodec(RasterizedFrame.class);
      bus.unregisterDefaultCodec(EngineFailure.class);
      return null;
    });
  }
}
