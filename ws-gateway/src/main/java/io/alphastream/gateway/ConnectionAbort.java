package io.alphastream.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Closes a WebSocket's TCP connection at once, without the close handshake (and without passing through
 * Vert.x's channel handler, which would start that handshake). Vert.x has no public call for
 * this: {@link ServerWebSocket#close} queues a close frame behind the unsent messages and, when the
 * connection then ends another way (the peer leaves, the idle timeout), completes its close twice and logs a
 * "promise already done" stack trace. The Netty channel is reached through Vert.x's internal SPI, on the
 * socket when it is Vert.x's own, else on the HTTP connection it was upgraded from (vertx-web wraps the
 * socket); GatewayStalledCloseTest fails if this stops working.
 */
final class ConnectionAbort {
  private ConnectionAbort() {}

  /** A closer of the TCP connection under {@code ws}, or null when neither object exposes its channel. */
  static Runnable of(ServerWebSocket ws, HttpConnection upgradedFrom) {
    Channel channel = null;
    if (ws instanceof WebSocketInternal internal) {
      channel = internal.channelHandlerContext().channel();
    } else if (upgradedFrom instanceof ConnectionBase base) {
      channel = base.channel();
    }
    if (channel == null) {
      return null;
    }
    Channel c = channel;
    // From the first handler's context, so the close goes straight to the socket: Vert.x's own handler (last
    // in the pipeline) would turn a channel close into the same close handshake.
    return () -> {
      ChannelHandlerContext first = c.pipeline().firstContext();
      if (first != null) {
        first.close();
      } else {
        c.close();
      }
    };
  }
}
