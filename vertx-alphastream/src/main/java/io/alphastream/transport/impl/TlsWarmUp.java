package io.alphastream.transport.impl;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/**
 * The first TLS connection of a JVM initialises the JDK's TLS provider (providers, trust store,
 * entropy) and loads Netty's SSL classes: 100 ms to seconds of one-time work that Vert.x would do inside
 * the connect, on the event loop. {@link HttpRangeSource} runs this on a worker before it opens an
 * {@code https} source, so the connect finds everything initialised. Idempotent and cheap once done.
 */
final class TlsWarmUp {
  private TlsWarmUp() {}

  /** Blocking: call from a worker. */
  static void run() throws SSLException, java.security.GeneralSecurityException {
    javax.net.ssl.SSLContext.getDefault().createSSLEngine().getSupportedCipherSuites();
    SslContext ctx = SslContextBuilder.forClient().build();
    // a handler is what Vert.x builds per connection: loading its classes here is the point
    ctx.newHandler(ByteBufAllocator.DEFAULT).engine().closeOutbound();
  }
}
