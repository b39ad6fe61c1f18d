package io.alphastream.format;

import io.alphastream.InvalidArgumentException;

/**
 * Where every frame block of a validated stream lies (rules V05-V11 hold). Built once per stream by
 * {@link StreamReader#readIndex}; immutable and thread-safe.
 *
 * <p>Block {@code i} occupies {@code [offset(i), offset(i) + length(i))}; blocks are contiguous, start at
 * {@code 16 + L} and the last one ends at {@link #fileLength()}.
 */
public final class FrameIndex {
  private final StreamFormat format;
  private final long tableLength;
  private final long headerFrameCount;
  private final long[] offsets; // frameCount + 1 entries; offsets[frameCount] == fileLength
  private final long minBlockLength;
  private final long maxBlockLength;

  FrameIndex(StreamFormat format, long tableLength, long headerFrameCount, long[] offsets) {
    this.format = format;
    this.tableLength = tableLength;
    this.headerFrameCount = headerFrameCount;
    this.offsets = offsets;
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i + 1 < offsets.length; i++) {
      long len = offsets[i + 1] - offsets[i];
      min = Math.min(min, len);
      max = Math.max(max, len);
    }
    this.minBlockLength = min;
    this.maxBlockLength = max;
  }

  public StreamFormat format() {
    return format;
  }

  /** {@code N}, the number of sizes-table entries (1 .. 2^24). */
  public int frameCount() {
    return offsets.length - 1;
  }

  /** File offset of frame block {@code frame}. */
  public long offset(int frame) {
    check(frame);
    return offsets[frame];
  }

  /**
   * Stored length {@code S[frame]} of frame block {@code frame} (encrypted bytes for ASVR). A length above
   * {@code Integer.MAX_VALUE} (possible only in a file over 2 GiB) is reported as
   * {@code Integer.MAX_VALUE}; such a block fails to decode with V13.
   */
  public int length(int frame) {
    check(frame);
    return (int) Math.min(Integer.MAX_VALUE, offsets[frame + 1] - offsets[frame]);
  }

  /** Exact stored length of frame block {@code frame} in 64 bits. */
  public long blockLength(int frame) {
    check(frame);
    return offsets[frame + 1] - offsets[frame];
  }

  /** Total file length the index was validated against (V11). */
  public long fileLength() {
    return offsets[offsets.length - 1];
  }

  /** {@code L}, the compressed sizes-table length. */
  public long tableLength() {
    return tableLength;
  }

  /** Offset of the first frame block, {@code 16 + L}. */
  public long tableEnd() {
    return StreamReader.HEADER_LENGTH + tableLength;
  }

  /** ASVP: the header's frame-count field (0 = not recorded, else equal to {@link #frameCount()}); ASVR: 0. */
  public long headerFrameCount() {
    return headerFrameCount;
  }

  /** Shortest stored block, in bytes. */
  public long minBlockLength() {
    return minBlockLength;
  }

  /** Longest stored block, in bytes. */
  public long maxBlockLength() {
    return maxBlockLength;
  }

  /** Mean stored block length: {@code (fileLength - 16 - L) / N}. */
  public double meanBlockLength() {
    return (fileLength() - tableEnd()) / (double) frameCount();
  }

  /** Play time of the whole stream, {@code N / 60} seconds. */
  public double durationSeconds() {
    return Timebase.secondsOfFrame(frameCount());
  }

  /** Play time rounded up to a whole microsecond, {@code ceil(N * 1e6 / 60)}. */
  public long durationMicros() {
    return Timebase.microsOfFrame(frameCount());
  }

  private void check(int frame) {
    if (frame < 0 || frame >= offsets.length - 1) {
      throw InvalidArgumentException.frame(frame, offsets.length - 1);
    }
  }

  @Override
  public String toString() {
    return "FrameIndex[" + format + ", frames=" + frameCount() + ", fileLength=" + fileLength()
        + ", tableLength=" + tableLength + "]";
  }
}
