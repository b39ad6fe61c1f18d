package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.Polygons;
import io.alphastream.source.StreamFile;
import io.alphastream.raster.Mask;
import io.alphastream.raster.MaskPng;
import io.alphastream.raster.Rasterizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code render SOURCE --frame N [--size WxH] --out FILE.png|FILE.r8}: one frame as a mask file. */
@Command(name = "render", description = "Rasterize one frame (FORMAT.md section 10) into an 8-bit"
    + " grayscale PNG or a raw R8 buffer (section 11).")
final class RenderCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin KeyOptions key;
  @Mixin SourceOptions sourceOptions;
  @Mixin OutputOptions outputOptions;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "File path, file: URL, http(s):// URL or sample:demo.")
  String source;

  @Option(names = "--frame", paramLabel = "N", required = true, description = "Frame index (0-based).")
  int frame;

  @Option(names = "--size", paramLabel = "WxH", defaultValue = "2048x1024",
      converter = Size.Converter.class, description = "Output size (default: ${DEFAULT-VALUE}).")
  Size size;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "Output file; .png writes PNG, .r8 writes raw bytes (W*H, row-major, 0/255).")
  Path out;

  @Override
  public Integer call() throws Exception {
    boolean png = Outputs.hasExtension(out, ".png");
    if (!png && !Outputs.hasExtension(out, ".r8")) {
      throw new InvalidArgumentException("--out must end with .png or .r8: " + out);
    }
    Outputs.Target target = Outputs.target(out, outputOptions.force);
    Mask mask;
    try (StreamFile file = Sources.openStream(source, key, sourceOptions, main.env)) {
      if (frame < 0 || frame >= file.frameCount()) {
        throw InvalidArgumentException.frame(frame, file.frameCount());
      }
      Polygons polygons = file.frame(frame);
      mask = new Rasterizer().rasterize(polygons, size.width(), size.height());
    }
    Outputs.write(target, png ? MaskPng.encode(mask) : mask.data());
    main.out.printf(Locale.ROOT, "%s: frame %d at %s, %d opaque pixels%n", out, frame, size,
        mask.opaqueCount());
    return ExitCode.OK;
  }
}
