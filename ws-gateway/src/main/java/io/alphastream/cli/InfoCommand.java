package io.alphastream.cli;

import io.alphastream.format.FrameIndex;
import io.alphastream.source.StreamFile;
import io.alphastream.format.StreamFormat;
import io.alphastream.format.Timebase;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code info SOURCE [--json]}: what a stream file is, how long it lasts, how its blocks are sized. */
@Command(name = "info", description = "Show format, version, frame count, duration, file size and"
    + " sizes-table statistics of a stream.")
final class InfoCommand implements Callable<Integer> {
  /** Revision of the ASVP header (bytes 4-7), reported as its version. */
  static final String ASVP_REVISION = "PLN1";

  @ParentCommand Main main;
  @Mixin KeyOptions key;
  @Mixin SourceOptions sourceOptions;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "File path, file: URL, http(s):// URL or sample:demo.")
  String source;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (StreamFile file = Sources.openStream(source, key, sourceOptions, main.env)) {
      JsonObject info = describe(file);
      if (json) {
        main.out.println(info.encodePrettily());
      } else {
        print(info, main.out);
      }
    }
    return ExitCode.OK;
  }

  private JsonObject describe(StreamFile file) {
    FrameIndex index = file.index();
    int frames = index.frameCount();
    boolean asvr = index.format() == StreamFormat.ASVR;
    JsonObject json = new JsonObject()
        .put("source", Sources.display(source))
        .put("format", index.format().name())
        .put("version", asvr ? key.version : ASVP_REVISION);
    if (asvr) {
      json.put("sceneId", key.sceneId()).put("name", key.name != null ? key.name : Sources.saltName(source));
    }
    return json
        .put("frames", frames)
        .put("fps", Timebase.FPS)
        .put("durationSeconds", index.durationSeconds())
        .put("duration", formatDuration(index.durationMicros()))
        .put("fileBytes", index.fileLength())
        .put("sizesTableBytes", index.tableLength())
        .put("blockBytes", new JsonObject()
            .put("min", index.minBlockLength())
            .put("max", index.maxBlockLength())
            .put("mean", Math.round(index.meanBlockLength() * 10) / 10.0));
  }

  private static void print(JsonObject i, PrintStream out) {
    JsonObject blocks = i.getJsonObject("blockBytes");
    out.printf("source        %s%n", i.getString("source"));
    out.printf("format        %s%n", i.getString("format"));
    out.printf("version       %s%n", i.getString("version"));
    if (i.containsKey("sceneId")) {
      out.printf("scene id      %d%n", i.getLong("sceneId"));
      out.printf("salt name     %s%n", i.getString("name"));
    }
    out.printf("frames        %d%n", i.getInteger("frames"));
    out.printf(Locale.ROOT, "duration      %s (%.3f s at %d fps)%n", i.getString("duration"),
        i.getDouble("durationSeconds"), i.getInteger("fps"));
    out.printf("file size     %d bytes%n", i.getLong("fileBytes"));
    out.printf("sizes table   %d bytes (compressed)%n", i.getLong("sizesTableBytes"));
    out.printf(Locale.ROOT, "block bytes   min %d, max %d, mean %.1f%n", blocks.getLong("min"),
        blocks.getLong("max"), blocks.getDouble("mean"));
  }

  /** {@code m:ss.mmm} (or {@code h:mm:ss.mmm}), rounded to the millisecond. */
  static String formatDuration(long micros) {
    long millis = (micros + 500) / 1000;
    long h = millis / 3_600_000;
    long m = millis / 60_000 % 60;
    long s = millis / 1000 % 60;
    long ms = millis % 1000;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d.%03d", h, m, s, ms)
        : String.format(Locale.ROOT, "%d:%02d.%03d", m, s, ms);
  }
}
