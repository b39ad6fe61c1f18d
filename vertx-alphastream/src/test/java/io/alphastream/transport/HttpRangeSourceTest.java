package io.alphastream.transport;

import static io.alphastream.transport.RangeServer.Fault.CHANGE_ETAG;
import static io.alphastream.transport.RangeServer.Fault.CHANGE_LENGTH;
import static io.alphastream.transport.RangeServer.Fault.DROP_MID_BODY;
import static io.alphastream.transport.RangeServer.Fault.HOLD;
import static io.alphastream.transport.RangeServer.Fault.IGNORE_RANGE;
import static io.alphastream.transport.RangeServer.Fault.IGNORE_RANGE_CHUNKED;
import static io.alphastream.transport.RangeServer.Fault.NO_CONTENT_RANGE;
import static io.alphastream.transport.RangeServer.Fault.REDIRECT;
import static io.alphastream.transport.RangeServer.Fault.SHORT_BODY;
import static io.alphastream.transport.RangeServer.Fault.SHORT_RANGE;
import static io.alphastream.transport.RangeServer.Fault.STALL_BODY;
import static io.alphastream.transport.RangeServer.Fault.STALL_HEADERS;
import static io.alphastream.transport.RangeServer.Fault.STATUS_403;
import static io.alphastream.transport.RangeServer.Fault.STATUS_404;
import static io.alphastream.transport.RangeServer.Fault.STATUS_416;
import static io.alphastream.transport.RangeServer.Fault.STATUS_500;
import static io.alphastream.transport.RangeServer.Fault.STATUS_501;
import static io.alphastream.transport.RangeServer.Fault.STATUS_503;
import static io.alphastream.transport.RangeServer.Fault.WRONG_RANGE;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP range source against a real server on 127.0.0.1: correct range reads, the speculative first
 * read, and every injected fault mapped to its typed error (or to the right bytes after a retry), with
 * the exact requests the server saw.
 */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 20, timeUnit = SECONDS)
class HttpRangeSourceTest {

  static final byte[] SMALL = Fixtures.bytes("small.asvp");
  static final byte[] EDGE = Fixtures.bytes("edge-cases.asvp");
  static final byte[] EMPTY = Fixtures.bytes("malformed/empty.asvp");
  static final String FIRST = "bytes=0-65535";

