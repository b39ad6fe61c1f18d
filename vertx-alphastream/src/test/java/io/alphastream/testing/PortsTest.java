package io.alphastream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aFreePortIsBindableOnLoopbackAndOutsideTheEphemeralRange() throws IOException {
    int[] ephemeral = Ports.ephemeralRange();
    for (int i = 0; i < 20; i++) {
      int port = Ports.freePort();
      assertThat(port).as("outside %d-%d", ephemeral[0], ephemeral[1])
          .satisfiesAnyOf(p -> assertThat(p).isLessThan(ephemeral[0]), p -> assertThat(p).isGreaterThan(ephemeral[1]));
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
