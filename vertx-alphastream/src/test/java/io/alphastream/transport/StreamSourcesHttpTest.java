package io.alphastream.transport;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.FormatException;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.TransportException;
import io.alphastream.TransportException.Kind;
import io.alphastream.format.Manifest;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.KeyOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.source.StreamSources;
import io.alphastream.testing.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source model over a real HTTP server: the synchronous StreamFile over HTTP gives the frames the
 * local file gives at the cost of the async path's requests; and the opening errors say what went wrong
 * (unsupported scheme, a page instead of a stream, a redirect loop) instead of "no such file" or "wrong
 * key".
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = SECONDS)
class StreamSourcesHttpTest {
  static final Function<String, String> NO_ENV = Map.<String, String>of()::get;
  RangeServer server;

  @BeforeEach
  void startServer(Vertx vertx) throws Exception {
    server = new RangeServer(vertx).serve("/v/small.asvr", Fixtures.bytes("small.asvr"))
        .serve("/v/small.asvp", Fixtures.bytes("small.asvp"));
    server.start().toCompletionStage().toCompletableFuture().get(10, SECONDS);
  }

  static KeyOptions smallAsvrKey() {
    ReaderOptions ro = Manifest.asvrOptions("small.asvr");
    return new KeyOptions().setSceneId(ro.getSceneId()).setSaltVersion(ro.getVersion())
        .setPassphrase(ro.getPassphrase());
  }

  @Test
  void streamFileOverHttpDecodesWhatTheLocalFileDecodes() {
    String url = server.url("/v/small.asvr") + "?Signature=abc";
    List<Integer> frames = List.of(0, 1, 119, 239);
    try (StreamFile remote = StreamSources.openBlocking(url, smallAsvrKey(), new TransportOptions(), NO_ENV);
        StreamFile local = Fixtures.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"))) {
      assertThat(remote.source()).isEqualTo(server.url("/v/small.asvr"));
      assertThat(remote.frameCount()).isEqualTo(240);
      for (int i : frames) {
        assertThat(remote.frame(i)).as("frame %d", i).isEqualTo(local.frame(i));
      }
      long prefixFrames = frames.stream()
          .filter(i -> remote.index().offset(i) + remote.index().blockLength(i) <= 65_536).count();
      assertThat(server.count()).isEqualTo(1 + frames.size() - prefixFrames);
    }
  }

  @Test
  void localFilesAndSamplesOpenTheSameWay() {
    try (StreamFile file = StreamSources.openBlocking(Fixtures.path("small.asvr").toString(), smallAsvrKey(),
            new TransportOptions(), NO_ENV);
        StreamFile sample = StreamSources.openBlocking("sample:demo", new KeyOptions(), new TransportOptions(),
            NO_ENV)) {
      assertThat(file.frameCount()).isEqualTo(240);
      assertThat(sample.frameCount()).isPositive();
      assertThat(sample.frame(0)).isNotNull();
    }
  }

  @Test
  void transportErrorsKeepTheirKind() {
    TransportOptions fast = new TransportOptions().setMaxRetries(0);
    try (StreamFile f = StreamSources.openBlocking(server.url("/v/small.asvp"), new KeyOptions(), fast, NO_ENV)) {
      server.next(RangeServer.Fault.STATUS_404);
      int far = f.frameCount() - 1; // beyond the speculative first read
      assertThatThrownBy(() -> f.frame(far)).isInstanceOfSatisfying(TransportException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }
    assertThatThrownBy(() -> StreamSources.openBlocking(server.url("/v/none.asvp"), new KeyOptions(), fast, NO_ENV))
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void anUnsupportedSchemeIsNamedWithTheSupportedOnes(Vertx vertx, VertxTestContext ctx) {
    assertThatThrownBy(() -> StreamSources.openBlocking("ftp://127.0.0.1/v/small.asvp", new KeyOptions(),
        new TransportOptions(), NO_ENV)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unsupported scheme 'ftp:'").hasMessageContaining(Locators.SUPPORTED)
        .hasMessageNotContaining("no such file");
    RangeSource.open(vertx, "ftp://127.0.0.1/v/small.asvp", new TransportOptions())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unsupported scheme");
          ctx.completeNow();
        })));
  }

  @Test
  void anHtmlPageAtAStreamUrlIsNotAnAlphaStreamFileNotAWrongKey() {
    server.always(RangeServer.Fault.HTML_PAGE);
    assertThatThrownBy(() -> StreamSources.openBlocking(server.url("/v/small.asvr"), smallAsvrKey(),
        new TransportOptions().setMaxRetries(0), NO_ENV))
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
        .hasMessageContaining("not an AlphaStream file (content-type text/html")
        .isNotInstanceOf(KeyException.class);
  }

  @Test
  void aPageWithoutAContentTypeIsRecognisedByItsBytes() {
    byte[] page = "<!DOCTYPE html>\n<html><body>Please sign in</body></html>".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> Fixtures.open(page, "https://cdn/x/clip.asvr", Manifest.asvrOptions("small.asvr")))
        .isInstanceOfSatisfying(FormatException.class, e -> assertThat(e.rule()).isEqualTo("V02"))
        .hasMessageContaining("not an AlphaStream file").hasMessageContaining("<!DOCTYPE");
  }

  @Test
  void aRedirectLoopSaysSo() {
    server.always(RangeServer.Fault.REDIRECT_LOOP);
    assertThatThrownBy(() -> StreamSources.openBlocking(server.url("/v/small.asvp"), new KeyOptions(),
        new TransportOptions().setMaxRetries(0), NO_ENV))
        .isInstanceOf(TransportException.class).hasMessageContaining("too many redirects")
        .hasMessageContaining("redirect loop");
  }

  @Test
  void aWrongKeyWithoutAPassphraseSaysNoneWasGiven() {
    assertThatThrownBy(() -> StreamSources.openBlocking(server.url("/v/small.asvr"),
        new KeyOptions().setSceneId(1L), new TransportOptions(), NO_ENV))
        .isInstanceOf(KeyException.class).hasMessageContaining("no passphrase given")
        .hasMessageContaining(KeyOptions.DEFAULT_PASSPHRASE_ENV);
  }

  @Test
  void refusesToBlockAVertxThread(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> ctx.verify(() -> {
      assertThatThrownBy(() -> StreamSources.openBlocking(server.url("/v/small.asvp"), new KeyOptions(),
          new TransportOptions(), NO_ENV)).isInstanceOf(IllegalStateException.class);
      ctx.completeNow();
    }));
  }
}
