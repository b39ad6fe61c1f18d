package io.alphastream.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.source.StreamFile;
import io.alphastream.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Writing what small.asvp decodes to gives back its bytes: payloads (hashes in the manifest), and the
 * files themselves, since the fixtures were written with zlib level 6 as FORMAT.md section 8 asks.
 */
class ReencodeTest {

  @Test
  void reencodingDecodedFramesReproducesEveryPayload() {
    try (StreamFile f = Fixtures.open(Fixtures.path("small.asvp"), new ReaderOptions())) {
      JsonObject golden = Manifest.file("small.asvp").getJsonObject("golden_frames");
      for (int i = 0; i < f.frameCount(); i++) {
        byte[] encoded = FramePayloads.encode(f.frame(i));
        assertThat(encoded).as("frame %d", i).isEqualTo(f.payload(i));
        if (golden.containsKey(Integer.toString(i))) {
          assertThat(Manifest.sha256(encoded))
              .isEqualTo(golden.getJsonObject(Integer.toString(i)).getString("payload_sha256"));
        }
      }
    }
  }

  @Test
  void rewritingSmallAsvpFromItsFramesReproducesTheFile() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamFile f = Fixtures.open(Fixtures.path("small.asvp"), new ReaderOptions());
        StreamWriter w = StreamWriter.asvp(out)) {
      for (int i = 0; i < f.frameCount(); i++) {
        w.addFrame(f.frame(i));
      }
    }
    assertThat(Manifest.sha256(out.toByteArray())).isEqualTo(Manifest.file("small.asvp").getString("sha256"));
  }

  @Test
  void encryptingSmallAsvpBlocksReproducesSmallAsvr() {
    byte[] key = HexFormat.of().parseHex(Manifest.file("small.asvr").getString("derived_key_hex"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamFile f = Fixtures.open(Fixtures.path("small.asvp"), new ReaderOptions());
        StreamWriter w = StreamWriter.asvr(out, key)) {
      for (int i = 0; i < f.frameCount(); i++) {
        w.addBlock(f.plainBlock(i));
      }
    }
    assertThat(Manifest.sha256(out.toByteArray())).isEqualTo(Manifest.file("small.asvr").getString("sha256"));
  }

  @Test
  void decryptingSmallAsvrBlocksReproducesSmallAsvp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StreamFile f = Fixtures.open(Fixtures.path("small.asvr"), Manifest.asvrOptions("small.asvr"));
        StreamWriter w = StreamWriter.asvp(out)) {
      for (int i = 0; i < f.frameCount(); i++) {
        w.addBlock(f.plainBlock(i));
      }
    }
    assertThat(out.toByteArray()).isEqualTo(Fixtures.bytes("small.asvp"));
  }
}
