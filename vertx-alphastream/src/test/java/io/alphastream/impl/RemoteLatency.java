package io.alphastream.impl;

import io.alphastream.AlphaStream;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Latency of a remote frame against a local one (not a test: a measuring tool, numbers in
 * docs/benchmarks.md). Two clustered Vert.x nodes in this JVM (Hazelcast TCP-IP on 127.0.0.1); node A serves
 * {@code small.asvp} from the file, node B reads it remotely. Every sample is a cold frame for the asking
 * stream (prefetch 1 frame, paused clock, fresh streams each round):
 * <ul>
 *   <li>local: {@code polygons(i)} of a local stream (file read, inflate, parse);</li>
 *   <li>remote, server cold: the serving stream reads it too (origin + two bus hops + wire codecs);</li>
 *   <li>remote, server warm: the server has the frame cached (bus hops + codecs only);</li>
 *   <li>the same three for {@code mask(i, 640, 320)} (rasterized on the asking node).</li>
 * </ul>
 * Run: {@code mvn -o -q -pl vertx-alphastream test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.mainClass=io.alphastream.impl.RemoteLatency -Dexec.classpathScope=test -Dalphastream.shared=...}
 */
public final class RemoteLatency {
  private static final int ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    System.setProperty("hazelcast.logging.type", "none");
    String name = "alphastream-latency-" + UUID.randomUUID();
    int[] ports = {RemoteStreamTest.freePort(), RemoteStreamTest.freePort()};
    List<Vertx> nodes = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      nodes.add(RemoteStreamTest.await(Vertx.builder()
          .with(new io.vertx.core.VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1")
              .setPort(0).setClusterPublicHost("127.0.0.1")))
          .withClusterManager(new HazelcastClusterManager(RemoteStreamTest.hazelcast(name, ports, i)))
          .buildClustered()));
    }
    Vertx a = nodes.get(0);
    Vertx b = nodes.get(1);
    String file = Fixtures.path("small.asvp").toString();
    try {
      measure("warm-up", a, b, file, 1, false); // class loading, JIT, connections
      measure("polygons", a, b, file, ROUNDS, false);
      measure("mask 640x320", a, b, file, ROUNDS, true);
    } finally {
      for (Vertx v : nodes) {
        RemoteStreamTest.await(v.close());
      }
    }
  }

  private static void measure(String what, Vertx a, Vertx b, String file, int rounds, boolean mask) throws Exception {
    List<Long> local = new ArrayList<>();
    List<Long> remoteCold = new ArrayList<>();
    List<Long> remoteWarm = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      String address = "latency." + UUID.randomUUID();
      AlphaStream l = open(AlphaStream.builder().vertx(a).source(file));
      AlphaStream server = open(AlphaStream.builder().vertx(a).source(file).address(address));
      AlphaStream cold = open(AlphaStream.builder().vertx(b).remote(address));
      AlphaStream warm = null;
      try {
        int n = l.totalFrames();
        time(local, n, i -> mask ? l.mask(i, 640, 320) : l.polygons(i));
        time(remoteCold, n, i -> mask ? cold.mask(i, 640, 320) : cold.polygons(i));
        warm = open(AlphaStream.builder().vertx(b).remote(address)); // the server has every frame now
        AlphaStream w = warm;
        time(remoteWarm, n, i -> mask ? w.mask(i, 640, 320) : w.polygons(i));
      } finally {
        for (AlphaStream s : new AlphaStream[] {warm, cold, server, l}) {
          if (s != null) {
            s.close();
          }
        }
      }
    }
    if (!what.equals("warm-up")) {
      System.out.println(what + " (" + local.size() + " cold frames each):");
      report("  local               ", local);
      report("  remote, server cold ", remoteCold);
      report("  remote, server warm ", remoteWarm);
    }
  }

  private static AlphaStream open(AlphaStream.Builder builder) throws Exception {
    AlphaStream s = builder.workers(1).rate(0).prefetchFrames(1).build();
    RemoteStreamTest.await(s.open());
    return s;
  }

  /** Frames 1 .. n-1 one at a time (frame 0 is the prefetch window's), on this thread. */
  private static void time(List<Long> into, int n, IntFunction<Future<?>> get) throws Exception {
    for (int i = 1; i < n; i++) {
      long t0 = System.nanoTime();
      RemoteStreamTest.await(get.apply(i));
      into.add(System.nanoTime() - t0);
    }
  }

  private static void report(String label, List<Long> nanos) {
    long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double mean = Arrays.stream(s).average().orElse(0);
    System.out.println(String.format(Locale.ROOT, "%s p50 %7.1f us  p99 %7.1f us  mean %7.1f us", label,
        s[s.length / 2] / 1e3, s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e3, mean / 1e3));
  }
}
