package io.alphastream.gateway;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.source.StreamSources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * Opens the {@link MaskSource} of a configured stream, through the library's source model
 * ({@link StreamSources}): the same locators, salt-name defaults and passphrase references as the CLI
 * and the C ABI.
 */
public final class MaskSources {
  private MaskSources() {}

  /**
   * Opens {@code stream} through the streaming engine; fails with an
   * {@link io.alphastream.AlphaStreamException} naming the source.
   */
  public static Future<MaskSource> open(Vertx vertx, StreamOptions stream) {
    return open(vertx, stream, System::getenv);
  }

  /** {@link #open(Vertx, StreamOptions)} with {@code env} looking up environment variables (a node's own, or a test's). */
  public static Future<MaskSource> open(Vertx vertx, StreamOptions stream, Function<String, String> env) {
    return StreamSources.open(vertx, stream.getSource(), stream.getKey(), new AlphaStreamOptions(), env)
        .map(alpha -> new EngineMaskSource(stream.getId(), alpha));
  }

  /** The masks of an open engine handle (a local or a remote {@link AlphaStream}) as catalog stream {@code id}. */
  public static MaskSource of(String id, AlphaStream alpha) {
    return new EngineMaskSource(id, alpha);
  }
}
