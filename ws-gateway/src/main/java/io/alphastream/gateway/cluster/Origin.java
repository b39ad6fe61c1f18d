package io.alphastream.gateway.cluster;

import io.alphastream.AlphaStream;
import io.alphastream.gateway.MaskSource;
import io.alphastream.gateway.StreamOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** How this node reads a catalog stream from its origin, with its passphrase references resolved here. */
public interface Origin {

  /** The stream's masks from its origin: what a node on its own does ({@code --frames origin}). */
  Future<MaskSource> open(Vertx vertx, StreamOptions stream);

  /**
   * The stream opened from its origin and answering engine requests at event-bus {@code address}
   * ({@code --frames owner}: the owner reads for every node).
   */
  Future<AlphaStream> openServing(Vertx vertx, StreamOptions stream, String address);
}
