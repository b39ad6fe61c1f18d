package io.alphastream.format;

/**
 * The 16-byte stream header after validation (rules V01-V04), as returned by
 * {@link StreamReader#readHeader(byte[], long)}.
 *
 * @param format the container variant of the stream
 * @param tableLength {@code L}, the byte length of the compressed sizes table (1 .. 2^32-1)
 * @param headerFrameCount ASVP: the frame-count field at offset 8 ({@code 0} = not recorded);
 *     ASVR has no such field and reports {@code 0}
 */
public record Header(StreamFormat format, long tableLength, long headerFrameCount) {

  /** Offset just past the sizes table, {@code 16 + L}: the first frame block starts here. */
  public long tableEnd() {
    return StreamReader.HEADER_LENGTH + tableLength;
  }
}
