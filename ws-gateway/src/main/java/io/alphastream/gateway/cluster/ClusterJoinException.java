package io.alphastream.gateway.cluster;

/**
 * The node could not join its cluster: bad cluster settings (a malformed member, a host that is not an
 * address of this machine, a port in use, an unreadable or invalid Hazelcast file) or a failed join. The
 * message is one line meant for the user; the cause, when any, is Hazelcast's own error.
 */
public final class ClusterJoinException extends RuntimeException {
  public ClusterJoinException(String message) {
    super(message);
  }

  public ClusterJoinException(String message, Throwable cause) {
    super(message, cause);
  }
}
