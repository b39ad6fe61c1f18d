package io.alphastream.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.GatewayProcess;
import io.alphastream.gateway.testing.WsRecorder;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three gateway JVMs in one cluster ({@code --frames origin}, the default): the catalog, the admin API, the
 * cluster-wide subscriber limit, a node of another cluster. The last test kills a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterOriginTest extends ClusterTestBase {
  static final int MAX_SUBSCRIBERS = 2;

  @Override
  List<String> nodeFlags(int index) {
    return List.of("--max-subscribers", String.valueOf(MAX_SUBSCRIBERS));
  }

  @Test
  @Order(1)
  void everyNodeListsEveryNodeWithItsHttpAddress() {
    for (GatewayProcess n : nodes) {
      JsonObject view = cluster(n);
      for (GatewayProcess m : nodes) {
        JsonObject e = entryOf(view, m);
        assertThat(e).as(n.name() + " sees " + m.name() + ": " + view).isNotNull();
        assertThat(e.getLong("uptimeMs")).isNotNegative();
        assertThat(e.getJsonObject("subscribers")).isNotNull();
        assertThat(e.getJsonArray("owns")).isEmpty(); // --frames origin: nobody reads for the others
      }
      // hello / health name the node: the same id as in /cluster
      String id = getJson(n, "/health").getString("node");
      assertThat(entryOf(view, n).getString("id")).isEqualTo(id);
    }
  }

  @Test
  @Order(2)
  void aStreamPutOnOneNodeIsServedByteExactByAnotherWithinTwoSecondsAndDeleteClosesItsSubscribersEverywhere() {
    GatewayProcess a = nodes.get(0);
    GatewayProcess b = nodes.get(1);
    GatewayProcess c = nodes.get(2);
    long put = System.nanoTime();
    putStream(a, "added", originStream());
    boolean listed = GatewayProcess.poll(10_000, 20, () -> listed(c, "added"));
    long listedMs = (System.nanoTime() - put) / 1_000_000;
    assertThat(listed).as("node c has the stream put on node a").isTrue();
    assertThat(listedMs).as("the catalog change reaches every node within 2 s").isLessThanOrEqualTo(2_000);
    // opening the origin (header and index over HTTP) takes what a busy machine takes
    assertThat(GatewayProcess.poll(30_000, 20, () -> serving(c, "added"))).as("node c serves it").isTrue();
    System.out.printf("[cluster] PUT on a -> listed on c after %d ms, serving after %d ms%n", listedMs,
        (System.nanoTime() - put) / 1_000_000);

    WsRecorder onC = subscribe(c, "added", "w=640&h=320&start=119&encoding=rle");
    WsRecorder.Frame f = await(onC.frameAfter(0));
    assertThat(f.index()).isEqualTo(119);
    assertGolden(f);
    WsRecorder onA = subscribe(a, "added", "w=333&h=177&start=239&encoding=r8");
    assertGolden(await(onA.frameAfter(0)));

    deleteStream(b, "added");
    for (WsRecorder r : List.of(onA, onC)) {
      await(r.closed());
      JsonObject error = r.texts().stream().filter(t -> "error".equals(t.getString("type"))).findFirst().orElse(null);
      assertThat(error).as("the error before the close: " + r.texts()).isNotNull();
      assertThat(error.getString("code")).isEqualTo("stream_removed");
      assertThat((int) r.closeCode()).isEqualTo(1008);
    }
    assertThat(GatewayProcess.poll(10_000, 50, () -> nodes.stream().noneMatch(n -> serving(n, "added"))))
        .as("no node serves the deleted stream").isTrue();
  }

  @Test
  @Order(3)
  void theAdminApiRefusesAMissingOrWrongTokenAndTheViewerToken() {
    GatewayProcess a = nodes.get(0);
    String body = originStream().encode();
    for (String token : new String[] {null, "wrong-" + ADMIN_TOKEN, VIEWER_TOKEN}) {
      HttpResponse<String> put = request("PUT", a.http() + "/admin/streams/forbidden", token, body);
      assertThat(put.statusCode()).as("PUT with token " + (token == null ? "none" : "a wrong one")).isIn(401, 403);
      HttpResponse<String> del = request("DELETE", a.http() + "/admin/streams/forbidden", token, null);
      assertThat(del.statusCode()).isIn(401, 403);
    }
    // /cluster wants the viewer token like /streams
    assertThat(request("GET", a.http() + "/cluster", null, null).statusCode()).isEqualTo(401);
    assertThat(nodes).noneMatch(n -> serving(n, "forbidden"));
  }

  @Test
  @Order(4)
  void aNodeWithAnotherClusterNameStaysAlone() {
    int port = GatewayProcess.freePort();
    // it lists the cluster's members, but its name differs: Hazelcast refuses the join
    try (GatewayProcess other = GatewayProcess.cluster(dir, "other", clusterName + "-other", port, hzPorts)
        .env("ALPHASTREAM_GATEWAY_TOKEN", VIEWER_TOKEN).start().awaitServing(START_MS)) {
      JsonObject alone = awaitCluster(other, "its own heartbeat", 30_000, v -> nodeIds(v).size() == 1);
      String otherId = nodeIds(alone).get(0);
      // the cluster has seen it beat for a while now and still counts three
      awaitCluster(other, "its uptime", 30_000, v -> v.getJsonArray("nodes").getJsonObject(0).getLong("uptimeMs") > 3_000);
      for (GatewayProcess n : nodes) {
        JsonObject view = cluster(n);
        assertThat(nodeIds(view)).hasSize(nodes.size()).doesNotContain(otherId);
      }
      assertThat(nodeIds(cluster(other))).containsExactly(otherId);
    }
  }

  @Test
  @Order(5)
  void theSubscriberLimitHoldsAcrossNodesAndAKilledNodesSubscribersStopCounting() {
    GatewayProcess a = nodes.get(0);
    GatewayProcess b = nodes.get(1);
    GatewayProcess c = nodes.get(2);
    putStream(a, "limited", originStream());
    assertThat(GatewayProcess.poll(10_000, 50, () -> nodes.stream().allMatch(n -> serving(n, "limited")))).isTrue();
    WsRecorder onA = subscribe(a, "limited", "w=64&h=32&fps=10");
    WsRecorder onB = subscribe(b, "limited", "w=64&h=32&fps=10");
    await(onA.frameAfter(0));
    await(onB.frameAfter(0));
    awaitCluster(c, "a and b each counting one subscriber", 15_000,
        v -> count(v, a, "limited") == 1 && count(v, b, "limited") == 1);

    WsRecorder refused = subscribe(c, "limited", "w=64&h=32&fps=10");
    await(refused.closed());
    assertThat(refused.texts()).anySatisfy(t -> assertThat(t.getString("code")).isEqualTo("limit"));
    assertThat(refused.frames()).isEmpty();

    long kill = System.nanoTime();
    b.kill();
    awaitCluster(c, "b gone", 10_000, v -> entryOf(v, b) == null);
    long goneMs = (System.nanoTime() - kill) / 1_000_000;
    System.out.printf("[cluster] kill -9 of b -> its subscribers stop counting after %d ms%n", goneMs);
    WsRecorder admitted = subscribe(c, "limited", "w=64&h=32&fps=10");
    WsRecorder.Frame f = await(admitted.frameAfter(0));
    assertThat(admitted.closeCode()).isNull();
    assertThat(f.header().width()).isEqualTo(64);
  }

  private static int count(JsonObject view, GatewayProcess n, String stream) {
    JsonObject e = entryOf(view, n);
    return e == null ? -1 : e.getJsonObject("subscribers").getInteger(stream, 0);
  }
}
