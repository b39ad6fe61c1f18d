package io.alphastream.source;

import io.alphastream.AlphaStream;
import io.alphastream.AlphaStreamOptions;
import io.alphastream.InvalidArgumentException;
import io.alphastream.KeyException;
import io.alphastream.format.ReaderOptions;
import io.alphastream.transport.Locators;
import io.alphastream.transport.RangeSource;
import io.alphastream.transport.TransportOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Opens a stream from a locator and {@link KeyOptions}: the one place the CLI, the gateway and the C ABI
 * go through. It checks the locator's scheme ({@link Locators#SUPPORTED}), derives the default salt name,
 * reads the passphrase from its reference, and, when an ASVR key fails while a part was not given, says
 * which part ("no passphrase given", "no scene id given").
 *
 * <p>Reading a passphrase file is blocking: {@link #configure} and {@link #readerOptions} must run off
 * the event loop (the async {@link #open} does that itself). The {@code env} arguments look up
 * environment variables ({@code System::getenv}; tests pass a map).
 */
public final class StreamSources {
  private static final long CLOSE_WAIT_SECONDS = 10;

  private StreamSources() {}

  /**
   * The format layer's options for the stream at {@code locator}: salt version, salt name (given, or the
   * locator's), scene id and the passphrase read now. Blocking when the passphrase is a file.
   *
   * @throws InvalidArgumentException for an unsupported locator or an unusable passphrase reference
   */
  public static ReaderOptions readerOptions(String locator, KeyOptions key, Function<String, String> env) {
    checkLocator(locator);
    ReaderOptions options = new ReaderOptions().setVersion(key.getSaltVersion())
        .setName(key.getSaltName() != null ? key.getSaltName() : Locators.saltName(locator));
    if (key.getSceneId() != null) {
      options.setSceneId(key.getSceneId());
    }
    byte[] passphrase = passphrase(key.getPassphrase(), env);
    if (passphrase != null) {
      options.setPassphrase(passphrase); // copied by the options
      Arrays.fill(passphrase, (byte) 0);
    }
    return options;
  }

  /**
   * Sets the source and the key of {@code builder} (after any {@code options(...)} call, which replaces
   * them): the locator, the salt parts and the passphrase read now. Blocking when the passphrase is a file.
   */
  public static AlphaStream.Builder configure(AlphaStream.Builder builder, String locator, KeyOptions key,
      Function<String, String> env) {
    ReaderOptions ro = readerOptions(locator, key, env);
    builder.source(locator).version(ro.getVersion()).name(ro.getName()).sceneId(ro.getSceneId());
    byte[] passphrase = ro.getPassphrase();
    if (passphrase != null) {
      builder.passphrase(passphrase); // copied by the builder
      Arrays.fill(passphrase, (byte) 0);
    }
    return builder;
  }

  /**
   * Opens the stream at {@code locator} through the engine on {@code vertx}: the key is read off the event
   * loop, then the handle is opened. On failure the handle is closed again.
   *
   * @return the open handle, or a failed future: {@link io.alphastream.AlphaStreamException} naming the
   *     source (a {@link KeyException} says which key part was not given)
   */
  public static Future<AlphaStream> open(Vertx vertx, String locator, KeyOptions key, AlphaStreamOptions engine,
      Function<String, String> env) {
    KeyOptions k = new KeyOptions(key);
    return vertx.executeBlocking(() -> configure(AlphaStream.builder().options(engine).vertx(vertx), locator,
        k, env).build(), false)
        .compose(alpha -> alpha.open().map(v -> alpha)
            .recover(err -> alpha.closeAsync().transform(x -> Future.failedFuture(err))))
        .recover(err -> Future.failedFuture(explain(err, k, env)));
  }

  /**
   * Opens the stream at {@code locator} for synchronous reading, on the calling thread (never a Vert.x
   * thread). Samples are read into memory; files and URLs are read through a private Vert.x instance
   * (one event loop) that the returned file closes with itself.
   *
   * @throws io.alphastream.AlphaStreamException naming the source; a {@link KeyException} says which key
   *     part was not given
   */
  public static StreamFile openBlocking(String locator, KeyOptions key, TransportOptions transport,
      Function<String, String> env) {
    ReaderOptions ro = readerOptions(locator, key, env);
    long waitMs = StreamFile.waitMs(transport);
    try {
      if (Locators.kindOf(locator) == Locators.Kind.SAMPLE) {
        RangeSource sample = RangeSource.memory(Buffer.buffer(Locators.sampleBytes(locator)), locator);
        return StreamFile.open(sample, ro, waitMs, () -> { });
      }
      if (Context.isOnVertxThread()) {
        throw new IllegalStateException("openBlocking on a Vert.x thread; use open(Vertx, ...)");
      }
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
      RangeSource source;
      try {
        source = StreamFile.await(RangeSource.open(vertx, locator, transport), Locators.redact(locator), waitMs);
      } catch (RuntimeException | Error e) {
        closeVertx(vertx);
        throw e;
      }
      return StreamFile.open(source, ro, waitMs, () -> closeVertx(vertx));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw (RuntimeException) explain(e, key, env);
    }
  }

  /** How messages show {@code locator}: URLs without query string and user info. */
  public static String display(String locator) {
    return Locators.redact(locator);
  }

  private static void checkLocator(String locator) {
    if (locator == null || locator.isEmpty()) {
      throw new InvalidArgumentException("source must not be empty");
    }
    if (Locators.kindOf(locator) == Locators.Kind.UNSUPPORTED) {
      throw Locators.unsupported(locator);
    }
  }

  /**
   * The passphrase {@code ref} names. A variable is the ambient default, read whether or not the file is
   * encrypted: when it holds no valid passphrase it counts as none here, so a plain (ASVP) file still opens,
   * and {@link #explain} names the variable if the file turns out to need a key.
   */
  private static byte[] passphrase(PassphraseRef ref, Function<String, String> env) {
    try {
      return ref.resolve(env);
    } catch (InvalidArgumentException e) {
      if (ref.kind() == PassphraseRef.Kind.ENV) {
        return null;
      }
      throw e;
    }
  }

  /**
   * A {@link KeyException} that also says which key part was not given, or, when the passphrase variable
   * is set but not a valid passphrase, that variable's own {@link InvalidArgumentException} (naming it,
   * never its value); else {@code err}. For callers that open through {@link #configure}.
   */
  public static Throwable explain(Throwable err, KeyOptions key, Function<String, String> env) {
    if (!(err instanceof KeyException e)) {
      return err;
    }
    String missing = null;
    PassphraseRef ref = key.getPassphrase();
    if (ref.kind() == PassphraseRef.Kind.ENV) {
      String v = env.apply(ref.name());
      if (v == null || v.isBlank()) {
        missing = "no passphrase given: no passphrase file, and " + ref.name() + " is not set";
      } else if (passphrase(ref, env) == null) {
        try {
          ref.resolve(env); // the variable's own error: names it, never its value
        } catch (InvalidArgumentException bad) {
          return bad;
        }
      }
    }
    if (missing == null && key.getSceneId() == null) {
      missing = "no scene id given";
    }
    return missing == null ? e : new KeyException(e.rule(), e.getMessage() + " [" + missing + "]");
  }

  private static void closeVertx(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // shutting down after the work is done (or after the failure being reported): nothing to report to
    }
  }
}
