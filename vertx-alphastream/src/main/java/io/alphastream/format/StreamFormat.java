package io.alphastream.format;

/** The two container variants of FORMAT.md: plain {@link #ASVP} and encrypted {@link #ASVR}. */
public enum StreamFormat {
  /** Plain: header {@code "ASVPPLN1" ‖ u32 frameCount ‖ u32 L}. */
  ASVP,
  /** Encrypted with ChaCha20 under a key derived from a passphrase, scene id, version and file name. */
  ASVR
}
