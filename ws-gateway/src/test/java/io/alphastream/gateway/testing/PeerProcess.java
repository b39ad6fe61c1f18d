package io.alphastream.gateway.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which local process holds the client end of a TCP connection on 127.0.0.1, read from Linux's
 * {@code /proc/net/tcp[6]} (socket inode by port pair) and {@code /proc/<pid>/fd} (who has that inode): lets a
 * test server count requests per client process when every client connects from 127.0.0.1. Blocking: call
 * it off the event loop, while the connection is open.
 */
public final class PeerProcess {
  private PeerProcess() {}

  /**
   * The pid among {@code candidates} whose socket has local port {@code clientPort} connected to server port
   * {@code serverPort}, or -1.
   */
  public static long of(int clientPort, int serverPort, Collection<Long> candidates) {
    String inode = inode(clientPort, serverPort);
    if (inode == null) {
      return -1;
    }
    String link = "socket:[" + inode + "]";
    for (long pid : candidates) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
        for (Path fd : fds) {
          try {
            if (Files.readSymbolicLink(fd).toString().equals(link)) {
              return pid;
            }
          } catch (IOException e) {
            // the descriptor closed meanwhile
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }
    return -1;
  }

  private static String inode(int clientPort, int serverPort) {
    String local = String.format(Locale.ROOT, ":%04X", clientPort);
    String remote = String.format(Locale.ROOT, ":%04X", serverPort);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote)) {
            return f[9];
          }
        }
      } catch (IOException e) {
        // no such table (no IPv6)
      }
    }
    return null;
  }
}
