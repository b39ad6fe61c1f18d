package io.alphastream.engine;

/**
 * What a remote reader learns about a served stream when it opens: the frame count, the locator as used
 * in messages (already redacted by the transport: no query string, no credentials) and
 * {@code sourceVersion}, an identity of the bytes served (see {@link SourceVersion}). Every frame and block
 * a server sends carries the same identity, so a reader notices a server of another version. Immutable.
 */
public record StreamInfo(int frameCount, long sourceVersion, String locator) {
  public StreamInfo {
    if (frameCount < 1 || locator == null) {
      throw new IllegalArgumentException("bad stream info: " + frameCount + " frames, locator " + locator);
    }
  }
}
