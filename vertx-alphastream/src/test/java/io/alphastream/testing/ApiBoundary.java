package io.alphastream.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The library's API boundary as ArchUnit rules (docs/architecture.md, "The public API and its boundary").
 *
 * <p>API packages: {@code io.alphastream} (facade, options, errors), {@code .format} ({@code .crypto}),
 * {@code .raster}, {@code .transport}, {@code .cache}, {@code .scheduler}, {@code .engine} (its public
 * types: verticles, messages, {@code EngineCodecs}, {@code FrameDecoding}), {@code .source}, {@code .sample}.
 * Internal: every {@code ..impl} package, and what is package-private in the API packages (the engine's
 * codecs and reply-error mapping, the scheduler's implementation). Code outside the library (ws-gateway,
 * cabi, benchmarks) uses the API only; the library keeps each {@code .impl} behind its own package's
 * factories, and keeps {@code format} and {@code raster} plain Java.
 */
public final class ApiBoundary {
  /** Every implementation package of the library. */
  public static final String INTERNAL = "io.alphastream..impl..";

  private ApiBoundary() {}

  /** For a consuming module's test: no class of {@code packages} (main code only) uses a library internal. */
  public static ArchRule consumersUseOnlyTheApi() {
    return noClasses().should().dependOnClassesThat().resideInAPackage(INTERNAL)
        .because("code outside the library uses its API only: implementations sit in .impl packages and are"
            + " reached through the API's factories (STYLE 1)");
  }

  /** The main (non-test) classes of {@code packages} on the class path. */
  public static JavaClasses mainClasses(String... packages) {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
  }
}
