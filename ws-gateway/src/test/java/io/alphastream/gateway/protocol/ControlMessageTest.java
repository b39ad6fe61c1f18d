package io.alphastream.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alphastream.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class ControlMessageTest {
  private static final StreamInfo SMALL = new StreamInfo("small", 240, 60, 2048, 1024);

  private static ControlMessage parse(String text) {
    return ControlMessage.parse(text, SMALL, ProtocolLimits.DEFAULT);
  }

  @Test
  void everyDocumentedMessageParses() {
    assertThat(parse("{\"type\":\"seek\",\"frame\":119}")).isEqualTo(new ControlMessage.Seek(119));
    assertThat(parse("{\"type\":\"rate\",\"fps\":30}")).isEqualTo(new ControlMessage.Rate(30));
    assertThat(parse("{\"type\":\"rate\",\"fps\":12.5}")).isEqualTo(new ControlMessage.Rate(12.5));
    assertThat(parse("{\"type\":\"pause\"}")).isEqualTo(new ControlMessage.Pause());
    assertThat(parse("{\"type\":\"resume\"}")).isEqualTo(new ControlMessage.Resume());
    assertThat(parse("{\"type\":\"size\",\"w\":333,\"h\":177}")).isEqualTo(new ControlMessage.Size(333, 177));
  }

  @Test
  void integralDoublesAreIntegers() {
    assertThat(parse("{\"type\":\"seek\",\"frame\":5.0}")).isEqualTo(new ControlMessage.Seek(5));
  }

  @Test
  void invalidMessagesAreRejectedWithAReason() {
    assertBad("not json", "not a JSON object");
    assertBad("[1,2]", "not a JSON object");
    assertBad("{}", "no string \"type\"");
    assertBad("{\"type\":7}", "no string \"type\"");
    assertBad("{\"type\":\"jump\"}", "unknown control message type \"jump\"");
    assertBad("{\"type\":\"seek\"}", "\"frame\" must be an integer: null");
    assertBad("{\"type\":\"seek\",\"frame\":1.5}", "\"frame\" must be an integer");
    assertBad("{\"type\":\"seek\",\"frame\":\"3\"}", "\"frame\" must be an integer");
    assertBad("{\"type\":\"seek\",\"frame\":240}", "frame must be a frame in [0, 240): 240");
    assertBad("{\"type\":\"seek\",\"frame\":-1}", "[0, 240): -1");
    assertBad("{\"type\":\"rate\",\"fps\":0}", "fps must be in (0, 240]: 0");
    assertBad("{\"type\":\"rate\",\"fps\":241}", "fps must be in (0, 240]: 241");
    assertBad("{\"type\":\"rate\"}", "\"fps\" must be a number");
    assertBad("{\"type\":\"size\",\"w\":0,\"h\":10}", "w must be in 1..4096: 0");
    assertBad("{\"type\":\"size\",\"w\":10,\"h\":4097}", "h must be in 1..4096: 4097");
    assertBad("{\"type\":\"size\",\"w\":1e12,\"h\":1}", "w must be in 1..4096");
  }

  private static void assertBad(String text, String message) {
    assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(message);
  }
}
