package io.alphastream.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.SaltName;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Locator classification, redaction for messages, and the salt-name rule surviving redaction. */
class LocatorsTest {

  @Test
  void classifiesSchemesAndPaths() {
    assertThat(Locators.kindOf("https://cdn.example.net/a.asvr")).isEqualTo(Locators.Kind.HTTP);
    assertThat(Locators.kindOf("HTTP://x/a")).isEqualTo(Locators.Kind.HTTP);
    assertThat(Locators.kindOf("file:///tmp/a.asvp")).isEqualTo(Locators.Kind.FILE);
    assertThat(Locators.kindOf("/tmp/a.asvp")).isEqualTo(Locators.Kind.FILE);
    assertThat(Locators.kindOf("clips/a.asvp")).isEqualTo(Locators.Kind.FILE);
    assertThat(Locators.kindOf("C:\\media\\a.asvr")).isEqualTo(Locators.Kind.FILE);
    assertThat(Locators.kindOf("C:/media/a.asvr")).isEqualTo(Locators.Kind.FILE);
    assertThat(Locators.kindOf("ftp://x/a.asvp")).isEqualTo(Locators.Kind.UNSUPPORTED);
    assertThat(Locators.kindOf("s3://bucket/a.asvp")).isEqualTo(Locators.Kind.UNSUPPORTED);
  }

  @Test
  void redactionDropsQueryAndUserInfoButKeepsTheSaltName() {
    String signed = "https://user:pw@cdn.example.net/v/4242/small.asvr?Expires=1&Sig=a%2Fb/c";
    assertThat(Locators.redact(signed)).isEqualTo("https://cdn.example.net/v/4242/small.asvr");
    // FORMAT.md 6.1 table: the same name from the full and the redacted locator
    assertThat(SaltName.of(Locators.redact(signed))).isEqualTo(SaltName.of(signed)).isEqualTo("small.asvr");
    assertThat(Locators.redact("C:\\media\\clips\\small.asvr")).isEqualTo("C:\\media\\clips\\small.asvr");
    assertThat(Locators.redact("http://host:8080")).isEqualTo("http://host:8080");
  }

  @Test
  void requestUrlKeepsTheQueryAndDropsTheFragment() {
    assertThat(Locators.requestUrl("http://h/a.asvp?x=1#frag")).isEqualTo("http://h/a.asvp?x=1");
    assertThatThrownBy(() -> Locators.requestUrl("http:///a.asvp"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void fileUrlsAndPaths() {
    assertThat(Locators.filePath("file:///tmp/my%20clip.asvp")).isEqualTo(Paths.get("/tmp/my clip.asvp"));
    assertThat(Locators.filePath("file://localhost/tmp/a.asvp")).isEqualTo(Paths.get("/tmp/a.asvp"));
    assertThat(Locators.filePath("file:clips/a.asvp")).isEqualTo(Paths.get("clips/a.asvp"));
    assertThat(Locators.filePath("/tmp/a.asvp")).isEqualTo(Paths.get("/tmp/a.asvp"));
    assertThatThrownBy(() -> Locators.filePath("file://other-host/a.asvp"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("remote host");
    assertThatThrownBy(() -> Locators.filePath("")).isInstanceOf(InvalidArgumentException.class);
  }
}
