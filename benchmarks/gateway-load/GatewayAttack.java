// Memory attack on the AlphaStream WebSocket gateway (not part of CI). A single-file Java program with no
// dependency beyond the JDK:
//
//   java benchmarks/gateway-load/GatewayAttack.java --url ws://127.0.0.1:8080/ws/streams/demo \
//       --subscribers 100 --seconds 60
//
// Keeps N unauthenticated r8 subscriptions open at distinct sizes near 4096x4096 (4096-i x 4096-i, so no
// two share an encode group) that never read a byte after their upgrade request: each is a raw TCP socket
// with a small receive buffer that is never read. A subscription the gateway closes (stalled,
// overloaded) is opened again at once, so the pressure lasts the whole run. Every 500 ms it samples the
// server's heap (sum of jvm_memory_used_bytes{area="heap"} from /metrics) and the latency of GET /health,
// each on its own connection. Prints max / p50 / p99 of both (/health also without the first 10 s, when
// the connection burst is served), and how many subscriptions were (re)opened.
// attack.sh starts a gateway and runs it.

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

public class GatewayAttack {
  static final AtomicLong opened = new AtomicLong();
  static final AtomicLong closedByServer = new AtomicLong();
  static volatile boolean running = true;

  public static void main(String[] args) throws Exception {
    String url = "ws://127.0.0.1:8080/ws/streams/demo";
    int subscribers = 100;
    int seconds = 60;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = args[i + 1];
        case "--subscribers" -> subscribers = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    URI ws = URI.create(url);
    String base = "http://" + ws.getHost() + ":" + ws.getPort();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<Thread> attackers = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      int size = 4096 - i;
      String path = ws.getPath() + "?w=" + size + "&h=" + size + "&encoding=r8";
      Thread t = new Thread(() -> stall(ws, path), "stalled-" + i);
      t.setDaemon(true);
      t.start();
      attackers.add(t);
    }
    List<Double> heap = new ArrayList<>();
    List<Double> budgetUsed = new ArrayList<>(); // the gateway's own count (0 when it has no budget)
    List<Double> health = new ArrayList<>();
    List<Double> healthSteady = new ArrayList<>(); // after the first 10 s: the connection burst is over
    long steadyFrom = System.nanoTime() + 10_000_000_000L;
    int failures = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (h.statusCode() == 200) {
          health.add(ms);
          if (t0 > steadyFrom) {
            healthSteady.add(ms);
          }
        } else {
          failures++;
        }
        HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        double bytes = 0;
        double counted = 0;
        for (String line : m.body().split("\n")) {
          if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
            bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          } else if (line.startsWith("alphastream_gateway_memory_used_bytes ")) {
            counted = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          }
        }
        heap.add(bytes / 1e6);
        budgetUsed.add(counted / 1e6);
      } catch (IOException e) {
        failures++;
      }
      long wait = 500 - (System.nanoTime() - t0) / 1_000_000;
      if (wait > 0) {
        Thread.sleep(wait);
      }
    }
    running = false;
    System.out.printf(Locale.ROOT, "%d stalled r8 subscribers near 4096x4096, %d s: opened %d, closed by the server %d%n",
        subscribers, seconds, opened.get(), closedByServer.get());
    System.out.printf(Locale.ROOT, "heap MB      max %.0f  p50 %.0f  p99 %.0f  end %.0f (%d samples)%n",
        max(heap), pct(heap, 50), pct(heap, 99), heap.isEmpty() ? 0 : heap.get(heap.size() - 1), heap.size());
    System.out.printf(Locale.ROOT, "budget used MB  max %.0f  p50 %.0f (alphastream_gateway_memory_used_bytes)%n",
        max(budgetUsed), pct(budgetUsed, 50));
    System.out.printf(Locale.ROOT, "/health ms   max %.1f  p50 %.1f  p99 %.1f  (%d samples, %d failed)%n",
        max(health), pct(health, 50), pct(health, 99), health.size(), failures);
    System.out.printf(Locale.ROOT, "/health ms after the first 10 s   max %.1f  p50 %.1f  p99 %.1f  (%d samples)%n",
        max(healthSteady), pct(healthSteady, 50), pct(healthSteady, 99), healthSteady.size());
    System.exit(0);
  }

  /** One stalled subscription, reopened whenever the server closes it. */
  static void stall(URI ws, String path) {
    while (running) {
      try (Socket s = new Socket()) {
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort() + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        opened.incrementAndGet();
        // Never read: only notice the close. A zero-byte probe write fails once the server reset us.
        InputStream in = s.getInputStream();
        while (running) {
          Thread.sleep(250);
          try {
            out.write(new byte[] {(byte) 0x8A, (byte) 0x80, 0, 0, 0, 0}); // a masked, empty pong
            out.flush();
          } catch (IOException closed) {
            closedByServer.incrementAndGet();
            break;
          }
          if (s.isInputShutdown() || in == null) {
            break;
          }
        }
      } catch (IOException e) {
        sleepQuietly(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static double max(List<Double> v) {
    return v.isEmpty() ? 0 : Collections.max(v);
  }

  static double pct(List<Double> v, int p) {
    if (v.isEmpty()) {
      return 0;
    }
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }
}
