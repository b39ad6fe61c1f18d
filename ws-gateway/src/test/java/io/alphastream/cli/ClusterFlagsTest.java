package io.alphastream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad cluster settings end {@code serve} with one {@code error:} line and exit code {@link ExitCode#CLUSTER},
 * before any Hazelcast member starts (no stack trace, nothing left listening).
 */
class ClusterFlagsTest {

  private static Cli.Result serve(String... args) {
    String[] line = new String[args.length + 3];
    line[0] = "serve";
    line[1] = "--port";
    line[2] = "0";
    System.arraycopy(args, 0, line, 3, args.length);
    return Cli.run(line);
  }

  @Test
  void aMalformedMemberIsNamed() {
    for (String members : List.of("127.0.0.1", "127.0.0.1:", ":5701", "127.0.0.1:99999", "127.0.0.1:port")) {
      Cli.Result r = serve("--cluster", "--cluster-members", members).assertsOneErrorLine(ExitCode.CLUSTER);
      assertThat(r.errorLine()).contains("cluster member must be host:port");
    }
  }

  @Test
  void aPortInUseIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Cli.Result r = serve("--cluster", "--cluster-port", String.valueOf(taken.getLocalPort()))
          .assertsOneErrorLine(ExitCode.CLUSTER);
      assertThat(r.errorLine()).isEqualTo("error: cluster port 127.0.0.1:" + taken.getLocalPort() + " is in use");
    }
  }

  @Test
  void aHostThatIsNotOneOfThisMachinesAddressesIsNamed() {
    // TEST-NET-1 (RFC 5737): never an address of this machine
    Cli.Result r = serve("--cluster", "--cluster-host", "192.0.2.1").assertsOneErrorLine(ExitCode.CLUSTER);
    assertThat(r.errorLine()).contains("192.0.2.1 is not an address of this machine");
    assertThat(serve("--cluster", "--cluster-host", "0.0.0.0").assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .contains("not 0.0.0.0");
  }

  @Test
  void anUnreadableOrInvalidConfigFileIsNamed(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.xml");
    assertThat(serve("--cluster", "--cluster-config", missing.toString()).assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .contains(missing.toString()).contains("no such file");
    Path bad = Files.writeString(dir.resolve("bad.xml"), "<hazelcast><network><port>not a port</port></network>");
    assertThat(serve("--cluster", "--cluster-config", bad.toString()).assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .startsWith("error: invalid Hazelcast configuration " + bad);
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "hazelcast:\n  network: [unclosed\n");
    assertThat(serve("--cluster", "--cluster-config", yaml.toString()).assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .startsWith("error: invalid Hazelcast configuration " + yaml);
    Path txt = Files.writeString(dir.resolve("cluster.txt"), "x");
    assertThat(serve("--cluster", "--cluster-config", txt.toString()).assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .contains(".xml, .yaml or .yml");
  }

  @Test
  void contradictoryOrOrphanFlagsAreNamed() {
    assertThat(serve("--cluster-port", "5701").assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .isEqualTo("error: --cluster-port needs --cluster");
    assertThat(serve("--frames", "owner").assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .isEqualTo("error: --frames needs --cluster");
    assertThat(serve("--cluster", "--cluster-config", "x.xml", "--cluster-port", "5701")
        .assertsOneErrorLine(ExitCode.CLUSTER).errorLine()).contains("--cluster-config replaces");
    assertThat(serve("--cluster", "--frames", "sometimes").assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .contains("frames must be origin or owner");
    assertThat(serve("--cluster", "--cluster-name", "no spaces").assertsOneErrorLine(ExitCode.CLUSTER).errorLine())
        .contains("cluster name must be");
  }
}
