package io.alphastream.gateway.testing;

import io.alphastream.gateway.encode.FrameHeader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client (Vert.x) that records every message in arrival order and lets a test wait for
 * a condition over what arrived, without sleeping: each arrival re-checks the pending conditions.
 * Confined to the client's event loop.
 */
public final class WsRecorder {
  /** One binary frame message as received. */
  public record Frame(FrameHeader header, byte[] message, long arrivalNanos) {
    public int index() {
      return header.frameIndex();
    }

    /** The R8 mask, decoded with the test's own decoders. */
    public byte[] mask() {
      int pixels = header.width() * header.height();
      return switch (header.encoding()) {
        case R8 -> Arrays.copyOfRange(message, FrameHeader.LENGTH, message.length);
        case RLE -> RleDecoder.decode(message, FrameHeader.LENGTH, message.length - FrameHeader.LENGTH, pixels);
        case POLY -> PolyDecoder.rasterize(payload(), index(), header.width(), header.height());
      };
    }

    /** The bytes after the header. */
    public byte[] payload() {
      return Arrays.copyOfRange(message, FrameHeader.LENGTH, message.length);
    }
  }

  private final ClientWebSocket ws;
  private final List<Object> messages = new ArrayList<>();
  private final List<Frame> frames = new ArrayList<>();
  private final List<JsonObject> texts = new ArrayList<>();
  // waiters are added from any thread (tests that wait on their own thread) and checked on the socket's
  private final List<Waiter> waiters = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Short closeCode;
  /** The close handler ran: the close code and reason (if any came) are recorded. */
  private volatile boolean closeSeen;
  private volatile String closeReason;

  private record Waiter(Predicate<WsRecorder> condition, Promise<Void> promise) {}

  private WsRecorder(ClientWebSocket ws) {
    this.ws = ws;
  }

  /**
   * Connects to {@code uri} on 127.0.0.1:{@code port} with extra request headers, from a context of
   * {@code vertx}: Vert.x 5.0.7's {@code ClientWebSocket} installs the handlers in a callback, and when
   * {@code connect} is called from a non-Vert.x thread that callback is a task of its own, so a server that
   * answers and closes at once (an error message, then the close) makes it throw "WebSocket is closed" and the
   * messages are lost (1 connect in 700 to 1,250 on a loaded machine; 0 in 20,000 from a context).
   */
  public static Future<WsRecorder> connect(Vertx vertx, WebSocketClient client, int port, String uri,
      Map<String, String> headers) {
    ClientWebSocket ws = client.webSocket();
    WsRecorder r = new WsRecorder(ws);
    ws.textMessageHandler(t -> r.add(new JsonObject(t)));
    ws.binaryMessageHandler(b -> r.add(b));
    ws.closeHandler(v -> {
      r.closeCode = ws.closeStatusCode();
      r.closeReason = ws.closeReason();
      r.closeSeen = true;
      r.check();
    });
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    headers.forEach(o::addHeader);
    Promise<WsRecorder> connected = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> ws.connect(o).map(r).onComplete(connected));
    return connected.future();
  }

  public static Future<WsRecorder> connect(Vertx vertx, WebSocketClient client, int port, String uri) {
    return connect(vertx, client, port, uri, Map.of());
  }

  private void add(Object msg) {
    if (msg instanceof Buffer b) {
      byte[] bytes = b.getBytes();
      Frame f = new Frame(FrameHeader.read(bytes, 0, bytes.length), bytes, System.nanoTime());
      frames.add(f);
      messages.add(f);
    } else {
      texts.add((JsonObject) msg);
      messages.add(msg);
    }
    check();
  }

  private void check() {
    // Completing a promise runs its callbacks now, and they may add waiters: iterate over a copy.
    for (Waiter w : new ArrayList<>(waiters)) {
      try {
        if (w.condition.test(this)) {
          waiters.remove(w);
          w.promise.tryComplete();
        }
      } catch (RuntimeException | AssertionError e) {
        waiters.remove(w);
        w.promise.tryFail(e);
      }
    }
  }

  /** Completes once {@code condition} holds (checked now and after every message and the close). */
  public Future<Void> until(String what, Predicate<WsRecorder> condition) {
    Promise<Void> p = Promise.promise();
    waiters.add(new Waiter(condition, p));
    check();
    return p.future().timeout(20, TimeUnit.SECONDS)
        .recover(err -> Future.failedFuture(new AssertionError("waiting for " + what + ": " + err.getMessage()
            + "; got " + summary(), err)));
  }

  /** The first text message of {@code type} after message number {@code from}. */
  public Future<JsonObject> text(String type, int from) {
    return until("a \"" + type + "\" message", r -> r.findText(type, from) != null).map(v -> findText(type, from));
  }

  private JsonObject findText(String type, int from) {
    for (int i = from; i < messages.size(); i++) {
      if (messages.get(i) instanceof JsonObject j && type.equals(j.getString("type"))) {
        return j;
      }
    }
    return null;
  }

  /** The first frame after message number {@code from}. */
  public Future<Frame> frameAfter(int from) {
    return until("a frame", r -> r.findFrame(from) != null).map(v -> findFrame(from));
  }

  private Frame findFrame(int from) {
    for (int i = from; i < messages.size(); i++) {
      if (messages.get(i) instanceof Frame f) {
        return f;
      }
    }
    return null;
  }

  /**
   * Completes when the connection is closed and its close code (if the peer sent one) is recorded: the
   * socket reports {@code isClosed()} before its close handler has run, so that alone is not enough.
   */
  public Future<Void> closed() {
    return until("the close", r -> r.closeSeen);
  }

  public void send(JsonObject control) {
    ws.writeTextMessage(control.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  public ClientWebSocket socket() {
    return ws;
  }

  /** Number of messages so far: an index for {@link #text} and {@link #frameAfter}. */
  public int mark() {
    return messages.size();
  }

  public List<Object> messages() {
    return messages;
  }

  public List<Frame> frames() {
    return frames;
  }

  public List<JsonObject> texts() {
    return texts;
  }

  public Short closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  private String summary() {
    return texts + ", " + frames.size() + " frames, close " + closeCode;
  }
}
