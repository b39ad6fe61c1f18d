package io.alphastream.format;

import io.alphastream.InvalidArgumentException;
import io.alphastream.StreamClosedException;
import io.alphastream.TransportException;
import io.alphastream.format.crypto.FrameCipher;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes an ASVP or ASVR stream (FORMAT.md section 8). Frames are added in order and buffered as finished
 * blocks (compressed, and encrypted with key id {@code i} for ASVR); {@link #finish()} then writes header,
 * sizes table and blocks, because the table that precedes the blocks needs every block's length.
 *
 * <p>ASVP headers carry the true frame count. zlib level 6 (header {@code 78 9C}) is used throughout.
 * ASVR encrypts header and table as one keystream with key id {@code 0xFFFFFFFF}.
 *
 * <p>Not thread-safe. {@link #close()} finishes (if not yet finished) and closes the output stream.
 */
public final class StreamWriter implements Closeable {
  private static final String NAME = "StreamWriter";

  private final OutputStream out;
  private final StreamFormat format;
  private final byte[] key; // ASVR only
  private final Deflater deflater = new Deflater(Zlib.WRITE_LEVEL);
  private final List<byte[]> blocks = new ArrayList<>();
  private boolean finished;
  private boolean closed;

  private StreamWriter(OutputStream out, StreamFormat format, byte[] key) {
    if (out == null) {
      throw new InvalidArgumentException("output stream must not be null");
    }
    this.out = out;
    this.format = format;
    this.key = key;
  }

  /** A writer of a plain ASVP stream to {@code out}. */
  public static StreamWriter asvp(OutputStream out) {
    return new StreamWriter(out, StreamFormat.ASVP, null);
  }

  /**
   * A writer of an ASVR stream to {@code out}, encrypted with the 32-byte {@code key} (copied); derive it
   * with {@link io.alphastream.format.crypto.PassphraseKeys#derive} for the file's scene, version and
   * name.
   */
  public static StreamWriter asvr(OutputStream out, byte[] key) {
    if (key == null || key.length != FrameCipher.KEY_LENGTH) {
      throw new InvalidArgumentException("key must be " + FrameCipher.KEY_LENGTH + " bytes");
    }
    return new StreamWriter(out, StreamFormat.ASVR, key.clone());
  }

  public StreamFormat format() {
    return format;
  }

  /** Frames added so far. */
  public int frameCount() {
    return blocks.size();
  }

  /** Adds the next frame, encoded with {@link FramePayloads#encode} (long steps are split). */
  public void addFrame(Polygons p) {
    addPayload(FramePayloads.encode(p));
  }

  /** Adds the next frame from its payload bytes (not validated: whatever is given is stored). */
  public void addPayload(byte[] payload) {
    if (payload == null) {
      throw new InvalidArgumentException("payload must not be null");
    }
    ensureOpen();
    byte[] b = Zlib.deflate(deflater, payload, 0, payload.length, 4);
    FramePayloads.putU32(b, 0, payload.length);
    addOwnedBlock(b);
  }

  /**
   * Adds the next frame as an existing plain block ({@code u32 declared ‖ zlib(payload)}), copied without
   * re-encoding: for example {@code io.alphastream.source.StreamFile.plainBlock} of an ASVP or ASVR stream, which converts
   * between the formats with identical frames.
   */
  public void addBlock(byte[] plainBlock) {
    if (plainBlock == null) {
      throw new InvalidArgumentException("block must not be null");
    }
    if (plainBlock.length < 4) {
      throw new InvalidArgumentException("block is " + plainBlock.length + " bytes; a block has at least 4 (V10)");
    }
    ensureOpen();
    addOwnedBlock(plainBlock.clone());
  }

  private void addOwnedBlock(byte[] b) {
    if (blocks.size() >= StreamReader.MAX_FRAMES) {
      throw new InvalidArgumentException("a stream holds at most " + StreamReader.MAX_FRAMES + " frames (V07)");
    }
    if (format == StreamFormat.ASVR) {
      FrameCipher.xor(key, blocks.size(), 0, b, 0, b.length);
    }
    blocks.add(b);
  }

  /**
   * Writes header, sizes table and every block, then flushes. The output stream stays open.
   *
   * @throws InvalidArgumentException when no frame was added (a stream without frames breaks V08)
   * @throws TransportException (kind IO) when writing fails
   */
  public void finish() {
    ensureOpen();
    int n = blocks.size();
    if (n == 0) {
      throw new InvalidArgumentException("no frames: a stream needs at least one (V08)");
    }
    byte[] table = new byte[8 * n];
    for (int i = 0; i < n; i++) {
      long s = blocks.get(i).length;
      FramePayloads.putU32(table, 8 * i, s);
      FramePayloads.putU32(table, 8 * i + 4, s >>> 32);
    }
    byte[] head = Zlib.deflate(deflater, table, 0, table.length, StreamReader.HEADER_LENGTH);
    long l = head.length - StreamReader.HEADER_LENGTH;
    if (format == StreamFormat.ASVP) {
      head[0] = 'A';
      head[1] = 'S';
      head[2] = 'V';
      head[3] = 'P';
      head[4] = 'P';
      head[5] = 'L';
      head[6] = 'N';
      head[7] = '1';
      FramePayloads.putU32(head, 8, n);
    } else {
      FramePayloads.putU32(head, 0, 4); // header word of version-1.5.0 files; bytes 4-11 stay zero
    }
    FramePayloads.putU32(head, 12, l);
    if (format == StreamFormat.ASVR) {
      FrameCipher.xor(key, FrameCipher.HEADER_KEY_ID, 0, head, 0, head.length); // header + table: one keystream
    }
    finished = true;
    try {
      out.write(head);
      for (byte[] b : blocks) {
        out.write(b);
      }
      out.flush();
    } catch (IOException e) {
      throw new TransportException(TransportException.Kind.IO, NAME + ": writing the stream failed: "
          + e.getMessage(), e);
    } finally {
      blocks.clear();
      deflater.end();
    }
  }

  /** Finishes when not yet finished, then closes the output stream. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (!finished) {
        finish();
      }
    } finally {
      closed = true;
      deflater.end();
      try {
        out.close();
      } catch (IOException e) {
        throw new TransportException(TransportException.Kind.IO, NAME + ": closing the output failed: "
            + e.getMessage(), e);
      }
    }
  }

  private void ensureOpen() {
    if (finished || closed) {
      throw new StreamClosedException(NAME);
    }
  }
}
