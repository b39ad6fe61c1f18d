package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.alphastream.AlphaStream;
import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.R8Frame;
import io.alphastream.TransportException;
import io.alphastream.engine.DecodedFrame;
import io.alphastream.engine.InstrumentedSource;
import io.alphastream.engine.StreamInfo;
import io.alphastream.engine.StreamRequest;
import io.alphastream.testing.Fixtures;
import io.alphastream.testing.Ports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Remote streams over a real clustered event bus: three Vert.x nodes joined by Hazelcast (TCP-IP on
 * 127.0.0.1, free ports, a cluster name of their own), shared by the tests of this class. A stream opened on
 * one node serves at an address; remote streams on the other nodes read it byte-exact against the golden
 * masks and the local stream's blocks, the origin sees each frame read once whoever asks, a server that
 * leaves gives a clear error within the request timeout, a new server at the address continues the same
 * remote stream, and a server of another version is refused with CHANGED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteStreamTest {
  private static final long WAIT_MS = 30_000; // a bound on waiting (no hang), not a speed check

  private final List<Vertx> nodes = new ArrayList<>();
  private Vertx a;
  private Vertx b;
  private Vertx c;

  @BeforeAll
  void cluster() throws Exception {
    System.setProperty("hazelcast.logging.type", "none"); // before the first instance: its warnings too
    String name = "alphastream-remote-test-" + UUID.randomUUID();
    int[] ports = {freePort(), freePort(), freePort()};
    for (int i = 0; i < ports.length; i++) {
      nodes.add(await(Vertx.builder()
          .with(testOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)
              .setClusterPublicHost("127.0.0.1")))
          .withClusterManager(new HazelcastClusterManager(hazelcast(name, ports, i)))
          .buildClustered()));
    }
    a = nodes.get(0);
    b = nodes.get(1);
    c = nodes.get(2);
  }

  /** The build's Vert.x test options (the 500 ms blocked-thread threshold), when it passes them. */
  static VertxOptions testOptions() throws IOException {
    String file = System.getProperty("vertx.parameter.filename");
    return file == null ? new VertxOptions()
        : new VertxOptions(new JsonObject(java.nio.file.Files.readString(java.nio.file.Path.of(file))));
  }

  /** TCP-IP join on 127.0.0.1 only, multicast off, quick failure detection, no phone-home, no log noise. */
  static Config hazelcast(String clusterName, int[] ports, int self) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(ports[self]).setPortAutoIncrement(false);
    net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int p : ports) {
      join.getTcpIpConfig().addMember("127.0.0.1:" + p);
    }
    return config;
  }

  @AfterAll
  void leave() throws Exception {
    for (Vertx v : nodes) {
      await(v.close());
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  static int freePort() {
    return Ports.freePort();
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  static Throwable failure(Future<?> f) throws Exception {
    try {
      Object value = f.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  static String address(String what) {
    return "test.remote." + what + "." + UUID.randomUUID();
  }

  /** A stream serving {@code fixture} at {@code address} on {@code node}, open. */
  static AlphaStream serve(Vertx node, String fixture, String address) throws Exception {
    AlphaStream s = AlphaStream.builder().vertx(node).source(Fixtures.path(fixture).toString()).workers(1)
        .address(address).build();
    await(s.open());
    return s;
  }

  static AlphaStream remote(Vertx node, String address, long requestTimeoutMs) throws Exception {
    // paused play clock: prefetch stays at the play position, so the tests know which frames are cached
    AlphaStream s = AlphaStream.builder().vertx(node).remote(address).workers(1).rate(0)
        .remoteRequestTimeoutMs(requestTimeoutMs).build();
    await(s.open());
    return s;
  }

  static byte[] bytes(Buffer b) {
    return b.getBytes();
  }

  // ---- tests ------------------------------------------------------------------------------------------

  @Test
  void aRemoteStreamReadsEveryGoldenFrameByteExact() throws Exception {
    String address = address("golden");
    AlphaStream asvr = AlphaStream.builder().vertx(a).source(Fixtures.path("small.asvr").toString())
        .passphrase(Fixtures.testPassphrase()).sceneId(4242).version("1.5.0").workers(1).address(address).build();
    await(asvr.open());
    AlphaStream remote = remote(b, address, 5_000);
    try {
      assertThat(asvr.address()).isEqualTo(address);
      assertThat(remote.address()).startsWith("alphastream.stream.").isNotEqualTo(address);
      assertThat(remote.totalFrames()).isEqualTo(asvr.totalFrames()).isEqualTo(240);
      assertThat(remote.source()).isEqualTo(asvr.source());
      int checked = 0;
      for (Object o : new JsonObject(Fixtures.manifestJson()).getJsonArray("golden")) {
        JsonObject g = (JsonObject) o;
        if (!g.getString("source").equals("small.asvp")) {
          continue; // small.asvr holds the same masks as small.asvp
        }
        int frame = g.getInteger("frame");
        R8Frame r8 = remote.getFrame(frame, g.getInteger("width"), g.getInteger("height"), WAIT_MS)
            .orElseThrow(() -> new AssertionError("frame " + frame + ": " + remote.lastError()));
        assertThat(GoldenFramesTest.sha256(r8.bytes())).as("remote frame %d", frame).isEqualTo(g.getString("r8_sha256"));
        checked++;
      }
      assertThat(checked).isGreaterThan(5);
      assertThat(remote.stats().reader().reads()).as("polygons came over the bus").isPositive();
    } finally {
      remote.close();
      asvr.close();
    }
  }

  @Test
  void blocksAreTheLocalStreamsBlocksAndErrorsKeepTheirType() throws Exception {
    String address = address("blocks");
    AlphaStream local = serve(a, "small.asvp", address);
    AlphaStream remote = remote(c, address, 5_000);
    try {
      for (int i = 0; i < 240; i += 13) {
        assertThat(bytes(await(remote.block(i)))).as("block %d", i).isEqualTo(bytes(await(local.block(i))));
      }
      assertThat(failure(remote.block(240))).isInstanceOf(InvalidArgumentException.class);
    } finally {
      remote.close();
      local.close();
    }
    // a corrupt frame fails remotely with the very error the local stream raises
    String corrupt = address("corrupt");
    AlphaStream bad = serve(a, "malformed/frame-zlib-corrupt.asvp", corrupt);
    AlphaStream badRemote = remote(b, corrupt, 5_000);
    try {
      Throwable here = failure(bad.polygons(1));
      Throwable there = failure(badRemote.polygons(1));
      assertThat(there).isInstanceOf(FormatException.class).hasMessage(here.getMessage());
      assertThat(((FormatException) there).rule()).isEqualTo("V13");
    } finally {
      badRemote.close();
      bad.close();
    }
  }

  @Test
  void twoRemoteReadersCauseOneOriginReadPerFrame() throws Exception {
    String address = address("count");
    InstrumentedSource origin = new InstrumentedSource(a, Fixtures.bytes("small.asvp"), "memory:small.asvp", 0, false);
    AlphaStream server = AlphaStream.builder().vertx(a).source(origin).workers(1).rate(0).address(address).build();
    await(server.open());
    int opening = origin.reads(); // header and sizes table
    AlphaStream one = remote(b, address, 5_000);
    AlphaStream two = remote(c, address, 5_000);
    try {
      for (int i = 100; i < 140; i++) {
        Future<?> x = one.polygons(i);
        Future<?> y = two.polygons(i);
        await(Future.all(x, y));
        assertThat(x.result()).isEqualTo(y.result());
      }
      List<Long> frameReads = origin.offsets().subList(opening, origin.reads());
      assertThat(frameReads.size()).as("frames 100..139 were read").isGreaterThanOrEqualTo(40);
      assertThat(new HashSet<>(frameReads)).as("no frame block read twice").hasSize(frameReads.size());
    } finally {
      one.close();
      two.close();
      server.close();
    }
  }

  @Test
  void aServerThatLeavesFailsRequestsClearlyAndANewServerContinuesTheSameStream() throws Exception {
    String address = address("failover");
    AlphaStream first = serve(a, "small.asvp", address);
    AlphaStream remote = remote(b, address, 1_500);
    AlphaStream patient = remote(c, address, 60_000);
    AlphaStream second = null;
    AlphaStream third = null;
    try {
      assertThat(await(remote.block(0)).length()).isPositive();
      first.close();
      // nobody serves: a clear, typed failure within the request timeout, never a hang
      for (Future<?> f : List.of(remote.block(150), remote.mask(200, 64, 32))) {
        Throwable err = failure(f);
        assertThat(err).isInstanceOf(TransportException.class)
            .hasMessageContaining("event-bus address " + address).hasMessageContaining("within 1500 ms");
        assertThat(((TransportException) err).kind()).isIn(TransportException.Kind.CONNECTION, TransportException.Kind.TIMEOUT);
      }
      // a request that keeps trying while nobody serves reaches whoever registers next
      Future<Buffer> pending = patient.block(120);
      second = serve(c, "small.asvp", address);
      assertThat(bytes(await(pending))).isEqualTo(bytes(await(second.block(120))));
      // and the stream that already failed continues too, without a reopen
      assertThat(remote.isOpen()).isTrue();
      assertThat(bytes(await(remote.block(150)))).isEqualTo(bytes(await(second.block(150))));
      R8Frame f = remote.getFrame(200, 64, 32, WAIT_MS).orElseThrow(() -> new AssertionError(remote.lastError()));
      assertThat(f.bytes()).isEqualTo(second.getFrame(200, 64, 32, WAIT_MS).orElseThrow().bytes());
      // another version at the address: refused with CHANGED, for good
      second.close();
      third = serve(a, "edge-cases.asvp", address);
      for (Future<?> x : List.of(remote.block(151), remote.polygons(100))) {
        Throwable err = failure(x);
        assertThat(err).isInstanceOf(TransportException.class);
        assertThat(((TransportException) err).kind()).isEqualTo(TransportException.Kind.CHANGED);
      }
    } finally {
      remote.close();
      patient.close();
      if (second != null) {
        second.close();
      }
      if (third != null) {
        third.close();
      }
    }
  }

  @Test
  void aClusteredNodeKeepsTheCodecsAfterItsLastStreamClosed() throws Exception {
    String address = address("codecs");
    AlphaStream server = serve(a, "small.asvp", address);
    try {
      remote(c, address, 5_000).close(); // node c's only stream: the codec count drops back to zero
      // a node with no stream left still sends and decodes engine messages (late replies, a server that
      // reopens): without the codecs, this send would throw "No message codec" and the reply be dropped
      Object info = await(c.eventBus().request(address, StreamRequest.info())).body();
      assertThat(info).isInstanceOfSatisfying(StreamInfo.class, i -> {
        assertThat(i.frameCount()).isEqualTo(240);
        assertThat(i.locator()).isEqualTo(server.source());
      });
      Object frame = await(c.eventBus().request(address, 7)).body(); // the standalone reader's protocol too
      assertThat(frame).isInstanceOfSatisfying(DecodedFrame.class, f -> assertThat(f.frame()).isEqualTo(7));
    } finally {
      server.close();
    }
  }

  @Test
  void closingARemoteStreamFailsItsRetryingRequestsWithClosed() throws Exception {
    String address = address("close");
    AlphaStream server = serve(a, "small.asvp", address);
    AlphaStream remote = remote(b, address, 600_000); // would retry for ten minutes
    server.close();
    Future<Buffer> retrying = remote.block(9);
    Future<io.alphastream.format.Polygons> queued = remote.polygons(10);
    remote.close();
    for (Future<?> f : List.of(retrying, queued)) {
      assertThat(failure(f)).isInstanceOf(io.alphastream.StreamClosedException.class);
    }
  }

  @Test
  void openingWithNobodyAtTheAddressFailsClearly() throws Exception {
    String address = address("nobody");
    AlphaStream s = AlphaStream.builder().vertx(b).remote(address).openTimeoutMs(1_000).build();
    Throwable err = failure(s.open());
    assertThat(err).isInstanceOf(TransportException.class)
        .hasMessage("no stream answers at event-bus address " + address + " within 1000 ms");
    assertThat(((TransportException) err).kind()).isEqualTo(TransportException.Kind.CONNECTION);
    s.close();
    // the synchronous start() (the C ABI's) returns false and reports the same error: at once if it
    // arrives within openTimeoutMs, else it replaces the "not open" error when it arrives
    AlphaStream sync = AlphaStream.builder().vertx(b).remote(address).openTimeoutMs(1_000).build();
    assertThat(sync.start()).isFalse();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (!(sync.lastError().orElse(null) instanceof TransportException) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls a condition, bounded by WAIT_MS
    }
    assertThat(sync.lastError()).get().isInstanceOf(TransportException.class)
        .extracting(Throwable::getMessage).isEqualTo("no stream answers at event-bus address " + address + " within 1000 ms");
    sync.close();
    // closed while it still asks (for ten minutes): the open stops and fails with CLOSED, the close completes
    AlphaStream patient = AlphaStream.builder().vertx(b).remote(address).openTimeoutMs(600_000).build();
    Future<Void> opening = patient.open();
    await(patient.closeAsync());
    assertThat(failure(opening)).isInstanceOf(io.alphastream.StreamClosedException.class);
  }
}
