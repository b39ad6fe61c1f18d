package io.alphastream.transport;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.StreamClosedException;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same stream read over HTTP, a local file and memory gives the same frames (and the same typed
 * errors for every malformed fixture), equal to what the synchronous {@link StreamFile} decodes from the
 * file and to the payload hashes in manifest.json. Over HTTP, opening costs one request and each frame
 * one more.
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 30, timeUnit = SECONDS)
class CrossTransportTest {

  static final JsonObject MANIFEST = new JsonObject(Fixtures.manifestJson());

  enum Transport { MEMORY, FILE, FILE_URL, HTTP }

  RangeServer server;
  final List<OpenedStream> opened = new ArrayList<>();

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext ctx) {
    server = new RangeServer(vertx);
    for (String f : List.of("small.asvp", "small.asvr", "edge-cases.asvp")) {
      server.serve("/f/" + f, Fixtures.bytes(f));
    }
    for (Object o : MANIFEST.getJsonArray("malformed")) {
      String f = ((JsonObject) o).getString("file");
      server.serve("/f/" + f, Fixtures.bytes(f));
    }
    server.start().onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void closeStreams(VertxTestContext ctx) {
    Future.join(opened.stream().map(OpenedStream::close).toList()).onComplete(ctx.succeedingThenComplete());
  }

  /** What the fixtures README prescribes: test passphrase, scene 4242, version 1.5.0 for .asvr. */
  static ReaderOptions readerOptions(String fixture) {
    if (!fixture.endsWith(".asvr")) {
      return new ReaderOptions();
    }
    JsonObject asvr = MANIFEST.getJsonObject("files").getJsonObject("small.asvr");
    return new ReaderOptions().setPassphrase(Fixtures.testPassphrase())
        .setSceneId(asvr.getLong("scene_id")).setVersion(asvr.getString("version"));
  }

  static String fileName(String fixture) {
    return fixture.substring(fixture.lastIndexOf('/') + 1);
  }

  /** Opens {@code fixture} over {@code t}; the HTTP URL carries a signed-looking query string. */
  Future<OpenedStream> open(Vertx vertx, Transport t, String fixture, ReaderOptions ro) {
    TransportOptions options = new TransportOptions().setRequestTimeoutMs(5_000);
    Future<OpenedStream> f = switch (t) {
      case MEMORY -> StreamOpener.open(vertx,
          RangeSource.memory(Buffer.buffer(Fixtures.bytes(fixture)), fileName(fixture)), ro);
      case FILE -> StreamOpener.open(vertx, Fixtures.path(fixture).toString(), ro, options);
      case FILE_URL -> StreamOpener.open(vertx, Fixtures.path(fixture).toUri().toString(), ro, options);
      case HTTP -> StreamOpener.open(vertx,
          server.url("/f/" + fixture) + "?Expires=1700000000&Signature=a%2Fb/c.asvr", ro, options);
    };
    return f.andThen(ar -> {
      if (ar.succeeded()) {
        opened.add(ar.result());
      }
    });
  }

  /** Every frame, decoded concurrently; the list is in frame order. */
  static Future<List<Polygons>> allFrames(OpenedStream s) {
    List<Future<Polygons>> frames = new ArrayList<>();
    for (int i = 0; i < s.frameCount(); i++) {
      frames.add(s.frame(i));
    }
    return Future.all(frames).map(cf -> frames.stream().map(Future::result).toList());
  }

  /** Independent decode: the format package's synchronous reader over the local file. */
  static List<Polygons> expectedFrames(String fixture) {
    ReaderOptions ro = readerOptions(fixture).setName(fileName(fixture));
    try (StreamFile f = Fixtures.open(Fixtures.path(fixture), ro)) {
      List<Polygons> out = new ArrayList<>();
      for (int i = 0; i < f.frameCount(); i++) {
        out.add(f.frame(i));
      }
      return out;
    }
  }

  static Stream<Arguments> fixturesAndTransports() {
    return Stream.of("small.asvp", "small.asvr", "edge-cases.asvp").flatMap(f ->
        Stream.of(Transport.values()).map(t -> Arguments.of(f, t)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("fixturesAndTransports")
  void identicalDecodedFramesOnEveryTransport(String fixture, Transport transport, Vertx vertx,
      VertxTestContext ctx) {
    List<Polygons> expected = expectedFrames(fixture);
    int frames = MANIFEST.getJsonObject("files").getJsonObject(fixture).getInteger("frames");
    open(vertx, transport, fixture, readerOptions(fixture))
        .compose(CrossTransportTest::allFrames)
        // comparing every frame's polygons is big work: on a worker, not on the event loop
        .compose(decoded -> vertx.executeBlocking(() -> {
          assertThat(expected).hasSize(frames);
          assertThat(decoded).hasSize(frames);
          for (int i = 0; i < frames; i++) {
            assertThat(decoded.get(i)).as("frame %d", i).isEqualTo(expected.get(i));
          }
          return decoded;
        }, false))
        .onComplete(ctx.succeeding(decoded -> ctx.verify(() -> {
          OpenedStream s = opened.get(0);
          assertThat(s.source().uri()).doesNotContain("Signature").doesNotContain("?");
          if (transport == Transport.HTTP) {
            // header, table and the frames inside the speculative first read cost one request;
            // every other frame exactly one request for exactly its block
            long prefix = Math.min(TransportOptions.DEFAULT_SPECULATIVE_READ_BYTES, s.source().size());
            List<String> expectedRanges = new ArrayList<>();
            expectedRanges.add("bytes=0-" + (TransportOptions.DEFAULT_SPECULATIVE_READ_BYTES - 1));
            for (int i = 0; i < frames; i++) {
              long start = s.index().offset(i);
              long end = start + s.index().blockLength(i);
              if (end > prefix) {
                expectedRanges.add("bytes=" + start + "-" + (end - 1));
              }
            }
            assertThat(server.ranges()).first().isEqualTo(expectedRanges.get(0));
            assertThat(server.ranges()).containsExactlyInAnyOrderElementsOf(expectedRanges);
            assertThat(s.source().metrics().requests()).isEqualTo(expectedRanges.size());
            assertThat(server.requests()).allSatisfy(r ->
                assertThat(r.query()).isEqualTo("Expires=1700000000&Signature=a%2Fb/c.asvr"));
          }
          s.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("fixturesAndTransports")
  void payloadsMatchTheManifestHashes(String fixture, Transport transport, Vertx vertx,
      VertxTestContext ctx) {
    JsonObject info = MANIFEST.getJsonObject("files").getJsonObject(fixture);
    JsonObject frames = info.containsKey("golden_frames") ? info.getJsonObject("golden_frames")
        : info.getJsonObject("frames_info");
    open(vertx, transport, fixture, readerOptions(fixture))
        .compose(s -> {
          List<Future<byte[]>> payloads = new ArrayList<>();
          for (String key : frames.fieldNames()) {
            payloads.add(s.payload(Integer.parseInt(key)));
          }
          return Future.all(payloads).map(cf -> payloads);
        })
        .onComplete(ctx.succeeding(payloads -> ctx.verify(() -> {
          int k = 0;
          assertThat(frames.fieldNames()).isNotEmpty();
          for (String key : frames.fieldNames()) {
            JsonObject expected = frames.getJsonObject(key);
            byte[] payload = payloads.get(k++).result();
            assertThat(payload).as("frame %s", key).hasSize(expected.getInteger("payload_len"));
            assertThat(sha256(payload)).as("frame %s", key).isEqualTo(expected.getString("payload_sha256"));
          }
          ctx.completeNow();
        })));
  }

  static Stream<Arguments> malformedAndTransports() {
    return MANIFEST.getJsonArray("malformed").stream().map(JsonObject.class::cast).flatMap(m ->
        Stream.of(Transport.MEMORY, Transport.FILE, Transport.HTTP).map(t ->
            Arguments.of(m.getString("file"), t, m.getString("stage"), m.getInteger("frame"),
                m.getString("rule"))));
  }

  @ParameterizedTest(name = "{0} over {1}: {4}")
  @MethodSource("malformedAndTransports")
  void malformedFilesGiveTheDocumentedRuleOnEveryTransport(String fixture, Transport transport,
      String stage, Integer frame, String rule, Vertx vertx, VertxTestContext ctx) {
    ReaderOptions ro = readerOptions(fixture);
    if ("open".equals(stage)) {
      open(vertx, transport, fixture, ro).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertRule(err, rule, -1);
        assertThat(err.getMessage()).doesNotContain("Signature");
        ctx.completeNow();
      })));
      return;
    }
    open(vertx, transport, fixture, ro).compose(s -> {
      List<Future<Polygons>> all = new ArrayList<>();
      for (int i = 0; i < s.frameCount(); i++) {
        all.add(s.frame(i));
      }
      return Future.join(all).transform(ar -> Future.succeededFuture(all));
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(all.size()).isGreaterThan(frame);
      for (int i = 0; i < all.size(); i++) {
        if (i == frame) {
          assertThat(all.get(i).failed()).as("frame %d fails", i).isTrue();
          assertRule(all.get(i).cause(), rule, frame);
        } else {
          assertThat(all.get(i).succeeded()).as("frame %d decodes", i).isTrue();
        }
      }
      ctx.completeNow();
    })));
  }

  static void assertRule(Throwable err, String rule, long frame) {
    if (err instanceof KeyException ke) {
      assertThat(ke.rule()).isEqualTo(rule);
      assertThat(frame).isEqualTo(-1);
      return;
    }
    assertThat(err).isInstanceOf(FormatException.class);
    FormatException fe = (FormatException) err;
    assertThat(fe.rule()).as(fe.getMessage()).isEqualTo(rule);
    assertThat(fe.frame()).isEqualTo(frame);
  }

  @ParameterizedTest
  @ValueSource(strings = {"MEMORY", "FILE", "HTTP"})
  void wrongSceneIdIsAKeyErrorOnEveryTransport(Transport transport, Vertx vertx, VertxTestContext ctx) {
    open(vertx, transport, "small.asvr", readerOptions("small.asvr").setSceneId(4243))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(KeyException.class);
          assertThat(((KeyException) err).rule()).isEqualTo("V02");
          if (transport == Transport.HTTP) {
            assertThat(server.count()).isEqualTo(1);
          }
          ctx.completeNow();
        })));
  }

  @Test
  void saltNameComesFromThePathNotTheQuery(Vertx vertx, VertxTestContext ctx) {
    // the query ends in ".asvr" too: a reader that took the name from the full URL would derive
    // the key for "c.asvr" and fail with V02
    open(vertx, Transport.HTTP, "small.asvr", readerOptions("small.asvr"))
        .compose(s -> s.frame(0))
        .onComplete(ctx.succeeding(p -> ctx.verify(() -> {
          assertThat(p).isEqualTo(expectedFrames("small.asvr").get(0));
          ctx.completeNow();
        })));
  }

  @Test
  void asvrWithoutPassphraseFailsAndClosesTheSource(Vertx vertx, VertxTestContext ctx) {
    open(vertx, Transport.HTTP, "small.asvr", new ReaderOptions().setSceneId(4242))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(KeyException.class);
          assertThat(((KeyException) err).rule()).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  void framesAfterCloseFailClosedAndBadIndicesAreBadArguments(Vertx vertx, VertxTestContext ctx) {
    open(vertx, Transport.HTTP, "edge-cases.asvp", new ReaderOptions())
        .compose(s -> s.frame(8).transform(ar -> {
          ctx.verify(() -> assertThat(ar.cause()).isInstanceOf(InvalidArgumentException.class));
          Future<Void> first = s.close();
          ctx.verify(() -> assertThat(s.close()).isSameAs(first));
          return first.compose(v -> s.frame(0));
        }))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(StreamClosedException.class);
          assertThat(server.count()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
