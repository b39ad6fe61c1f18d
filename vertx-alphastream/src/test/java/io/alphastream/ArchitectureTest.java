package io.alphastream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.alphastream.testing.ApiBoundary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's own side of the API boundary (docs/architecture.md, "The public API and its boundary"):
 * each {@code .impl} is reached only through its own package, {@code format} and {@code raster} are plain
 * Java, and dependencies go one way ({@code source} on top).
 */
class ArchitectureTest {
  static JavaClasses library;

  @BeforeAll
  static void importLibrary() {
    library = ApiBoundary.mainClasses("io.alphastream");
  }

  @Test
  void theImportSeesTheWholeLibrary() { // a rule over an empty import would pass whatever the code does
    assertThat(library.stream().map(c -> c.getPackageName()).distinct())
        .contains("io.alphastream", "io.alphastream.impl", "io.alphastream.transport.impl", "io.alphastream.cache.impl",
            "io.alphastream.format", "io.alphastream.raster", "io.alphastream.source", "io.alphastream.engine");
  }

  /** A consumer-like class that reaches into an implementation: what the consumers' rule must refuse. */
  static final class ReachesIntoAnImpl {
    Object open() {
      return new io.alphastream.transport.impl.MemoryRangeSource(io.vertx.core.buffer.Buffer.buffer(), "x");
    }
  }

  @Test
  void theConsumersRuleRefusesAnInternalDependency() {
    JavaClasses violator = new ClassFileImporter().importClasses(ReachesIntoAnImpl.class);
    assertThatThrownBy(() -> ApiBoundary.consumersUseOnlyTheApi().check(violator))
        .isInstanceOf(AssertionError.class).hasMessageContaining("MemoryRangeSource");
    JavaClasses clean = new ClassFileImporter().importClasses(ArchitectureTest.class);
    ApiBoundary.consumersUseOnlyTheApi().check(clean);
  }

  @Test
  void eachImplIsReachedOnlyThroughItsOwnPackage() {
    for (String api : new String[] {"io.alphastream", "io.alphastream.transport", "io.alphastream.cache"}) {
      ArchRule rule = noClasses().that().resideOutsideOfPackages(api, api + ".impl")
          .should().dependOnClassesThat().resideInAPackage(api + ".impl")
          .because(api + ".impl is reached through " + api + "'s factories only (STYLE 1)");
      rule.check(library);
    }
  }

  @Test
  void formatAndRasterArePlainJava() {
    noClasses().that().resideInAnyPackage("io.alphastream.format..", "io.alphastream.raster..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "com.github.benmanes..",
            "io.alphastream.transport..", "io.alphastream.cache..", "io.alphastream.scheduler..",
            "io.alphastream.engine..", "io.alphastream.impl..", "io.alphastream.source..")
        .because("the CLI, the engine's workers, the C ABI and JMH call them directly (STYLE 1)")
        .check(library);
  }

  @Test
  void theSourceModelSitsOnTop() {
    noClasses().that().resideOutsideOfPackage("io.alphastream.source..")
        .should().dependOnClassesThat().resideInAPackage("io.alphastream.source..")
        .because("dependencies go one way: format, raster <- transport, cache <- scheduler, engine <- impl"
            + " <- source <- consumers")
        .check(library);
  }
}
