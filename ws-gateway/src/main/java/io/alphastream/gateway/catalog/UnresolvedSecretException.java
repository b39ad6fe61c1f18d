package io.alphastream.gateway.catalog;

/**
 * This node cannot resolve a catalog stream's passphrase reference: the environment variable is not set
 * here, the file is missing or unreadable in this node's secrets directory, or the node has no secrets
 * directory. The message names the stream and the reference, never a secret. The gateway reports the
 * stream {@code unresolved} and keeps checking: the secret may be provided later.
 */
public final class UnresolvedSecretException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code cause}: the library's error for the same problem (it decides the CLI's exit code), or null. */
  public UnresolvedSecretException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
