package io.alphastream.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import io.alphastream.gateway.encode.Encoding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscribeQueryTest {
  private static final StreamInfo SMALL = new StreamInfo("small", 240, 60, 2048, 1024);

  private static SubscribeQuery parse(String query) {
    Map<String, List<String>> params = new HashMap<>();
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        String[] p = kv.split("=", 2);
        params.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p.length > 1 ? p[1] : "");
      }
    }
    return SubscribeQuery.parse(k -> params.getOrDefault(k, List.of()), SMALL, ProtocolLimits.DEFAULT);
  }

  @Test
  void absentParametersTakeTheStreamDefaults() {
    assertThat(parse("")).isEqualTo(new SubscribeQuery(2048, 1024, 60, 0, Encoding.RLE));
  }

  @Test
  void allParametersAreRead() {
    assertThat(parse("w=640&h=320&fps=29.97&start=239&encoding=r8&access_token=x"))
        .isEqualTo(new SubscribeQuery(640, 320, 29.97, 239, Encoding.R8));
  }

  @Test
  void oneSideAloneKeepsTheNativeAspect() {
    assertThat(parse("w=1280").height()).isEqualTo(640);
    assertThat(parse("h=177").width()).isEqualTo(354);
  }

  @Test
  void boundsAreInclusiveWhereDocumented() {
    assertThat(parse("w=1&h=1").width()).isEqualTo(1);
    assertThat(parse("w=4096&h=4096").height()).isEqualTo(4096);
    assertThat(parse("fps=240").fps()).isEqualTo(240);
    assertThat(parse("start=0").start()).isZero();
  }

  @Test
  void outOfRangeOrMalformedValuesNameTheParameter() {
    assertBad("w=0", "w must be in 1..4096: 0");
    assertBad("w=4097&h=10", "w must be in 1..4096: 4097");
    assertBad("w=10&h=5000", "h must be in 1..4096: 5000");
    assertBad("w=-5", "w must be a non-negative integer");
    assertBad("w=12px", "w must be a non-negative integer");
    assertBad("w=99999999999", "w must be a non-negative integer");
    assertBad("fps=0", "fps must be in (0, 240]: 0");
    assertBad("fps=240.5", "fps must be in (0, 240]");
    assertBad("fps=NaN", "fps must be a decimal number");
    assertBad("fps=1e3", "fps must be a decimal number");
    assertBad("start=240", "start must be a frame in [0, 240): 240");
    assertBad("encoding=png", "encoding must be \"rle\", \"r8\" or \"poly\"");
    assertBad("encoding=RLE", "encoding must be");
    assertBad("w=10&w=20", "w is given 2 times");
  }

  @Test
  void configuredLimitsApply() {
    ProtocolLimits small = new ProtocolLimits(640, 480, 30);
    assertThatThrownBy(() -> SubscribeQuery.parse(k -> k.equals("fps") ? List.of("31") : List.of(), SMALL, small))
        .hasMessageContaining("fps must be in (0, 30]");
    assertThatThrownBy(() -> SubscribeQuery.parse(k -> k.equals("w") ? List.of("641") : List.of(), SMALL, small))
        .hasMessageContaining("w must be in 1..640: 641");
    // the native 2048x1024 default exceeds these limits: it is scaled down to fit, keeping the aspect
    SubscribeQuery q = SubscribeQuery.parse(k -> List.of(), SMALL, small);
    assertThat(q.width()).isEqualTo(640);
    assertThat(q.height()).isEqualTo(320);
    assertThat(q.fps()).isEqualTo(30);
  }

  private static void assertBad(String query, String message) {
    assertThatThrownBy(() -> parse(query)).as(query).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(message);
  }
}