  RangeServer server;
  RangeSource source; // kept in a field: Vert.x 5 may clean up a client nothing references

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext ctx) {
    server = new RangeServer(vertx).serve("/v/small.asvp", SMALL).serve("/v/edge.asvp", EDGE)
        .serve("/v/empty.asvp", EMPTY);
    server.start().onComplete(ctx.succeedingThenComplete());
  }

  /** Short timeouts and backoff so fault tests stay fast. */
  static TransportOptions fast() {
    return new TransportOptions().setRequestTimeoutMs(2_000).setRetryBaseDelayMs(5)
        .setRetryMaxDelayMs(20).setMaxRetries(3).setDeadlineMs(5_000);
  }

  Future<RangeSource> open(Vertx vertx, String path, TransportOptions options) {
    return RangeSource.open(vertx, server.url(path), options).map(s -> source = s);
  }

  Future<RangeSource> opened(Vertx vertx, TransportOptions options) {
    return open(vertx, "/v/small.asvp", options);
  }

  static Buffer slice(byte[] bytes, long offset, int length) {
    return Buffer.buffer(Arrays.copyOfRange(bytes, (int) offset, (int) offset + length));
  }

  static String range(long offset, int length) {
    return "bytes=" + offset + "-" + (offset + length - 1);
  }

  static void assertKind(Throwable err, Kind kind, boolean retryable) {
    assertThat(err).isInstanceOf(TransportException.class);
    TransportException te = (TransportException) err;
    assertThat(te.kind()).as("kind of: %s", te.getMessage()).isEqualTo(kind);
    assertThat(te.retryable()).as("retryable of: %s", te.getMessage()).isEqualTo(retryable);
  }

  @Nested
  @DisplayName("opening")
  class Opening {

    @Test
    void oneSpeculativeRequestGivesLengthHeaderAndTable(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> src.read(0, 16 + 451)) // header + sizes table lie in the first 64 KiB
          .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
            assertThat(source.size()).isEqualTo(SMALL.length);
            assertThat(bytes).isEqualTo(slice(SMALL, 0, 467));
            assertThat(server.ranges()).containsExactly(FIRST);
            ctx.completeNow();
          })));
    }

    @Test
    void fileShorterThanTheSpeculativeReadIsReadWhole(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/edge.asvp", fast())
          .compose(src -> src.read(EDGE.length - 100, 100))
          .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
            assertThat(source.size()).isEqualTo(EDGE.length);
            assertThat(bytes).isEqualTo(slice(EDGE, EDGE.length - 100, 100));
            assertThat(server.ranges()).containsExactly(FIRST);
            ctx.completeNow();
          })));
    }

    @Test
    void emptyResourceOpensWithSizeZeroFrom416(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/empty.asvp", fast())
          .compose(src -> src.read(0, 0))
          .compose(empty -> {
            ctx.verify(() -> assertThat(empty.length()).isZero());
            return source.read(0, 16);
          })
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertThat(source.size()).isZero();
            assertKind(err, Kind.RANGE_NOT_SATISFIABLE, false);
            assertThat(server.ranges()).containsExactly(FIRST);
            ctx.completeNow();
          })));
    }

    @Test
    void notFoundIsNotRetried(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/missing.asvp", fast()).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertKind(err, Kind.NOT_FOUND, false);
        assertThat(err).hasMessageContaining("/v/missing.asvp").hasMessageContaining("404");
        assertThat(server.count()).isEqualTo(1);
        ctx.completeNow();
      })));
    }

    @Test
    void forbiddenIsNotRetried(Vertx vertx, VertxTestContext ctx) {
      server.next(STATUS_403);
      open(vertx, "/v/small.asvp", fast()).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertKind(err, Kind.FORBIDDEN, false);
        assertThat(server.count()).isEqualTo(1);
        ctx.completeNow();
      })));
    }

    @Test
    void retriesTheFirstRequestToo(Vertx vertx, VertxTestContext ctx) {
      server.next(STATUS_503, STATUS_500);
      open(vertx, "/v/small.asvp", fast()).onComplete(ctx.succeeding(src -> ctx.verify(() -> {
        assertThat(src.size()).isEqualTo(SMALL.length);
        assertThat(server.ranges()).containsExactly(FIRST, FIRST, FIRST);
        assertThat(src.metrics().retries()).isEqualTo(2);
        ctx.completeNow();
      })));
    }

    @Test
    void queryStringIsSentButNeverShown(Vertx vertx, VertxTestContext ctx) {
      String url = server.url("/v/missing.asvr") + "?Expires=1&Signature=s3cr3t";
      RangeSource.open(vertx, url, fast()).onComplete(ctx.failing(err -> ctx.verify(() -> {
        assertThat(server.requests()).singleElement()
            .satisfies(seen -> assertThat(seen.query()).isEqualTo("Expires=1&Signature=s3cr3t"));
        assertThat(err.getMessage()).contains("/v/missing.asvr").doesNotContain("s3cr3t")
            .doesNotContain("Expires");
        ctx.completeNow();
      })));
    }

    @Test
    void uriDropsQueryAndUserInfo(Vertx vertx, VertxTestContext ctx) {
      String url = server.url("/v/small.asvp") + "?token=abc#frag";
      RangeSource.open(vertx, url, fast().putHeader("Authorization", "Bearer t0k3n"))
          .onComplete(ctx.succeeding(src -> ctx.verify(() -> {
            source = src;
            assertThat(src.uri()).isEqualTo(server.url("/v/small.asvp"));
            RangeServer.Seen seen = server.requests().get(0);
            assertThat(seen.query()).isEqualTo("token=abc"); // the fragment is never sent
            assertThat(seen.authorization()).isEqualTo("Bearer t0k3n");
            assertThat(seen.userAgent()).isEqualTo(TransportOptions.DEFAULT_USER_AGENT);
            ctx.completeNow();
          })));
    }

    @Test
    void unsupportedSchemeAndMalformedUrlFailAsBadArguments(Vertx vertx, VertxTestContext ctx) {
      RangeSource.open(vertx, "ftp://127.0.0.1/x.asvp", fast())
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertThat(err).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ftp://");
            RangeSource.open(vertx, "http://[bad/x.asvp", fast())
                .onComplete(ctx.failing(err2 -> ctx.verify(() -> {
                  assertThat(err2).isInstanceOf(InvalidArgumentException.class);
                  assertThat(server.count()).isZero();
                  ctx.completeNow();
                })));
          })));
    }

    @Test
    void connectionRefusedIsRetriedThenReported(Vertx vertx, VertxTestContext ctx) {
      String url = server.url("/v/small.asvp");
      server.close().compose(v -> RangeSource.open(vertx, url, fast().setMaxRetries(1)))
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertKind(err, Kind.CONNECTION, true);
            assertThat(err).hasMessageContaining("2 attempts");
            ctx.completeNow();
          })));
    }
  }

  @Nested
  @DisplayName("range reads")
  class Reads {

    @Test
    void everyRangeEqualsTheFixtureBytesAndCostsOneRequest(Vertx vertx, VertxTestContext ctx) {
      Random random = new Random(42);
      List<long[]> ranges = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int length = 1 + random.nextInt(5_000);
        long offset = 65_536 + random.nextInt(SMALL.length - 65_536 - length);
        ranges.add(new long[] {offset, length});
      }
      open(vertx, "/v/small.asvp", fast()).compose(src -> {
        List<Future<Buffer>> reads = new ArrayList<>();
        for (long[] r : ranges) {
          reads.add(src.read(r[0], (int) r[1]));
        }
        return Future.all(reads).map(cf -> reads);
      }).onComplete(ctx.succeeding(reads -> ctx.verify(() -> {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
          long[] r = ranges.get(i);
          assertThat(reads.get(i).result()).isEqualTo(slice(SMALL, r[0], (int) r[1]));
          expected.add(range(r[0], (int) r[1]));
        }
        assertThat(server.ranges()).first().isEqualTo(FIRST);
        assertThat(server.ranges().subList(1, server.count()))
            .containsExactlyInAnyOrderElementsOf(expected);
        SourceMetrics m = source.metrics();
        assertThat(m.reads()).isEqualTo(20);
        assertThat(m.requests()).isEqualTo(21);
        assertThat(m.bytes()).isEqualTo(65_536 + ranges.stream().mapToLong(r -> r[1]).sum());
        assertThat(m.retries()).isZero();
        assertThat(m.errors()).isZero();
        assertThat(m.latencyCount()).isEqualTo(21);
        ctx.completeNow();
      })));
    }

    @Test
    void lastByteAndWholeFile(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> src.read(SMALL.length - 1, 1))
          .compose(last -> {
            ctx.verify(() -> assertThat(last).isEqualTo(slice(SMALL, SMALL.length - 1, 1)));
            return source.read(0, SMALL.length);
          })
          .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            assertThat(all).isEqualTo(Buffer.buffer(SMALL));
            assertThat(server.ranges()).containsExactly(FIRST, range(SMALL.length - 1, 1),
                range(0, SMALL.length));
            ctx.completeNow();
          })));
    }

    @Test
    void sequentialReadsReuseOneKeptAliveConnection(Vertx vertx, VertxTestContext ctx) {
      Future<Buffer> chain = open(vertx, "/v/small.asvp", fast()).map(src -> Buffer.buffer());
      for (int i = 0; i < 5; i++) {
        long offset = 100_000 + i * 10_000L;
        chain = chain.compose(prev -> source.read(offset, 500));
      }
      chain.onComplete(ctx.succeeding(last -> ctx.verify(() -> {
        assertThat(server.requests()).hasSize(6)
            .extracting(RangeServer.Seen::clientPort).containsOnly(server.requests().get(0).clientPort());
        ctx.completeNow();
      })));
    }

    @Test
    void withoutKeepAliveEveryRequestHasItsOwnConnection(Vertx vertx, VertxTestContext ctx) {
      Future<Buffer> chain = open(vertx, "/v/small.asvp", fast().setKeepAlive(false))
          .map(src -> Buffer.buffer());
      for (int i = 0; i < 3; i++) {
        long offset = 100_000 + i * 10_000L;
        chain = chain.compose(prev -> source.read(offset, 500));
      }
      chain.onComplete(ctx.succeeding(last -> ctx.verify(() -> {
        assertThat(server.requests()).extracting(RangeServer.Seen::clientPort)
            .doesNotHaveDuplicates().hasSize(4);
        ctx.completeNow();
      })));
    }

    @Test
    void rangesOutsideTheResourceFailWithoutARequest(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> src.read(SMALL.length - 4, 16))
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertKind(err, Kind.RANGE_NOT_SATISFIABLE, false);
            assertThat(err).hasMessageContaining("offset " + (SMALL.length - 4));
            source.read(-1, 4).onComplete(ctx.failing(err2 -> ctx.verify(() -> {
              assertThat(err2).isInstanceOf(InvalidArgumentException.class);
              assertThat(server.ranges()).containsExactly(FIRST);
              ctx.completeNow();
            })));
          })));
    }

    @Test
    void redirectsAreFollowedWithTheRangeKept(Vertx vertx, VertxTestContext ctx) {
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> {
            server.next(REDIRECT);
            return src.read(100_000, 1_000);
          })
          .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
            assertThat(bytes).isEqualTo(slice(SMALL, 100_000, 1_000));
            assertThat(server.requests()).extracting(RangeServer.Seen::path)
                .containsExactly("/v/small.asvp", "/v/small.asvp", "/moved/v/small.asvp");
            assertThat(server.ranges()).containsExactly(FIRST, range(100_000, 1_000),
                range(100_000, 1_000));
            ctx.completeNow();
          })));
    }
  }

  @Nested
  @DisplayName("server ignores Range")
  class FullBody {

    @Test
    void fullBodyWithinTheLimitIsUsedOnceAndServesEveryRead(Vertx vertx, VertxTestContext ctx) {
      server.always(IGNORE_RANGE);
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> Future.all(src.read(200_000, 5_000), src.read(SMALL.length - 10, 10)))
          .onComplete(ctx.succeeding(cf -> ctx.verify(() -> {
            assertThat(source.size()).isEqualTo(SMALL.length);
            assertThat(cf.<Buffer>resultAt(0)).isEqualTo(slice(SMALL, 200_000, 5_000));
            assertThat(cf.<Buffer>resultAt(1)).isEqualTo(slice(SMALL, SMALL.length - 10, 10));
            assertThat(server.ranges()).containsExactly(FIRST);
            ctx.completeNow();
          })));
    }

    @Test
    void chunkedFullBodyWithinTheLimitIsAccepted(Vertx vertx, VertxTestContext ctx) {
      server.always(IGNORE_RANGE_CHUNKED);
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> src.read(300_000, 16_418))
          .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
            assertThat(bytes).isEqualTo(slice(SMALL, 300_000, 16_418));
            assertThat(server.count()).isEqualTo(1);
            ctx.completeNow();
          })));
    }

    @Test
    void fullBodyAboveTheLimitFailsClearlyWithoutRetry(Vertx vertx, VertxTestContext ctx) {
      server.always(IGNORE_RANGE);
      open(vertx, "/v/small.asvp", fast().setMaxFullBodyBytes(100_000))
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertKind(err, Kind.BAD_RESPONSE, false);
            assertThat(err).hasMessageContaining("ignored Range")
                .hasMessageContaining(String.valueOf(SMALL.length))
                .hasMessageContaining("maxFullBodyBytes");
            assertThat(server.count()).isEqualTo(1);
            ctx.completeNow();
          })));
    }

    @Test
    void chunkedFullBodyAboveTheLimitFails(Vertx vertx, VertxTestContext ctx) {
      server.always(IGNORE_RANGE_CHUNKED);
      open(vertx, "/v/small.asvp", fast().setMaxFullBodyBytes(100_000))
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertKind(err, Kind.BAD_RESPONSE, false);
            assertThat(server.count()).isEqualTo(1);
            ctx.completeNow();
          })));
    }

    @Test
    void serverThatStopsHonouringRangeLaterIsSwitchedToTheFullBody(Vertx vertx,
        VertxTestContext ctx) {
      open(vertx, "/v/small.asvp", fast())
          .compose(src -> {
            server.always(IGNORE_RANGE);
            return src.read(70_000, 100);
          })
          .compose(first -> {
            ctx.verify(() -> assertThat(first).isEqualTo(slice(SMALL, 70_000, 100)));
            return source.read(250_000, 3_000);
          })
          .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
            assertThat(second).isEqualTo(slice(SMALL, 250_000, 3_000));
            assertThat(server.ranges()).containsExactly(FIRST, range(70_000, 100));
            ctx.completeNow();
          })));
    }
  }

  /**
   * One injected fault that the source must survive: the read still returns the fixture bytes after
   * {@code attempts} identical range requests.
   */
  record Recovery(String name, UnaryOperator<TransportOptions> options, RangeServer.Fault[] faults,
      long offset, int length, int attempts, boolean checkMetrics) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Recovery> recoveries() {
    return Stream.of(
        new Recovery("500 twice then success: right bytes after two retries", o -> o,
            new RangeServer.Fault[] {STATUS_500, STATUS_500}, 120_000, 4_000, 3, true),
        new Recovery("connection dropped mid body is retried", o -> o,
            new RangeServer.Fault[] {DROP_MID_BODY}, 150_000, 50_000, 2, false),
        new Recovery("slow body past the timeout is cancelled and retried",
            o -> o.setRequestTimeoutMs(300), new RangeServer.Fault[] {STALL_BODY}, 90_000, 20_000, 2,
            false));
  }

  /**
   * One injected fault that must end a read with a typed error: its kind, retryable flag (null when
   * not pinned), message fragments and the exact number of requests the server saw (open included).
   */
  record Failure(String name, UnaryOperator<TransportOptions> options,
      Consumer<RangeServer> beforeOpen, Consumer<RangeServer> inject, long offset, int length,
      Kind kind, Boolean retryable, int requests, List<String> fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Failure failure(String name, Consumer<RangeServer> inject, long offset, int length,
      Kind kind, boolean retryable, int requests, String... fragments) {
    return new Failure(name, o -> o, s -> { }, inject, offset, length, kind, retryable, requests,
        List.of(fragments));
  }

  static Stream<Failure> failures() {
    String len = String.valueOf(SMALL.length);
    return Stream.of(
        new Failure("persistent server error gives up after maxRetries", o -> o.setMaxRetries(2),
            s -> { }, s -> s.always(STATUS_500), 120_000, 4_000, Kind.SERVER_ERROR, true, 1 + 3,
            List.of("500", "3 attempts", "offset 120000 length 4000")),
        failure("non-retryable server error is reported at once", s -> s.next(STATUS_501),
            120_000, 4_000, Kind.SERVER_ERROR, false, 2),
        new Failure("connection dropped every time gives a connection error",
            o -> o.setMaxRetries(1), s -> { }, s -> s.always(DROP_MID_BODY), 150_000, 50_000,
            Kind.CONNECTION, true, 1 + 2, List.of()),
        new Failure("slow responses every time give a timeout",
            o -> o.setMaxRetries(1).setRequestTimeoutMs(200), s -> { },
            s -> s.always(STALL_HEADERS), 90_000, 20_000, Kind.TIMEOUT, true, 1 + 2,
            List.of("200 ms")),
        // no retry can finish before the deadline, so one request after the open
        new Failure("total deadline cuts a long request timeout short",
            o -> o.setRequestTimeoutMs(60_000).setDeadlineMs(300), s -> { },
            s -> s.always(STALL_BODY), 90_000, 20_000, Kind.TIMEOUT, null, 2, List.of("deadline")),
        failure("short body is a short read and not retried", s -> s.next(SHORT_BODY),
            80_000, 10_000, Kind.SHORT_READ, false, 2),
        failure("truncated range is a short read", s -> s.next(SHORT_RANGE), 80_000, 10_000,
            Kind.SHORT_READ, false, 2, "bytes 80000-84999/" + len),
        failure("mismatched Content-Range is a bad response", s -> s.next(WRONG_RANGE),
            80_000, 10_000, Kind.BAD_RESPONSE, false, 2),
        failure("missing Content-Range is a bad response", s -> s.next(NO_CONTENT_RANGE),
            80_000, 10_000, Kind.BAD_RESPONSE, false, 2),
        failure("unexpected 416 is range not satisfiable", s -> s.next(STATUS_416), 80_000,
            10_000, Kind.RANGE_NOT_SATISFIABLE, false, 2),
        failure("not found after open is not retried", s -> s.next(STATUS_404), 80_000, 10_000,
            Kind.NOT_FOUND, false, 2),
        new Failure("changed ETag is detected when the server ignores If-Match", o -> o,
            s -> s.honorIfMatch(false), s -> s.next(CHANGE_ETAG), 80_000, 100, Kind.CHANGED, false,
            2, List.of("ETag \"v1\" became \"v2\"")),
        failure("changed length is detected", s -> s.next(CHANGE_LENGTH), 80_000, 100,
            Kind.CHANGED, false, 2, String.valueOf(SMALL.length + 1)));
  }

  @Nested
  @DisplayName("faults")
  class Faults {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.alphastream.transport.HttpRangeSourceTest#recoveries")
    void recoversWithTheRightBytes(Recovery c, Vertx vertx, VertxTestContext ctx) {
      opened(vertx, c.options().apply(fast()))
          .compose(src -> {
            server.next(c.faults());
            return src.read(c.offset(), c.length());
          })
          .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
            assertThat(bytes).isEqualTo(slice(SMALL, c.offset(), c.length()));
            List<String> expected = new ArrayList<>();
            expected.add(FIRST);
            for (int i = 0; i < c.attempts(); i++) {
              expected.add(range(c.offset(), c.length()));
            }
            assertThat(server.ranges()).containsExactlyElementsOf(expected);
            SourceMetrics m = source.metrics();
            assertThat(m.retries()).isEqualTo(c.attempts() - 1);
            if (c.checkMetrics()) {
              assertThat(m.requests()).isEqualTo(1 + c.attempts());
              assertThat(m.errors()).isEqualTo(c.attempts() - 1);
            }
            ctx.completeNow();
          })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.alphastream.transport.HttpRangeSourceTest#failures")
    void failsWithTheTypedError(Failure c, Vertx vertx, VertxTestContext ctx) {
      c.beforeOpen().accept(server);
      opened(vertx, c.options().apply(fast()))
          .compose(src -> {
            c.inject().accept(server);
            return src.read(c.offset(), c.length());
          })
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            if (c.retryable() == null) {
              assertThat(err).isInstanceOf(TransportException.class);
              assertThat(((TransportException) err).kind()).isEqualTo(c.kind());
            } else {
              assertKind(err, c.kind(), c.retryable());
            }
            for (String fragment : c.fragments()) {
              assertThat(err).hasMessageContaining(fragment);
            }
            assertThat(server.count()).isEqualTo(c.requests());
            ctx.completeNow();
          })));
    }

    @Test
    void changedEtagIsRefusedByIfMatchWith412(Vertx vertx, VertxTestContext ctx) {
      opened(vertx, fast())
          .compose(src -> src.read(70_000, 100))
          .compose(first -> {
            server.next(CHANGE_ETAG);
            return source.read(80_000, 100);
          })
          .onComplete(ctx.failing(err -> ctx.verify(() -> {
            assertKind(err, Kind.CHANGED, false);
            assertThat(server.requests()).extracting(RangeServer.Seen::ifMatch)
                .containsExactly(null, "\"v1\"", "\"v1\"");
            assertThat(server.count()).isEqualTo(3);
            ctx.completeNow();
          })));
    }
  }

  @Nested
  @DisplayName("concurrency, coalescing and close")
  class Limits {

    @Test
    void neverMoreThanMaxConcurrentRequestsInFlight(Vertx vertx, VertxTestContext ctx) {
      int reads = 6;
      opened(vertx, fast().setMaxConcurrentRequests(2))
          .compose(src -> {
            server.always(HOLD).holdUntil(2, reads);
            List<Future<Buffer>> all = new ArrayList<>();
            for (int i = 0; i < reads; i++) {
              all.add(src.read(70_000 + i * 1_000L, 1_000));
            }
            return Future.all(all).map(cf -> all);
          })
          .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            for (int i = 0; i < reads; i++) {
              assertThat(all.get(i).result()).isEqualTo(slice(SMALL, 70_000 + i * 1_000L, 1_000));
            }
            assertThat(server.maxHeld()).isEqualTo(2);
            assertThat(server.count()).isEqualTo(1 + reads);
            ctx.completeNow();
          })));
    }

    @Test
    void aFullWaitQueueFailsFast(Vertx vertx, VertxTestContext ctx) {
      opened(vertx, fast().setMaxConcurrentRequests(1).setMaxQueuedRequests(1))
          .compose(src -> {
            server.always(HOLD).holdUntil(1, 2);
            Future<Buffer> a = src.read(70_000, 10);
            Future<Buffer> b = src.read(80_000, 10);
            Future<Buffer> c = src.read(90_000, 10);
            return c.transform(ar -> {
              ctx.verify(() -> {
                assertThat(ar.failed()).isTrue();
                assertKind(ar.cause(), Kind.IO, true);
                assertThat(ar.cause()).hasMessageContaining("queued");
              });
              return Future.all(a, b);
            });
          })
          .onComplete(ctx.succeeding(cf -> ctx.verify(() -> {
            assertThat(server.ranges()).containsExactly(FIRST, range(70_000, 10), range(80_000, 10));
            ctx.completeNow();
          })));
    }

    @Test
    void adjacentRangesAreCoalescedIntoOneRequestAndSplit(Vertx vertx, VertxTestContext ctx) {
      List<ReadRange> ranges = List.of(new ReadRange(101_000, 500), new ReadRange(100_000, 1_000),
          new ReadRange(200_000, 64), new ReadRange(101_500, 250), new ReadRange(10, 6));
      opened(vertx, fast())
          .compose(src -> src.readAll(ranges))
          .onComplete(ctx.succeeding(bufs -> ctx.verify(() -> {
            for (int i = 0; i < ranges.size(); i++) {
              ReadRange r = ranges.get(i);
              assertThat(bufs.get(i)).isEqualTo(slice(SMALL, r.offset(), r.length()));
            }
            assertThat(server.ranges()).first().isEqualTo(FIRST);
            assertThat(server.ranges().subList(1, server.count()))
                .containsExactlyInAnyOrder(range(100_000, 1_750), range(200_000, 64));
            assertThat(source.metrics().reads()).isEqualTo(5);
            ctx.completeNow();
          })));
    }

    @Test
    void coalescingRespectsGapAndSizeLimits(Vertx vertx, VertxTestContext ctx) {
      List<ReadRange> ranges = List.of(new ReadRange(100_000, 1_000), new ReadRange(101_100, 900),
          new ReadRange(102_000, 1_000), new ReadRange(103_000, 1_000));
      opened(vertx, fast().setMaxCoalesceGapBytes(100).setMaxCoalescedBytes(3_000))
          .compose(src -> src.readAll(ranges))
          .onComplete(ctx.succeeding(bufs -> ctx.verify(() -> {
            for (int i = 0; i < ranges.size(); i++) {
              ReadRange r = ranges.get(i);
              assertThat(bufs.get(i)).isEqualTo(slice(SMALL, r.offset(), r.length()));
            }
            assertThat(server.ranges().subList(1, server.count()))
                .containsExactlyInAnyOrder(range(100_000, 3_000), range(103_000, 1_000));
            ctx.completeNow();
          })));
    }

    @Test
    void closeFailsPendingReadsAndLaterCalls(Vertx vertx, VertxTestContext ctx) {
      opened(vertx, fast().setRequestTimeoutMs(10_000))
          .onComplete(ctx.succeeding(src -> {
            server.always(STALL_HEADERS);
            Future<Buffer> pending = src.read(90_000, 20_000);
            server.awaitCount(2).onComplete(ctx.succeeding(arrived -> {
              Future<Void> first = src.close();
              Future<Void> second = src.close();
              ctx.verify(() -> assertThat(second).isSameAs(first));
              pending.onComplete(ctx.failing(err -> ctx.verify(() -> {
              assertKind(err, Kind.CLOSED, false);
              first.compose(v -> src.read(70_000, 10)).onComplete(ctx.failing(err2 -> ctx.verify(() -> {
                assertKind(err2, Kind.CLOSED, false);
                assertThat(server.count()).isEqualTo(2);
                ctx.completeNow();
              })));
              })));
            }));
          }));
    }
  }

  @Test
  void httpsWithTrustAll(Vertx vertx, VertxTestContext ctx) {
    RangeServer tls = new RangeServer(vertx).serve("/v/small.asvp", SMALL);
    tls.start(true)
        .compose(s -> RangeSource.open(vertx, s.url("/v/small.asvp"), fast().setTrustAll(true)))
        .compose(src -> {
          source = src;
          return src.read(300_000, 1_000);
        })
        .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
          assertThat(bytes).isEqualTo(slice(SMALL, 300_000, 1_000));
          assertThat(tls.ranges()).containsExactly(FIRST, range(300_000, 1_000));
          ctx.completeNow();
        })));
  }

  @Test
  void httpsWithAnUntrustedCertificateIsAConnectionErrorNotRetried(Vertx vertx,
      VertxTestContext ctx) {
    RangeServer tls = new RangeServer(vertx).serve("/v/small.asvp", SMALL);
    tls.start(true)
        .compose(s -> RangeSource.open(vertx, s.url("/v/small.asvp"), fast()))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.CONNECTION, false);
          assertThat(tls.count()).isZero();
          ctx.completeNow();
        })));
  }
}
