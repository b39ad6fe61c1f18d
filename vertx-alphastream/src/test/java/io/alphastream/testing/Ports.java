package io.alphastream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test must name before they start (Hazelcast members list each other's ports).
 *
 * <p>A port from {@code new ServerSocket(0)} lies in the kernel's ephemeral range, so between the test picking
 * it and the server binding it, any {@code bind(0)} or outgoing connection on the machine may take it (a CI run
 * failed that way: "cluster port ... is in use"). A loopback {@code connect()} to a not-yet-listening port of
 * that range may even connect to itself. These ports are taken below that range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), where the kernel never hands out a port by itself.
 */
public final class Ports {
  private static final int LOWEST = 10_000;

  private Ports() {}

  /** A TCP port free on 127.0.0.1 now, outside the ephemeral range. */
  public static int freePort() {
    int[] range = ephemeralRange();
    int low = LOWEST;
    int high = range[0] - 1; // below the ephemeral range
    if (high - low < 1_000) {
      low = range[1] + 1; // else above it
      high = 65_535;
    }
    if (high - low < 1_000) {
      return anyPort(); // the ephemeral range covers almost everything: nothing better to do
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(low, high + 1);
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port in " + low + "-" + high + " after 200 attempts");
  }

  private static int anyPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [first, last]} of the ephemeral range; Linux's default where the file cannot be read. */
  static int[] ephemeralRange() {
    try {
      String[] parts = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32_768, 60_999};
    }
  }
}
