package io.alphastream.cabi;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.alphastream.testing.ApiBoundary;
import org.junit.jupiter.api.Test;

/** This module uses the library through its API only (docs/architecture.md, "The public API and its boundary"). */
class ApiBoundaryTest {

  @Test
  void usesOnlyTheLibrarysApi() {
    JavaClasses classes = ApiBoundary.mainClasses("io.alphastream.cabi");
    assertThat(classes).as("the rule must see this module's classes").isNotEmpty();
    ApiBoundary.consumersUseOnlyTheApi().check(classes);
  }
}
