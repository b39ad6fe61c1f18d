package io.alphastream.bench;

import io.alphastream.transport.RangeSource;
import io.vertx.core.buffer.Buffer;
import io.alphastream.format.FrameIndex;
import io.alphastream.format.Polygons;
import io.alphastream.format.ReaderOptions;
import io.alphastream.source.StreamFile;
import io.alphastream.format.StreamFormat;
import io.alphastream.format.StreamReader;
import io.alphastream.format.StreamWriter;
import io.alphastream.format.crypto.PassphraseKeys;
import io.alphastream.sample.SampleGenerator;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark corpus: {@link SampleGenerator} frames for a fixed seed, written in memory as an ASVP
 * and an ASVR stream, plus each stream's per-frame blocks and index, so benchmarks measure decoding
 * and rasterizing without any I/O.
 *
 * <p>The ASVR key is derived from a random passphrase drawn at {@link #generate} and then dropped: the
 * corpus never uses, stores or prints a real passphrase. Only {@link #readerOptions} holds it, so a
 * reader of the ASVR bytes can be created (the salt name is {@link #ASVR_NAME}).
 *
 * <p>Generating 3,600 frames takes a few seconds; do it once per trial ({@code @Setup(Level.Trial)}).
 * Immutable after creation, but the arrays it hands out are not copied: do not change them.
 */
public final class Corpus {

  /** Frames of the standard corpus: one minute at 60 fps. */
  public static final int FRAMES = 3_600;
  /** Seed of the standard corpus. */
  public static final long SEED = 42L;
  /** File name (and so ASVR salt name) of the ASVP stream. */
  public static final String ASVP_NAME = "corpus.asvp";
  /** File name (and so ASVR salt name) of the ASVR stream. */
  public static final String ASVR_NAME = "corpus.asvr";

  private final long seed;
  private final List<Polygons> polygons;
  private final byte[] passphrase;
  private final Stream asvp;
  private final Stream asvr;

  /** One encoded stream of the corpus. */
  public static final class Stream {
    private final StreamFormat format;
    private final byte[] bytes;
    private final StreamReader reader;
    private final FrameIndex index;
    private final byte[][] blocks;

    private Stream(StreamFormat format, byte[] bytes, ReaderOptions options, String name) {
      this.format = format;
      this.bytes = bytes;
      try (StreamFile file = StreamFile.open(RangeSource.memory(Buffer.buffer(bytes), name), options)) {
        this.reader = file.reader();
        this.index = file.index();
        this.blocks = new byte[index.frameCount()][];
        for (int i = 0; i < blocks.length; i++) {
          blocks[i] = file.block(i);
        }
      }
    }

    public StreamFormat format() {
      return format;
    }

    /** The whole stream file. */
    public byte[] bytes() {
      return bytes;
    }

    /** A reader for this stream (thread-safe). */
    public StreamReader reader() {
      return reader;
    }

    public FrameIndex index() {
      return index;
    }

    /** Frame {@code i}'s block exactly as stored (encrypted for ASVR). */
    public byte[] block(int i) {
      return blocks[i];
    }

    /** All blocks, index = frame. */
    public byte[][] blocks() {
      return blocks;
    }

    /** Frame {@code i} decoded. */
    public Polygons decode(int i) {
      return reader.decodeFrame(index, i, blocks[i], 0, blocks[i].length);
    }
  }

  private Corpus(long seed, List<Polygons> polygons, byte[] passphrase, byte[] asvpBytes, byte[] asvrBytes) {
    this.seed = seed;
    this.polygons = polygons;
    this.passphrase = passphrase;
    this.asvp = new Stream(StreamFormat.ASVP, asvpBytes, readerOptions(StreamFormat.ASVP), ASVP_NAME);
    this.asvr = new Stream(StreamFormat.ASVR, asvrBytes, readerOptions(StreamFormat.ASVR), ASVR_NAME);
  }

  /** The standard corpus: {@link #FRAMES} frames of seed {@link #SEED}. */
  public static Corpus standard() {
    return generate(FRAMES, SEED);
  }

  /**
   * Generates {@code frames} frames for {@code seed} and encodes them as ASVP and as ASVR (scene 0,
   * version {@link ReaderOptions#DEFAULT_VERSION}, salt name {@link #ASVR_NAME}, key from a fresh random
   * passphrase).
   */
  public static Corpus generate(int frames, long seed) {
    List<Polygons> polygons = SampleGenerator.generate(frames, seed);
    byte[] passphrase = new byte[32];
    new SecureRandom().nextBytes(passphrase);
    byte[] key = PassphraseKeys.derive(passphrase, ReaderOptions.DEFAULT_SCENE_ID,
        ReaderOptions.DEFAULT_VERSION, ASVR_NAME);
    ByteArrayOutputStream asvp = new ByteArrayOutputStream(1 << 20);
    ByteArrayOutputStream asvr = new ByteArrayOutputStream(1 << 20);
    try (StreamWriter p = StreamWriter.asvp(asvp); StreamWriter r = StreamWriter.asvr(asvr, key)) {
      for (Polygons frame : polygons) {
        p.addFrame(frame);
        r.addFrame(frame);
      }
      p.finish();
      r.finish();
    }
    return new Corpus(seed, polygons, passphrase, asvp.toByteArray(), asvr.toByteArray());
  }

  public long seed() {
    return seed;
  }

  public int frameCount() {
    return polygons.size();
  }

  /** The generated frames, index = frame. */
  public List<Polygons> polygons() {
    return polygons;
  }

  /** The generated frames as an array (for benchmark loops without list indirection). */
  public Polygons[] polygonArray() {
    return polygons.toArray(new Polygons[0]);
  }

  /** The stream of {@code format}. */
  public Stream stream(StreamFormat format) {
    return format == StreamFormat.ASVR ? asvr : asvp;
  }

  /** The stream named by a JMH parameter: {@code asvp} or {@code asvr} (any case). */
  public Stream stream(String format) {
    return stream(StreamFormat.valueOf(format.toUpperCase(Locale.ROOT)));
  }

  /**
   * Options that open this corpus's stream of {@code format}; for ASVR they carry the throwaway
   * passphrase and the salt name {@link #ASVR_NAME}. A fresh copy each call.
   */
  public ReaderOptions readerOptions(StreamFormat format) {
    ReaderOptions o = new ReaderOptions().setFormat(format);
    if (format == StreamFormat.ASVR) {
      o.setName(ASVR_NAME).setPassphrase(passphrase);
    }
    return o;
  }

  /** Sizes in a line, for logs: frames, file bytes, mean block bytes, mean points per frame. */
  public String describe() {
    long points = 0;
    for (Polygons p : polygons) {
      points += p.totalPoints();
    }
    return String.format(Locale.ROOT,
        "%d frames (seed %d), %.1f points/frame; ASVP %d bytes (%.1f B/frame), ASVR %d bytes",
        polygons.size(), seed, points / (double) Math.max(1, polygons.size()), asvp.bytes.length,
        asvp.index.meanBlockLength(), asvr.bytes.length);
  }
}
