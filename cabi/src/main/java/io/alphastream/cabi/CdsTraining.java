package io.alphastream.cabi;

import io.alphastream.format.Polygons;
import io.alphastream.format.StreamWriter;
import io.alphastream.sample.SampleGenerator;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * The training run for the class-data archive (AppCDS) that makes the first {@code CV_init} faster:
 * {@code java -XX:ArchiveClassesAtExit=alphastream-cabi.jsa -cp alphastream-cabi.jar
 * io.alphastream.cabi.CdsTraining} (bin/alphastream-cds and the cabi build run it). It goes through
 * the same {@link CvExports} calls as a host does (start-up, init, frames, triangles, close) on a
 * generated ASVP file, so the archive holds the classes a host's first calls load. Exit status 0 when
 * every call succeeded.
 */
public final class CdsTraining {
  private static final int FRAMES = 30;
  private static final int WIDTH = 640;
  private static final int HEIGHT = 320;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path file = Files.createTempFile("alphastream-cds", ".asvp");
    int failures = 0;
    try {
      IntFunction<Polygons> animation = SampleGenerator.animation(SampleGenerator.DEMO_SEED);
      try (OutputStream out = Files.newOutputStream(file); StreamWriter w = StreamWriter.asvp(out)) {
        for (int i = 0; i < FRAMES; i++) {
          w.addFrame(animation.apply(i));
        }
        w.finish();
      }
      CvExports.warmUp();
      Object session = CvExports.create();
      int rc = CvExports.init(session, file.toString().getBytes(StandardCharsets.UTF_8), 4242, WIDTH, HEIGHT,
          "1.5.0".getBytes(StandardCharsets.UTF_8), 0, 10, 200, 10, 30_000, 10_000, null, 60, true);
      failures += rc == CvErrorCodes.OK ? 0 : 1;
      ByteBuffer frame = ByteBuffer.allocateDirect(WIDTH * HEIGHT);
      for (int i = 0; i < FRAMES && rc == CvErrorCodes.OK; i++) {
        failures += CvExports.frame(session, i, WIDTH, HEIGHT, frame.clear()) == CvErrorCodes.OK ? 0 : 1;
      }
      failures += rc == CvErrorCodes.OK && CvExports.triangles(session, 0) == null ? 1 : 0;
      CvExports.close(session);
    } finally {
      Files.deleteIfExists(file);
    }
    if (failures > 0) {
      byte[] last = CvExports.lastText();
      System.err.println("CdsTraining: " + failures + " calls failed"
          + (last != null ? ": " + new String(last, StandardCharsets.UTF_8) : ""));
    }
    System.exit(failures == 0 ? 0 : 1); // the archive is written at exit
  }
}
