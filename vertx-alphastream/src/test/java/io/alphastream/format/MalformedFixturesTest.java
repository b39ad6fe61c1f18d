package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.alphastream.source.StreamFile;
import io.alphastream.AlphaStreamException;
import io.alphastream.FormatException;
import io.alphastream.KeyException;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in fixtures/malformed/ gives exactly the rule (and, for frame-level faults, the frame) that
 * manifest.json's "malformed" array records; every other frame of a frame-level file still decodes.
 */
class MalformedFixturesTest {

  @Test
  void manifestListsEveryMalformedFileAndEveryRuleIsCovered() {
    List<String> rules = new ArrayList<>();
    for (Object o : Manifest.malformed()) {
      JsonObject m = (JsonObject) o;
      assertThat(Fixtures.path(m.getString("file"))).exists().hasSize(m.getLong("bytes"));
      rules.add(m.getString("rule"));
    }
    assertThat(Manifest.malformed()).hasSize(27);
    assertThat(rules).contains("V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08", "V09", "V10",
        "V11", "V12", "V13", "V14", "V15", "V16", "V17", "V18", "V19", "V20");
  }

  @TestFactory
  Stream<DynamicTest> eachMalformedFileReportsItsDocumentedRule() {
    return Manifest.malformed().stream().map(JsonObject.class::cast).map(m -> DynamicTest.dynamicTest(
        m.getString("file") + " -> " + m.getString("rule"), () -> check(m)));
  }

  private static void check(JsonObject m) {
    String file = m.getString("file");
    String name = file.substring(file.lastIndexOf('/') + 1);
    ReaderOptions options = "asvr".equals(m.getString("format"))
        ? Manifest.asvrOptions(name) : new ReaderOptions();
    String rule = m.getString("rule");
    if ("open".equals(m.getString("stage"))) {
      Throwable t = catchThrowable(() -> Fixtures.open(Fixtures.path(file), options).close());
      assertRule(t, rule, -1, name);
      return;
    }
    int bad = m.getInteger("frame");
    try (StreamFile f = Fixtures.open(Fixtures.path(file), options)) {
      assertThat(f.frameCount()).isGreaterThan(bad);
      for (int i = 0; i < f.frameCount(); i++) {
        final int frame = i;
        if (i == bad) {
          assertRule(catchThrowable(() -> f.frame(frame)), rule, bad, name);
          if (rule.compareTo("V15") < 0) { // V12-V14: inflating alone already fails
            assertRule(catchThrowable(() -> f.payload(frame)), rule, bad, name);
          } else { // V15-V20: the payload inflates, parsing it fails
            byte[] payload = f.payload(frame);
            assertRule(catchThrowable(() -> FrameDecoder.parse(payload, f.source(), frame)), rule, bad, name);
          }
        } else {
          assertThat(f.frame(i)).as("frame %d of %s still decodes", i, name).isNotNull();
        }
      }
    }
  }

  static void assertRule(Throwable t, String rule, long frame, String name) {
    assertThat(t).as("expected %s", rule).isInstanceOf(AlphaStreamException.class);
    String actual = t instanceof FormatException fe ? fe.rule()
        : t instanceof KeyException ke ? ke.rule() : null;
    assertThat(actual).as("rule of %s", t).isEqualTo(rule);
    assertThat(t.getMessage()).contains(name).contains(rule);
    if (t instanceof FormatException fe) {
      assertThat(fe.frame()).isEqualTo(frame);
      if (frame >= 0) {
        assertThat(t.getMessage()).contains("frame " + frame);
      }
    }
  }
}
