package io.alphastream.engine;

import io.alphastream.format.FrameIndex;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The identity of the bytes a stream serves: the first 64 bits of a SHA-256 over the format, the file
 * length, the frame count and every frame's offset and length. Two versions of a stream differ in it unless
 * they have the same layout to the byte, which re-encoded masks practically never do. A remote reader
 * compares it on every reply, so a frame of another version is never passed off as this one's.
 */
public final class SourceVersion {
  private SourceVersion() {}

  /** The identity of {@code index}; hashing is linear in the frame count (about 12 bytes a frame). */
  public static long of(FrameIndex index) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    sha.update(index.format().name().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.allocate(12 * 1024);
    b.putLong(index.fileLength()).putInt(index.frameCount());
    for (int i = 0; i < index.frameCount(); i++) {
      if (b.remaining() < 12) {
        sha.update(b.flip());
        b.clear();
      }
      b.putLong(index.offset(i)).putInt(index.length(i));
    }
    sha.update(b.flip());
    return ByteBuffer.wrap(sha.digest()).getLong();
  }
}
