package io.alphastream.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * A WebSocket client that sends its upgrade request and then never reads a byte (not even the 101): a raw
 * TCP socket, paused at once, with a small receive buffer, so the server meets a full queue soon. What an
 * unauthenticated client that wants to exhaust the server's memory does.
 */
public final class StalledClient {
  private StalledClient() {}

  /** Opens a stalled subscription to {@code uri} on 127.0.0.1:{@code port}. */
  public static Future<NetSocket> open(Vertx vertx, int port, String uri) {
    NetClient net = vertx.createNetClient(new NetClientOptions().setReceiveBufferSize(16 * 1024));
    return net.connect(port, "127.0.0.1").compose(socket -> {
      socket.pause();
      return socket.write("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n").map(socket);
    });
  }
}
