// Cluster benchmark (not part of CI): run by run.sh as `java -cp ws-gateway-*-all.jar ClusterBench.java ...`.
// Starts 1, 2 and 3 gateway JVMs (`serve --cluster`) on 127.0.0.1 for --frames origin and owner, an origin
// range server in this JVM that counts requests and bytes, one WebSocket subscriber per node, and measures:
// origin requests and bytes per frame, the latency of a remote frame vs a local one (this JVM joins as a lite
// member), and the frame gap when the owner is killed with SIGKILL.
import com.hazelcast.config.Config;
import io.alphastream.AlphaStream;
import io.alphastream.gateway.StreamOptions;
import io.alphastream.gateway.encode.FrameHeader;
import io.alphastream.gateway.cluster.ClusterNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

public class ClusterBench {
  static final String ADMIN = "bench-admin-" + UUID.randomUUID();
  static final int FRAMES = 240; // small.asvp: 240 frames, 4 s at 60 fps
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static String jar;
  static Path logs;
  static Vertx vertx;
  static final AtomicLong originRequests = new AtomicLong();
  static final AtomicLong originBytes = new AtomicLong();
  static String originUrl;

  record Node(String name, Process process, int hzPort, int httpPort) {
    String http() {
      return "http://127.0.0.1:" + httpPort;
    }
  }

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1); // Vert.x threads would keep the JVM alive
    }
  }

  static void run(String[] args) throws Exception {
    System.setProperty("hazelcast.logging.type", "none"); // this JVM's lite member: keep Hazelcast's log off the results
    jar = args[0];
    Path fixture = Path.of(args[1]);
    logs = Files.createDirectories(Path.of(args[2]));
    vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(4));
    Buffer file = Buffer.buffer(Files.readAllBytes(fixture));
    var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(req -> {
      originRequests.incrementAndGet();
      String range = req.getHeader("Range");
      Buffer body = file;
      req.response().putHeader("ETag", "\"v1\"").putHeader("Accept-Ranges", "bytes");
      if (range != null && range.startsWith("bytes=")) {
        String[] p = range.substring(6).split("-", -1);
        int a = Integer.parseInt(p[0]);
        int b = p[1].isEmpty() ? file.length() - 1 : Math.min(file.length() - 1, Integer.parseInt(p[1]));
        body = file.getBuffer(a, b + 1);
        req.response().setStatusCode(206).putHeader("Content-Range", "bytes " + a + "-" + b + "/" + file.length());
      }
      originBytes.addAndGet(body.length());
      req.response().end(body);
    }).listen().await(30, TimeUnit.SECONDS);
    originUrl = "http://127.0.0.1:" + server.actualPort() + "/small.asvp";
    System.out.printf("# cluster bench %s: %d cores, load %s, stream small.asvp (%d bytes, %d frames), subscribers 640x320 rle 60 fps, one per node%n",
        java.time.OffsetDateTime.now(), Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).trim(), file.length(), FRAMES);
    System.out.println("| frames | nodes | origin requests | origin bytes | requests per frame | bytes per frame | first pass (s) |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String mode : List.of("origin", "owner")) {
      for (int n = 1; n <= 3; n++) {
        List<Node> nodes = cluster(mode, n);
        try {
          onePass(mode, nodes);
          if (mode.equals("owner") && n == 3) {
            latency(nodes);
            failover(nodes);
          }
        } finally {
          nodes.forEach(x -> x.process().destroyForcibly());
          for (Node x : nodes) {
            x.process().waitFor(30, TimeUnit.SECONDS);
          }
        }
      }
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static List<Node> cluster(String mode, int n) throws Exception {
    String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports.add(freePort());
    }
    String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    List<Node> nodes = new ArrayList<>();
    List<Process> procs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String node = mode + n + "-" + (char) ('a' + i);
      ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-jar", jar, "serve", "--port", "0", "--cluster",
          "--cluster-port", String.valueOf(ports.get(i)), "--cluster-members", members, "--cluster-name", name,
          "--frames", mode, "--cluster-log", logs.resolve(node + ".cluster.log").toString())
          .redirectOutput(logs.resolve(node + ".out").toFile()).redirectError(logs.resolve(node + ".err").toFile());
      pb.environment().put("ALPHASTREAM_ADMIN_TOKEN", ADMIN);
      procs.add(pb.start());
      if (i == 0) {
        nodes.add(new Node(node, procs.get(0), ports.get(0), awaitPort(logs.resolve(node + ".out"))));
      }
    }
    for (int i = 1; i < n; i++) {
      String node = mode + n + "-" + (char) ('a' + i);
      nodes.add(new Node(node, procs.get(i), ports.get(i), awaitPort(logs.resolve(node + ".out"))));
    }
    for (Node x : nodes) {
      await("cluster of " + n, 60_000, () -> get(x, "/cluster").getJsonArray("nodes").size() == n);
    }
    return nodes;
  }

  /** Adds a stream, one subscriber per node plays it once from frame 0: origin reads per frame. */
  static void onePass(String mode, List<Node> nodes) throws Exception {
    String id = "pass";
    long r0 = originRequests.get();
    long b0 = originBytes.get();
    long t0 = System.nanoTime();
    put(nodes.get(0), id);
    for (Node x : nodes) {
      await("serving", 30_000, () -> serving(x, id));
    }
    List<Sub> subs = new ArrayList<>();
    for (Node x : nodes) {
      subs.add(subscribe(x, id));
    }
    for (Sub s : subs) {
      await("a pass", 60_000, () -> s.indexes.size() >= FRAMES);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long r = originRequests.get() - r0;
    long b = originBytes.get() - b0;
    subs.forEach(s -> s.ws.close());
    System.out.printf("| %s | %d | %d | %d | %.2f | %.0f | %.1f |%n", mode, nodes.size(), r, b, (double) r / FRAMES,
        (double) b / FRAMES, secs);
  }

  /** Cold frames through a remote stream (owner on another JVM) vs a local stream reading the origin. */
  static void latency(List<Node> nodes) throws Exception {
    Vertx member = member(nodes);
    try {
      String json = member.sharedData().<String, String>getAsyncMap("alphastream.catalog").compose(m -> m.get("pass"))
          .await(30, TimeUnit.SECONDS);
      String address = ClusterNode.address(new StreamOptions(new JsonObject(json)));
      AlphaStream remote = AlphaStream.builder().vertx(member).remote(address).build();
      AlphaStream local = AlphaStream.builder().vertx(member).source(originUrl).build();
      remote.open().await(30, TimeUnit.SECONDS);
      local.open().await(30, TimeUnit.SECONDS);
      long[] r = time(remote);
      long[] l = time(local);
      long[] rw = time(remote);
      long[] lw = time(local);
      System.out.println();
      System.out.println("| frame 640x320, one at a time, 240 frames | p50 (ms) | p99 (ms) |");
      System.out.println("|---|---|---|");
      System.out.printf("| remote (owner on another JVM), first read | %.2f | %.2f |%n", pct(r, 50), pct(r, 99));
      System.out.printf("| local (reads the origin), first read | %.2f | %.2f |%n", pct(l, 50), pct(l, 99));
      System.out.printf("| remote, cached | %.3f | %.3f |%n", pct(rw, 50), pct(rw, 99));
      System.out.printf("| local, cached | %.3f | %.3f |%n", pct(lw, 50), pct(lw, 99));
      remote.closeAsync().await(10, TimeUnit.SECONDS);
      local.closeAsync().await(10, TimeUnit.SECONDS);
    } finally {
      member.close().await(30, TimeUnit.SECONDS);
    }
  }

  static long[] time(AlphaStream s) throws Exception {
    long[] ns = new long[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      long t = System.nanoTime();
      s.mask(i, 640, 320).await(30, TimeUnit.SECONDS);
      ns[i] = System.nanoTime() - t;
    }
    Arrays.sort(ns);
    return ns;
  }

  static double pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }

  /** kill -9 of the owner of a fresh stream while the other nodes' subscribers play it. */
  static void failover(List<Node> nodes) throws Exception {
    String id = "failover";
    put(nodes.get(0), id);
    Node[] owner = new Node[1];
    await("an owner", 30_000, () -> (owner[0] = ownerOf(nodes, id, null)) != null);
    List<Node> others = new ArrayList<>(nodes);
    others.remove(owner[0]);
    for (Node x : others) {
      await("serving", 30_000, () -> serving(x, id));
    }
    List<Sub> subs = new ArrayList<>();
    for (Node x : others) {
      subs.add(subscribe(x, id));
    }
    for (Sub s : subs) {
      await("30 frames", 30_000, () -> s.indexes.size() >= 30);
    }
    long kill = System.nanoTime();
    owner[0].process().destroyForcibly();
    owner[0].process().waitFor(30, TimeUnit.SECONDS);
    Node[] next = new Node[1];
    await("a new owner", 30_000, () -> (next[0] = ownerOf(others, id, owner[0])) != null);
    double takeover = (System.nanoTime() - kill) / 1e6;
    List<Integer> seen = subs.stream().map(s -> s.indexes.size()).toList();
    for (int i = 0; i < subs.size(); i++) {
      int from = seen.get(i);
      Sub s = subs.get(i);
      await("120 frames after the kill", 60_000, () -> s.indexes.size() >= from + 120);
    }
    System.out.println();
    System.out.printf("failover: owner %s killed (SIGKILL); %s owned the stream after %.0f ms%n", owner[0].name(), next[0].name(), takeover);
    for (int i = 0; i < subs.size(); i++) {
      Sub s = subs.get(i);
      long gap = 0;
      int skipped = 0;
      for (int k = 1; k < s.arrivals.size(); k++) {
        gap = Math.max(gap, s.arrivals.get(k) - s.arrivals.get(k - 1));
        int d = s.indexes.get(k) - s.indexes.get(k - 1);
        if (d > 1) {
          skipped += d - 1;
        }
      }
      System.out.printf("  subscriber on %s: largest gap between frames %.0f ms, frames skipped %d, closed %s%n",
          others.get(i).name(), gap / 1e6, skipped, s.closed);
      s.ws.close();
    }
  }

  static Node ownerOf(List<Node> nodes, String id, Node not) {
    JsonObject v = get(nodes.get(0), "/cluster");
    Node found = null;
    for (Object o : v.getJsonArray("nodes")) {
      JsonObject e = (JsonObject) o;
      if (e.getJsonArray("owns").contains(id)) {
        for (Node x : nodes) {
          if (x != not && e.getString("http").equals(x.http())) {
            found = x;
          }
        }
      }
    }
    return found;
  }

  static Vertx member(List<Node> nodes) throws Exception {
    Config c = new Config().setClusterName(clusterNameOf(nodes.get(0))).setLiteMember(true);
    c.getNetworkConfig().setPort(freePort()).setPortAutoIncrement(false);
    c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true);
    nodes.forEach(x -> c.getNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:" + x.hzPort()));
    c.setProperty("hazelcast.logging.type", "none").setProperty("hazelcast.phone.home.enabled", "false");
    return Vertx.builder().with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")))
        .withClusterManager(new HazelcastClusterManager(c)).buildClustered().await(60, TimeUnit.SECONDS);
  }

  static String clusterNameOf(Node n) throws Exception {
    String out = Files.readString(logs.resolve(n.name() + ".out"));
    int a = out.indexOf("Cluster \"") + 9;
    return out.substring(a, out.indexOf('"', a));
  }

  static final class Sub {
    final List<Integer> indexes = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    io.vertx.core.http.WebSocket ws;
  }

  static Sub subscribe(Node n, String id) throws Exception {
    Sub s = new Sub();
    WebSocketClient client = vertx.createWebSocketClient();
    s.ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(n.httpPort())
        .setURI("/ws/streams/" + id + "?w=640&h=320&fps=60&start=0&encoding=rle")).await(30, TimeUnit.SECONDS);
    s.ws.binaryMessageHandler(b -> {
      byte[] bytes = b.getBytes();
      s.indexes.add(FrameHeader.read(bytes, 0, bytes.length).frameIndex());
      s.arrivals.add(System.nanoTime());
    });
    s.ws.closeHandler(v -> s.closed = true);
    return s;
  }

  static void put(Node n, String id) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(n.http() + "/admin/streams/" + id))
        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("source", originUrl).encode())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("PUT " + id + ": " + r.statusCode() + " " + r.body());
    }
  }

  static JsonObject get(Node n, String path) {
    try {
      return new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(n.http() + path)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (Exception e) {
      return new JsonObject().put("nodes", new io.vertx.core.json.JsonArray());
    }
  }

  static boolean serving(Node n, String id) {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create(n.http() + "/streams/" + id)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return "serving".equals(new JsonObject(body).getString("state"));
    } catch (Exception e) {
      return false;
    }
  }

  static int awaitPort(Path out) throws Exception {
    int[] port = {-1};
    await("serving line in " + out, 120_000, () -> {
      try {
        var m = java.util.regex.Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/").matcher(Files.exists(out) ? Files.readString(out) : "");
        if (m.find()) {
          port[0] = Integer.parseInt(m.group(1));
          return true;
        }
        return false;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    return port[0];
  }

  static void await(String what, long ms, BooleanSupplier check) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000L;
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /**
   * A free port below the kernel's ephemeral range (32768 by default), so that no bind(0) or outgoing connection
   * takes it before the member binds it (as io.alphastream.testing.Ports in the tests).
   */
  static int freePort() throws java.io.IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (java.io.IOException taken) {
        // try another
      }
    }
    throw new java.io.IOException("no free port in 20000-31999");
  }
}
