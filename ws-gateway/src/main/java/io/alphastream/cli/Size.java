package io.alphastream.cli;

import io.alphastream.raster.Mask;
import picocli.CommandLine;

/** An output size {@code WxH}, each side 1..16384 (FORMAT.md section 10.1). */
record Size(int width, int height) {
  static final int MAX = Mask.MAX_SIZE;

  @Override
  public String toString() {
    return width + "x" + height;
  }

  /** picocli converter for {@code --size WxH}. */
  static final class Converter implements CommandLine.ITypeConverter<Size> {
    @Override
    public Size convert(String value) {
      String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x", -1);
      if (parts.length == 2) {
        try {
          int w = Integer.parseInt(parts[0].strip());
          int h = Integer.parseInt(parts[1].strip());
          if (w >= 1 && w <= MAX && h >= 1 && h <= MAX) {
            return new Size(w, h);
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a size WxH with 1 <= W, H <= " + MAX + " (e.g. 2048x1024)");
    }
  }
}
