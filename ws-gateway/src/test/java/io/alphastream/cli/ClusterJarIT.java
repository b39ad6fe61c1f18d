package io.alphastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.GatewayProcess;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar (what {@code ./alphastream} runs; failsafe runs this after {@code package}): a gateway without
 * {@code --cluster} loads no Hazelcast class, and two gateways with {@code --cluster} form one cluster with
 * Hazelcast inside the jar (its service files merged).
 */
class ClusterJarIT {
  private static String jar;
  private static final Path DIR = GatewayProcess.targetDir("cluster-tests/jar-" + UUID.randomUUID().toString().substring(0, 8));

  @BeforeAll
  static void locate() throws IOException {
    Path root = Paths.get(System.getProperty("alphastream.root", "..")).toAbsolutePath().normalize();
    try (Stream<Path> s = Files.list(root.resolve("ws-gateway/target"))) {
      jar = s.filter(p -> p.getFileName().toString().matches("ws-gateway-.*-all\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded jar: run mvn package first")).toString();
    }
  }

  @Test
  void withoutClusterFlagsNoHazelcastClassIsLoaded() throws IOException {
    Path classes = DIR.resolve("plain-classes.log");
    try (GatewayProcess plain = GatewayProcess.gateway(DIR, "plain").jar(jar)
        .jvmArgs("-Xlog:class+load=info:file=" + classes).start().awaitServing(60_000)) {
      String loaded = Files.readString(classes);
      assertThat(loaded).as("the class-load log").contains("io.alphastream.cli.ServeCommand");
      assertThat(loaded).doesNotContain("com.hazelcast").doesNotContain("io.vertx.spi.cluster");
      plain.stop();
    }
  }

  @Test
  void twoNodesFromTheJarFormOneCluster() throws Exception {
    String name = "as-jar-" + UUID.randomUUID().toString().substring(0, 8);
    int pa = GatewayProcess.freePort();
    int pb = GatewayProcess.freePort();
    try (GatewayProcess a = GatewayProcess.cluster(DIR, "a", name, pa, List.of(pa, pb)).jar(jar).start();
        GatewayProcess b = GatewayProcess.cluster(DIR, "b", name, pb, List.of(pa, pb)).jar(jar)) {
      a.awaitServing(120_000);
      b.start().awaitServing(120_000);
      HttpClient http = HttpClient.newHttpClient();
      boolean both = GatewayProcess.poll(60_000, 100, () -> {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.http() + "/cluster")).build(),
              HttpResponse.BodyHandlers.ofString());
          return r.statusCode() == 200 && new JsonObject(r.body()).getJsonArray("nodes").size() == 2;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });
      assertThat(both).as("b lists both nodes\n" + a.output() + b.output()).isTrue();
      assertThat(a.stdout()).contains("Cluster \"" + name + "\": node ");
      assertThat(a.stderr() + b.stderr()).as("Hazelcast's log stays off the console").doesNotContain("com.hazelcast")
          .doesNotContain("Members {");
    }
  }
}
