package io.alphastream.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.AlphaStream;
import io.alphastream.R8Frame;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The synchronous facade against independent truth: every golden mask of the fixture manifest
 * ({@code r8_sha256} of the R8 buffer) through {@code getFrame} at its size, from a plain (non-Vert.x)
 * thread as the C ABI calls it, for the plain file, the encrypted file with the test passphrase, and the
 * edge cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenFramesTest {
  private static final long WAIT_MS = 10_000; // generous: a bound on waiting, not a speed check

  private AlphaStream asvp;
  private AlphaStream asvr;
  private AlphaStream edge;

  @BeforeAll
  void open() {
    asvp = AlphaStream.builder().source(Fixtures.path("small.asvp").toString()).workers(2).build();
    asvr = AlphaStream.builder().source(Fixtures.path("small.asvr").toString())
        .passphrase(Fixtures.testPassphrase()).sceneId(4242).version("1.5.0").workers(2).build();
    edge = AlphaStream.builder().source(Fixtures.path("edge-cases.asvp").toString()).workers(2).build();
    assertThat(asvp.start()).as("%s", asvp.lastError()).isTrue();
    assertThat(asvr.start()).as("%s", asvr.lastError()).isTrue();
    assertThat(edge.start()).as("%s", edge.lastError()).isTrue();
  }

  @AfterAll
  void close() {
    asvp.close();
    asvr.close();
    edge.close();
  }

  Stream<Arguments> goldens() {
    JsonObject manifest = new JsonObject(Fixtures.manifestJson());
    List<Object> golden = manifest.getJsonArray("golden").getList();
    return golden.stream().map(o -> new JsonObject((java.util.Map<String, Object>) o)).map(g -> Arguments.of(
        g.getString("source"), g.getInteger("frame"), g.getInteger("width"), g.getInteger("height"),
        g.getString("r8_sha256"), g.getLong("opaque")));
  }

  @ParameterizedTest(name = "{0} frame {1} at {2}x{3}")
  @MethodSource("goldens")
  void getFrameEqualsTheGoldenMask(String source, int frame, int width, int height, String sha256, long opaque) {
    List<AlphaStream> handles = source.equals("small.asvp") ? List.of(asvp, asvr) : List.of(edge);
    for (AlphaStream handle : handles) {
      Optional<R8Frame> got = handle.getFrame(frame, width, height, WAIT_MS);
      assertThat(got).as("%s: %s", handle.source(), handle.lastError()).isPresent();
      R8Frame r8 = got.get();
      assertThat(r8.index()).isEqualTo(frame);
      assertThat(r8.width()).isEqualTo(width);
      assertThat(r8.height()).isEqualTo(height);
      assertThat(r8.stride()).isEqualTo(width);
      assertThat(r8.bytes()).hasSize(width * height);
      assertThat(countOpaque(r8.bytes())).isEqualTo(opaque);
      assertThat(sha256(r8.bytes())).as("%s frame %d %dx%d", handle.source(), frame, width, height).isEqualTo(sha256);
    }
  }

  @Test
  void everyCallReturnsAnOwnedCopy() {
    R8Frame a = asvp.getFrame(119, 333, 177, WAIT_MS).orElseThrow();
    R8Frame b = asvp.getFrame(119, 333, 177, WAIT_MS).orElseThrow();
    assertThat(a.bytes()).isNotSameAs(b.bytes()).isEqualTo(b.bytes());
    a.bytes()[0] = 42; // the caller may scribble on its copy: the cache is unaffected
    assertThat(asvp.getFrame(119, 333, 177, WAIT_MS).orElseThrow().bytes()).isEqualTo(b.bytes());
  }

  static long countOpaque(byte[] b) {
    long n = 0;
    for (byte x : b) {
      if (x == (byte) 255) {
        n++;
      }
    }
    return n;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
