// Load client of the AlphaStream WebSocket gateway (not part of CI). A single-file Java program run on
// the gateway's shaded jar, which carries Vert.x:
//
//   java -cp ws-gateway/target/ws-gateway-*-all.jar benchmarks/gateway-load/GatewayLoad.java \
//       --url ws://127.0.0.1:8080/ws/streams/demo --subscribers 500 --server-pid 1234
//
// Opens N subscriptions (default 60 fps, RLE, 1280x640), waits a warm-up, then for a measurement window
// records every frame's arrival. Reports per run: delivered fps per subscriber (mean, p1, min), frames
// missing from the index sequence (server drops), p50/p99/max lateness against each subscriber's own
// ideal schedule, the server's CPU (from /proc/PID/stat) and heap (from its /metrics), and this
// client's CPU. run.sh starts a gateway and runs N = 100, 500, 1000. See README.md for how to read it.

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GatewayLoad {

  /** Arrivals of one subscriber inside the measurement window. Confined to its event loop. */
  static final class Sub {
    final int frames;
    volatile boolean measuring; // set from the main side (see runOnLoops), read on the event loops
    int lastIndex = -1;
    long unwrapped = -1;
    long[] arrival = new long[1024];
    long[] index = new long[1024];
    int n;
    long bytes;
    long gaps;

    Sub(int frames) {
      this.frames = frames;
    }

    void onFrame(Buffer b, long now) {
      int idx = b.getIntLE(4);
      if (lastIndex >= 0) {
        int step = Math.floorMod(idx - lastIndex, frames);
        unwrapped += step == 0 ? frames : step;
        if (measuring && step > 1) {
          gaps += step - 1;
        }
      } else {
        unwrapped = idx;
      }
      lastIndex = idx;
      if (!measuring) {
        return;
      }
      if (n == arrival.length) {
        arrival = Arrays.copyOf(arrival, n * 2);
        index = Arrays.copyOf(index, n * 2);
      }
      arrival[n] = now;
      index[n] = unwrapped;
      n++;
      bytes += b.length();
    }
  }

  public static void main(String[] args) {
    int code = 0;
    try {
      run(args);
    } catch (Throwable t) {
      System.err.println("gateway load run failed: " + t);
      code = 1;
    }
    // Vert.x threads are not daemons: a run that failed half-way (server gone, scrape timed out) would
    // otherwise keep this JVM alive for ever
    System.exit(code);
  }

  static void run(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("--subscribers", "100", "--fps", "60", "--size", "1280x640",
        "--encoding", "rle", "--warmup", "5", "--seconds", "10", "--connect-per-second", "250", "--frames", "600"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    URI url = URI.create(a.get("--url"));
    int n = Integer.parseInt(a.get("--subscribers"));
    double fps = Double.parseDouble(a.get("--fps"));
    String[] wh = a.get("--size").split("x");
    int frames = Integer.parseInt(a.get("--frames"));
    long serverPid = Long.parseLong(a.getOrDefault("--server-pid", "-1"));
    String metricsUrl = "http://" + url.getHost() + ":" + url.getPort() + "/metrics";
    String query = "?w=" + wh[0] + "&h=" + wh[1] + "&fps=" + a.get("--fps") + "&encoding=" + a.get("--encoding");

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)
        .setMaxEventLoopExecuteTime(10).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(64 << 20).setMaxMessageSize(64 << 20).setMaxConnections(n + 10)
        .setConnectTimeout(30_000));
    HttpClient http = vertx.createHttpClient();

    List<Sub> subs = new ArrayList<>();
    List<WebSocket> sockets = new ArrayList<>();
    long gapMs = Math.max(1, 1000 / Long.parseLong(a.get("--connect-per-second")));
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Sub s = new Sub(frames);
      subs.add(s);
      WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(url.getHost()).setPort(url.getPort())
          .setURI(url.getPath() + query);
      var ws = client.webSocket();
      ws.binaryMessageHandler(b -> s.onFrame(b, System.nanoTime()));
      ws.connect(o).onSuccess(sockets::add).onFailure(err -> System.err.println("connect failed: " + err));
      if ((i + 1) % 50 == 0) {
        Thread.sleep(gapMs * 50); // pace the connects (this is the main thread, not an event loop)
      }
    }
    System.err.printf(Locale.ROOT, "%d connects issued in %.1f s; warming up %s s%n", n,
        (System.nanoTime() - t0) / 1e9, a.get("--warmup"));
    Thread.sleep(Long.parseLong(a.get("--warmup")) * 1000);

    // measurement window
    long[] cpu0 = cpuTicks(serverPid);
    long[] self0 = cpuTicks(ProcessHandle.current().pid());
    double dropped0 = metric(http, metricsUrl, "alphastream_gateway_frames_dropped_total");
    double pushed0 = metric(http, metricsUrl, "alphastream_gateway_frames_pushed_total");
    runOnLoops(vertx, subs, true);
    long w0 = System.nanoTime();
    double heapMax = 0;
    int seconds = Integer.parseInt(a.get("--seconds"));
    for (int i = 0; i < seconds; i++) {
      Thread.sleep(1000);
      heapMax = Math.max(heapMax, metricSum(http, metricsUrl, "jvm_memory_used_bytes", "area=\"heap\""));
    }
    runOnLoops(vertx, subs, false);
    double elapsed = (System.nanoTime() - w0) / 1e9;
    long[] cpu1 = cpuTicks(serverPid);
    long[] self1 = cpuTicks(ProcessHandle.current().pid());
    double dropped = metric(http, metricsUrl, "alphastream_gateway_frames_dropped_total") - dropped0;
    double pushed = metric(http, metricsUrl, "alphastream_gateway_frames_pushed_total") - pushed0;
    double heapEnd = metricSum(http, metricsUrl, "jvm_memory_used_bytes", "area=\"heap\"");

    // results
    double[] perSubFps = new double[subs.size()];
    List<Double> lateness = new ArrayList<>();
    long gaps = 0;
    long received = 0;
    long bytes = 0;
    for (int i = 0; i < subs.size(); i++) {
      Sub s = subs.get(i);
      perSubFps[i] = s.n / elapsed;
      gaps += s.gaps;
      received += s.n;
      bytes += s.bytes;
      if (s.n == 0) {
        continue;
      }
      double best = Double.MAX_VALUE; // the subscriber's ideal schedule: arrival - index / fps, at its earliest
      for (int k = 0; k < s.n; k++) {
        best = Math.min(best, s.arrival[k] / 1e9 - s.index[k] / fps);
      }
      for (int k = 0; k < s.n; k++) {
        lateness.add((s.arrival[k] / 1e9 - s.index[k] / fps - best) * 1000);
      }
    }
    Arrays.sort(perSubFps);
    lateness.sort(null);
    int open = sockets.size();
    System.out.printf(Locale.ROOT,
        "subscribers %d (open %d) | delivered fps/sub mean %.1f p1 %.1f min %.1f (target %.0f) | received %d, "
            + "%.1f MB/s, %.0f bytes/frame | missing indices %d (%.2f%%), server dropped %.0f of %.0f"
            + " | lateness ms p50 %.1f p99 %.1f max %.1f"
            + " | server CPU %.0f%% (%.1f%% per 100 subscribers, %.1f us per message received)"
            + " | heap max %.0f MB end %.0f MB | client CPU %.0f%%%n",
        n, open, received / elapsed / Math.max(1, n), perSubFps.length > 0 ? perSubFps[perSubFps.length / 100] : 0,
        perSubFps.length > 0 ? perSubFps[0] : 0, fps, received, bytes / elapsed / 1e6,
        (double) bytes / Math.max(1, received), gaps,
        100.0 * gaps / Math.max(1, gaps + received), dropped, pushed + dropped,
        pct(lateness, 0.5), pct(lateness, 0.99), pct(lateness, 1.0),
        cpuPercent(cpu0, cpu1, elapsed), cpuPercent(cpu0, cpu1, elapsed) * 100 / Math.max(1, n),
        cpuPercent(cpu0, cpu1, elapsed) / 100 * elapsed * 1e6 / Math.max(1, received), heapMax / 1e6,
        heapEnd / 1e6, cpuPercent(self0, self1, elapsed));
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  static void runOnLoops(Vertx vertx, List<Sub> subs, boolean measuring) throws Exception {
    // a start/stop mark read on the event loops (volatile); executeBlocking only orders it after the connects
    vertx.executeBlocking(() -> {
      subs.forEach(s -> s.measuring = measuring);
      return null;
    }).await(10, TimeUnit.SECONDS);
  }

  static double pct(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * (sorted.size() - 1))));
  }

  /** utime + stime of a process in clock ticks (100 per second on Linux), or null. */
  static long[] cpuTicks(long pid) {
    if (pid < 0) {
      return null;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])};
    } catch (Exception e) {
      return null;
    }
  }

  static double cpuPercent(long[] t0, long[] t1, double seconds) {
    return t0 == null || t1 == null ? Double.NaN : (t1[0] - t0[0]) / 100.0 / seconds * 100;
  }

  static String scrape(HttpClient http, String url) throws Exception {
    URI u = URI.create(url);
    return http.request(HttpMethod.GET, u.getPort(), u.getHost(), u.getPath())
        .compose(r -> r.send()).compose(r -> r.body()).map(Buffer::toString).await(10, TimeUnit.SECONDS);
  }

  /** Sum of every sample of {@code name}. */
  static double metric(HttpClient http, String url, String name) throws Exception {
    return metricSum(http, url, name, "");
  }

  static double metricSum(HttpClient http, String url, String name, String labelFilter) throws Exception {
    double sum = 0;
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape(http, url));
    while (m.find()) {
      if (labelFilter.isEmpty() || (m.group(1) != null && m.group(1).contains(labelFilter))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
