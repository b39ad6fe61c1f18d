package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import picocli.CommandLine;

/** An inclusive frame range {@code A-B} (or a single frame {@code N}). */
record FrameRange(int first, int last) {

  int count() {
    return last - first + 1;
  }

  /** This range, checked against a stream of {@code frameCount} frames. */
  FrameRange within(int frameCount) {
    if (last >= frameCount) {
      throw new InvalidArgumentException("--frames " + this + " is out of range: the stream has "
          + frameCount + " frames (0-" + (frameCount - 1) + ")");
    }
    return this;
  }

  @Override
  public String toString() {
    return first + "-" + last;
  }

  /** picocli converter for {@code --frames A-B}. */
  static final class Converter implements CommandLine.ITypeConverter<FrameRange> {
    @Override
    public FrameRange convert(String value) {
      String[] parts = value.split("-", -1);
      try {
        if (parts.length == 1 || parts.length == 2) {
          int a = Integer.parseInt(parts[0].strip());
          int b = parts.length == 1 ? a : Integer.parseInt(parts[1].strip());
          if (a >= 0 && b >= a) {
            return new FrameRange(a, b);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a frame range A-B with 0 <= A <= B (e.g. 0-599)");
    }
  }
}
