package io.alphastream.transport;

/**
 * A byte range of a source: {@code length} bytes starting at {@code offset}. A plain value; validity
 * against a source's size is checked by the source when the range is read.
 */
public record ReadRange(long offset, int length) {

  /** @throws IllegalArgumentException when {@code offset} or {@code length} is negative */
  public ReadRange {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("range must have offset >= 0 and length >= 0: offset "
          + offset + ", length " + length);
    }
  }

  /** One past the last byte. */
  public long end() {
    return offset + length;
  }

  @Override
  public String toString() {
    return "[" + offset + ", " + end() + ")";
  }
}
