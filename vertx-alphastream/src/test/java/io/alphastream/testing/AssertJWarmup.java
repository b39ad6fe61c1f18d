package io.alphastream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes the JVM's first AssertJ assertion on the JUnit thread, before a test class starts. That first
 * call initialises AssertJ's configuration (a service-loader scan of the class path, class loading from
 * jars): hundreds of milliseconds on a busy machine, which trips the blocked-thread checker when it
 * happens in a {@code ctx.verify} on an event loop. List it before {@code VertxExtension}:
 * {@code @ExtendWith({AssertJWarmup.class, VertxExtension.class})}.
 */
public final class AssertJWarmup implements BeforeAllCallback {
  private static volatile boolean done;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (done) {
      return;
    }
    // the assertion types the Vert.x tests use in callbacks
    assertThat(1).isEqualTo(1);
    assertThat(1L).isPositive();
    assertThat(1.0).isPositive();
    assertThat(true).isTrue();
    assertThat("a").contains("a");
    assertThat(new byte[] {1}).hasSize(1).isEqualTo(new byte[] {1});
    assertThat(List.of(1)).hasSize(1).containsExactly(1);
    assertThat(Map.of(1, 1)).containsEntry(1, 1);
    assertThat(new IllegalStateException("x")).hasMessageContaining("x").isInstanceOf(RuntimeException.class);
    assertThat((Object) "a").isSameAs("a");
    done = true;
  }
}
