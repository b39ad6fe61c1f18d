package io.alphastream.engine;

import io.alphastream.format.FrameIndex;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeSet;

/** Fixture facts used as independent truth: the frame index (from the format layer) and the manifest. */
public final class Corpus {
  private Corpus() {}

  public static final byte[] SMALL = Fixtures.bytes("small.asvp");

  /** The frame index of small.asvp, parsed by the synchronous format layer. */
  public static FrameIndex smallIndex() {
    try (StreamFile f = Fixtures.open(SMALL, "small.asvp", new ReaderOptions())) {
      return f.index();
    }
  }

  /** The frames whose blocks were read, from the offsets a source saw (opening reads are not frames). */
  public static TreeSet<Integer> framesRead(FrameIndex index, List<Long> offsets) {
    TreeSet<Integer> frames = new TreeSet<>();
    for (long off : offsets) {
      for (int f = 0; f < index.frameCount(); f++) {
        if (index.offset(f) == off) {
          frames.add(f);
        }
      }
    }
    return frames;
  }

  /** Manifest channel sizes (bytes per record) of a golden frame of small.asvp. */
  public static List<Integer> channelSizes(int frame) {
    JsonObject m = new JsonObject(Fixtures.manifestJson());
    JsonArray sizes = m.getJsonObject("files").getJsonObject("small.asvp").getJsonObject("golden_frames")
        .getJsonObject(String.valueOf(frame)).getJsonArray("channel_sizes");
    return sizes.stream().map(o -> ((Number) o).intValue()).toList();
  }
}
