package io.alphastream.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.GatewayProcess;
import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.OriginServer;
import io.alphastream.gateway.testing.WsRecorder;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A cluster of gateway JVMs ({@link GatewayProcess}) on 127.0.0.1, shared by the tests of a class, with a
 * counting origin ({@link OriginServer}) serving {@code small.asvp} in this JVM. The test talks HTTP with a
 * blocking client on its own thread, and WebSocket with a Vert.x client; golden comparisons run on the test
 * thread, never on an event loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTestBase {
  static final String VIEWER_TOKEN = "viewer-" + UUID.randomUUID();
  static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
  static final long START_MS = 120_000;

  final String clusterName = "as-test-" + UUID.randomUUID().toString().substring(0, 8);
  final Path dir = GatewayProcess.targetDir("cluster-tests/" + getClass().getSimpleName() + "-" + clusterName);
  final List<GatewayProcess> nodes = new ArrayList<>();
  final List<Integer> hzPorts = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  Vertx vertx;
  WebSocketClient ws;
  OriginServer origin;

  /** Extra flags of node {@code index} (e.g. --frames owner, --max-subscribers). */
  abstract List<String> nodeFlags(int index);

  /** Number of nodes the class starts. */
  int nodeCount() {
    return 3;
  }

  @BeforeAll
  void startCluster() {
    Golden.preload();
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
    origin = await(new OriginServer(vertx, Fixtures.bytes("small.asvp"), 1_000).start());
    for (int i = 0; i < nodeCount(); i++) {
      hzPorts.add(GatewayProcess.freePort());
    }
    for (int i = 0; i < nodeCount(); i++) {
      nodes.add(node(String.valueOf((char) ('a' + i)), hzPorts.get(i)).args(nodeFlags(i).toArray(String[]::new)));
    }
    // the first node starts the cluster; the others join it together
    nodes.get(0).start().awaitServing(START_MS);
    nodes.subList(1, nodes.size()).forEach(GatewayProcess::start);
    nodes.subList(1, nodes.size()).forEach(n -> n.awaitServing(START_MS));
    for (GatewayProcess n : nodes) {
      awaitCluster(n, "all " + nodes.size() + " nodes", 60_000, v -> nodeIds(v).size() == nodes.size());
    }
  }

  /** A node of this class's cluster, not started. */
  GatewayProcess node(String name, int hzPort) {
    return GatewayProcess.cluster(dir, name, clusterName, hzPort, hzPorts)
        .env("ALPHASTREAM_GATEWAY_TOKEN", VIEWER_TOKEN).env("ALPHASTREAM_ADMIN_TOKEN", ADMIN_TOKEN);
  }

  @AfterAll
  void stopCluster() {
    nodes.forEach(GatewayProcess::kill);
    if (vertx != null) {
      await(vertx.close());
    }
    for (GatewayProcess n : nodes) { // blocking an event loop is a bug, also in a node
      assertThat(n.stdout() + n.stderr()).as(n.name() + "'s output").doesNotContain("has been blocked for");
    }
  }

  static <T> T await(Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  HttpResponse<String> request(String method, String url, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonObject getJson(GatewayProcess n, String path) {
    HttpResponse<String> r = request("GET", n.http() + path, VIEWER_TOKEN, null);
    return new JsonObject(r.body());
  }

  JsonObject cluster(GatewayProcess n) {
    HttpResponse<String> r = request("GET", n.http() + "/cluster", VIEWER_TOKEN, null);
    assertThat(r.statusCode()).as("GET /cluster on " + n.name() + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static List<String> nodeIds(JsonObject view) {
    List<String> ids = new ArrayList<>();
    view.getJsonArray("nodes").forEach(o -> ids.add(((JsonObject) o).getString("id")));
    return ids;
  }

  /** The view's entry of the node whose http URL is {@code n}'s. */
  static JsonObject entryOf(JsonObject view, GatewayProcess n) {
    for (Object o : view.getJsonArray("nodes")) {
      JsonObject e = (JsonObject) o;
      if (e.getString("http").equals(n.http())) {
        return e;
      }
    }
    return null;
  }

  /** Polls {@code n}'s /cluster until {@code check} holds; the last view. */
  JsonObject awaitCluster(GatewayProcess n, String what, long timeoutMs, Predicate<JsonObject> check) {
    JsonObject[] last = new JsonObject[1];
    boolean ok = GatewayProcess.poll(timeoutMs, 100, () -> {
      last[0] = cluster(n);
      return check.test(last[0]);
    });
    if (!ok) {
      throw new AssertionError("node " + n.name() + ": timed out waiting for " + what + "; /cluster: " + last[0]
          + "\n" + n.output());
    }
    return last[0];
  }

  /** PUTs stream {@code id} with {@code body} through {@code n}'s admin API. */
  void putStream(GatewayProcess n, String id, JsonObject body) {
    HttpResponse<String> r = request("PUT", n.http() + "/admin/streams/" + id, ADMIN_TOKEN, body.encode());
    assertThat(r.statusCode()).as("PUT " + id + " on " + n.name() + ": " + r.body()).isBetween(200, 204);
  }

  void deleteStream(GatewayProcess n, String id) {
    HttpResponse<String> r = request("DELETE", n.http() + "/admin/streams/" + id, ADMIN_TOKEN, null);
    assertThat(r.statusCode()).as("DELETE " + id + " on " + n.name() + ": " + r.body()).isBetween(200, 204);
  }

  /** Whether {@code n}'s /streams lists {@code id}, in any state (the catalog change has reached its gateway). */
  boolean listed(GatewayProcess n, String id) {
    return request("GET", n.http() + "/streams/" + id, VIEWER_TOKEN, null).statusCode() == 200;
  }

  /** Whether {@code n}'s /streams lists {@code id} as serving. */
  boolean serving(GatewayProcess n, String id) {
    HttpResponse<String> r = request("GET", n.http() + "/streams", VIEWER_TOKEN, null);
    if (r.statusCode() != 200) {
      return false;
    }
    Object body = new JsonObject("{\"a\":" + r.body() + "}").getValue("a");
    JsonArray list = body instanceof JsonArray a ? a : ((JsonObject) body).getJsonArray("streams");
    for (Object o : list) {
      JsonObject s = (JsonObject) o;
      if (id.equals(s.getString("id")) && "serving".equals(s.getString("state"))) {
        return true;
      }
    }
    return false;
  }

  /** A WebSocket subscription to {@code stream} on node {@code n}. */
  WsRecorder subscribe(GatewayProcess n, String stream, String query) {
    return await(WsRecorder.connect(vertx, ws, n.httpPort(), "/ws/streams/" + stream + "?" + query,
        Map.of("Authorization", "Bearer " + VIEWER_TOKEN)));
  }

  /** Asserts on the test thread that {@code f} is the golden mask of small.asvp at its size. */
  static void assertGolden(WsRecorder.Frame f) {
    assertThat(f.mask()).as("frame " + f.index() + " at " + f.header().width() + "x" + f.header().height())
        .isEqualTo(Golden.entry("small.asvp", f.index(), f.header().width(), f.header().height()).r8());
  }

  /** {@code {"source": origin url}}: the stream the tests add through the admin API. */
  JsonObject originStream() {
    return new JsonObject().put("source", origin.url());
  }
}
