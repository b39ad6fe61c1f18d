package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import io.alphastream.format.Polygons;
import io.alphastream.format.StreamWriter;
import io.alphastream.sample.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code generate OUT [--frames N] [--seed S]}: writes the synthetic sample animation. */
@Command(name = "generate", description = "Write a synthetic sample stream (SampleGenerator): ASVP or"
    + " ASVR by the extension of OUT. With the defaults it reproduces the bundled sample:demo.")
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin KeyOptions key;
  @Mixin OutputOptions outputOptions;

  @Parameters(index = "0", paramLabel = "OUT", description = "Output file, .asvp or .asvr.")
  Path out;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "" + SampleGenerator.DEMO_FRAMES,
      description = "Number of frames, 1..1000000 (default: ${DEFAULT-VALUE} = 10 s).")
  int frames;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SampleGenerator.DEMO_SEED,
      description = "Generator seed (default: ${DEFAULT-VALUE}, the seed of sample:demo).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (frames < 1 || frames > 1_000_000) {
      throw new InvalidArgumentException("--frames must be in 1..1000000: " + frames);
    }
    boolean asvr = Outputs.hasExtension(out, ".asvr");
    if (!asvr && !Outputs.hasExtension(out, ".asvp")) {
      throw new InvalidArgumentException("OUT must end with .asvp or .asvr: " + out);
    }
    Outputs.Target target = Outputs.target(out, outputOptions.force);
    byte[] writeKey = asvr ? key.writeKey(out.toString(), main.env) : null;
    try {
      Progress progress = new Progress(main.err, "generate", frames);
      // frame by frame: progress covers the generation too, and memory holds only encoded blocks
      IntFunction<Polygons> sample = SampleGenerator.animation(seed);
      Outputs.write(target, stream -> {
        try (StreamWriter writer = asvr ? StreamWriter.asvr(stream, writeKey) : StreamWriter.asvp(stream)) {
          for (int i = 0; i < frames; i++) {
            writer.addFrame(sample.apply(i));
            progress.update(i + 1);
          }
          writer.finish();
        }
      });
      main.out.printf("%s: %d frames (%s), seed %d, %d bytes%n", out, frames, asvr ? "ASVR" : "ASVP",
          seed, Files.size(target.file()));
    } finally {
      if (writeKey != null) {
        Arrays.fill(writeKey, (byte) 0);
      }
    }
    return ExitCode.OK;
  }
}
