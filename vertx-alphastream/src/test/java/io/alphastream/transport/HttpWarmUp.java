package io.alphastream.transport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.concurrent.TimeUnit;

/**
 * The first HTTP and TLS connections of a JVM load and initialise hundreds of classes on the event loop
 * (a one-time cost of 0.2-1 s on a busy machine) which the tests' low blocked-thread limit would
 * report. One round trip of each on a private Vert.x with the default limit absorbs that cost, so a
 * report from a test is about the code under test. Call from the test thread, never an event loop.
 */
final class HttpWarmUp {
  private static boolean done;

  private HttpWarmUp() {}

  static synchronized void ensure(SelfSignedCertificate cert) {
    if (done) {
      return;
    }
    done = true;
    Vertx vertx = Vertx.vertx(); // default options: 2 s blocked-thread limit
    try {
      HttpServer plain = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
          .requestHandler(r -> r.response().end("ok"));
      HttpServer tls = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
              .setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
          .requestHandler(r -> r.response().end("ok"));
      HttpClient client = vertx.createHttpClient(
          new HttpClientOptions().setTrustAll(true).setVerifyHost(false));
      Future<?> roundTrips = Future.all(plain.listen(), tls.listen()).compose(cf -> Future.all(
          client.request(HttpMethod.GET, plain.actualPort(), "127.0.0.1", "/")
              .compose(req -> req.send()).compose(resp -> resp.body()),
          client.request(new RequestOptions().setSsl(true).setHost("127.0.0.1")
                  .setPort(tls.actualPort()).setURI("/"))
              .compose(req -> req.send()).compose(resp -> resp.body())));
      roundTrips.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("HTTP warm-up failed", e);
    } finally {
      vertx.close();
    }
  }
}
