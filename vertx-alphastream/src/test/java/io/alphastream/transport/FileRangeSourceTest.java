package io.alphastream.transport;

import static io.alphastream.transport.HttpRangeSourceTest.assertKind;
import static io.alphastream.transport.HttpRangeSourceTest.slice;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.alphastream.InvalidArgumentException;
import io.alphastream.TransportException.Kind;
import io.alphastream.testing.AssertJWarmup;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Local file source: positional reads equal the file's bytes, typed errors, one open file per source. */
@ExtendWith({AssertJWarmup.class, VertxExtension.class})
@Timeout(value = 20, timeUnit = SECONDS)
class FileRangeSourceTest {

  static final byte[] SMALL = Fixtures.bytes("small.asvp");
  RangeSource source;

  @Test
  void plainPathAndFileUrlReadTheSameBytes(Vertx vertx, VertxTestContext ctx) {
    Path path = Fixtures.path("small.asvp");
    Future<RangeSource> byPath = RangeSource.open(vertx, path.toString(), new TransportOptions());
    Future<RangeSource> byUrl = RangeSource.open(vertx, path.toUri().toString(), new TransportOptions());
    Future.all(byPath, byUrl)
        .compose(cf -> Future.all(byPath.result().read(200_000, 4_096),
            byUrl.result().read(200_000, 4_096), byPath.result().read(0, SMALL.length)))
        .onComplete(ctx.succeeding(cf -> ctx.verify(() -> {
          assertThat(byPath.result().size()).isEqualTo(SMALL.length);
          assertThat(byUrl.result().size()).isEqualTo(SMALL.length);
          assertThat(byUrl.result().uri()).startsWith("file:");
          assertThat(cf.<Buffer>resultAt(0)).isEqualTo(slice(SMALL, 200_000, 4_096));
          assertThat(cf.<Buffer>resultAt(1)).isEqualTo(slice(SMALL, 200_000, 4_096));
          assertThat(cf.<Buffer>resultAt(2)).isEqualTo(Buffer.buffer(SMALL));
          SourceMetrics m = byPath.result().metrics();
          assertThat(m.reads()).isEqualTo(2);
          assertThat(m.requests()).isEqualTo(2);
          assertThat(m.bytes()).isEqualTo(4_096 + SMALL.length);
          assertThat(m.latencyCount()).isEqualTo(2);
          Future.all(byPath.result().close(), byUrl.result().close())
              .onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void missingFileIsNotFound(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) {
    RangeSource.open(vertx, dir.resolve("nope.asvp").toString(), new TransportOptions())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.NOT_FOUND, false);
          assertThat(err).hasMessageContaining("nope.asvp");
          ctx.completeNow();
        })));
  }

  @Test
  void directoryIsAnIoError(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) {
    RangeSource.open(vertx, dir.toString(), new TransportOptions())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.IO, false);
          assertThat(err).hasMessageContaining("directory");
          ctx.completeNow();
        })));
  }

  @Test
  void remoteFileUrlIsABadArgument(Vertx vertx, VertxTestContext ctx) {
    RangeSource.open(vertx, "file://example.net/x.asvp", new TransportOptions())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(InvalidArgumentException.class);
          ctx.completeNow();
        })));
  }

  @Test
  void rangesOutsideTheFileFailTyped(Vertx vertx, VertxTestContext ctx) {
    RangeSource.open(vertx, Fixtures.path("small.asvp").toString(), new TransportOptions())
        .compose(src -> {
          source = src;
          return src.read(SMALL.length - 4, 16);
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.RANGE_NOT_SATISFIABLE, false);
          assertThat(err).hasMessageContaining("offset " + (SMALL.length - 4));
          source.read(5, -1).onComplete(ctx.failing(err2 -> ctx.verify(() -> {
            assertThat(err2).isInstanceOf(InvalidArgumentException.class);
            assertThat(source.metrics().requests()).isZero();
            source.close().onComplete(ctx.succeedingThenComplete());
          })));
        })));
  }

  @Test
  void filesLargerThan2GiBArePositionallyRead(Vertx vertx, VertxTestContext ctx, @TempDir Path dir)
      throws IOException {
    Path big = dir.resolve("big.bin");
    long size = (3L << 30) + 17; // sparse: costs no disk
    long at = (5L << 29) + 3; // 2.5 GiB + 3
    byte[] marker = "marker past 2 GiB".getBytes();
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(size);
      f.seek(at);
      f.write(marker);
      f.seek(size - 4);
      f.write(new byte[] {1, 2, 3, 4});
    }
    RangeSource.open(vertx, big.toString(), new TransportOptions())
        .compose(src -> {
          source = src;
          return Future.all(src.read(at, marker.length), src.read(size - 4, 4));
        })
        .onComplete(ctx.succeeding(cf -> ctx.verify(() -> {
          assertThat(source.size()).isEqualTo(size);
          assertThat(cf.<Buffer>resultAt(0)).isEqualTo(Buffer.buffer(marker));
          assertThat(cf.<Buffer>resultAt(1)).isEqualTo(Buffer.buffer(new byte[] {1, 2, 3, 4}));
          source.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void fileThatShrinksAfterOpenGivesAShortRead(Vertx vertx, VertxTestContext ctx, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("shrinks.asvp");
    Files.write(file, SMALL);
    RangeSource.open(vertx, file.toString(), new TransportOptions())
        .compose(src -> {
          source = src;
          return vertx.executeBlocking(() -> { // test setup I/O, off the event loop
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
              f.setLength(1_000);
            }
            return null;
          });
        })
        .compose(v -> source.read(900, 200))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.SHORT_READ, false);
          assertThat(err).hasMessageContaining("100 of 200");
          source.close().onComplete(ctx.succeedingThenComplete());
        })));
  }

  @Test
  void fileIsOpenedOnceAndClosedWithTheSource(Vertx vertx, VertxTestContext ctx, @TempDir Path dir)
      throws IOException {
    assumeTrue(Files.isDirectory(Paths.get("/proc/self/fd")), "needs /proc/self/fd");
    Path file = dir.resolve("counted.asvp");
    Files.write(file, SMALL);
    RangeSource.open(vertx, file.toString(), new TransportOptions())
        .compose(src -> {
          source = src;
          List<Future<Buffer>> reads = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            reads.add(src.read(i * 10_000L, 10_000));
          }
          return Future.all(reads);
        })
        // listing /proc/self/fd is file-system work: on a worker, not on the event loop
        .compose(cf -> vertx.executeBlocking(() -> openDescriptors(file), false))
        .compose(open -> {
          ctx.verify(() -> assertThat(open).isEqualTo(1));
          Future<Void> first = source.close();
          ctx.verify(() -> assertThat(source.close()).isSameAs(first));
          return first;
        })
        .compose(v -> vertx.executeBlocking(() -> openDescriptors(file), false))
        .compose(open -> {
          ctx.verify(() -> assertThat(open).isZero());
          return source.read(0, 16);
        })
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertKind(err, Kind.CLOSED, false);
          ctx.completeNow();
        })));
  }

  private static long openDescriptors(Path file) throws IOException {
    Path target = file.toRealPath();
    try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(target);
        } catch (IOException e) {
          return false; // the descriptor closed while we listed: not ours
        }
      }).count();
    }
  }

  /**
   * Closing the source after its Vert.x instance closed (a timed-out open closes the facade's own Vert.x,
   * which closes the file first) completes once: nothing is logged as an unhandled exception (before the
   * fix, "Promise already completed" from completing the close promise twice).
   */
  @Test
  void closeAfterTheVertxInstanceClosedCompletesOnceAndLogsNothing() throws Exception {
    List<java.util.logging.LogRecord> logged = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.addHandler(h);
    try {
      for (int i = 0; i < 20; i++) {
        Vertx own = Vertx.vertx();
        RangeSource s = RangeSource.open(own, Fixtures.path("small.asvp").toString(), new TransportOptions())
            .toCompletionStage().toCompletableFuture().get(10, SECONDS);
        Future<Buffer> read = s.read(0, 4_096);
        own.close().toCompletionStage().toCompletableFuture().get(10, SECONDS);
        java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
        s.close().onComplete(ar -> closed.complete(null)); // succeeded or failed: it must complete, once
        closed.get(10, SECONDS);
        read.transform(ar -> Future.succeededFuture()).toCompletionStage().toCompletableFuture().get(10, SECONDS);
      }
    } finally {
      root.removeHandler(h);
    }
    assertThat(logged).extracting(r -> r.getLevel() + " " + r.getMessage()
        + (r.getThrown() == null ? "" : " " + r.getThrown())).isEmpty();
  }
}
