package io.alphastream.gateway.encode;

import static org.assertj.core.api.Assertions.assertThat;

import io.alphastream.gateway.testing.Golden;
import io.alphastream.gateway.testing.RleDecoder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RleTest {

  private static byte[] encode(byte[] mask) {
    byte[] out = new byte[(int) Rle.maxEncodedSize(mask.length)];
    int n = Rle.encode(mask, 0, mask.length, out, 0);
    assertThat(n).as("encodedSize agrees with encode").isEqualTo(Rle.encodedSize(mask, 0, mask.length));
    return Arrays.copyOf(out, n);
  }

  private static byte[] mask(int... values) {
    byte[] m = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      m[i] = (byte) values[i];
    }
    return m;
  }

  @Test
  void allTransparentIsOneRun() {
    assertThat(encode(new byte[300])).containsExactly(0xAC, 0x02); // LEB128(300) = AC 02
  }

  @Test
  void allOpaqueStartsWithAnEmptyTransparentRun() {
    byte[] m = new byte[5];
    Arrays.fill(m, (byte) 255);
    assertThat(encode(m)).containsExactly(0, 5);
  }

  @Test
  void firstPixelOpaqueGivesFirstRunZero() {
    assertThat(encode(mask(255, 255, 0, 0, 0, 255))).containsExactly(0, 2, 3, 1);
  }

  @Test
  void oneByOneMasks() {
    assertThat(encode(mask(0))).containsExactly(1);
    assertThat(encode(mask(255))).containsExactly(0, 1);
  }

  @Test
  void varintBoundaries() {
    // Hand-computed LEB128: 127 = 7F, 128 = 80 01, 16383 = FF 7F, 16384 = 80 80 01, 624485 = E5 8E 26.
    assertThat(encode(new byte[127])).containsExactly(0x7F);
    assertThat(encode(new byte[128])).containsExactly(0x80, 0x01);
    assertThat(encode(new byte[16383])).containsExactly(0xFF, 0x7F);
    assertThat(encode(new byte[16384])).containsExactly(0x80, 0x80, 0x01);
    assertThat(encode(new byte[624485])).containsExactly(HexFormat.of().parseHex("e58e26"));
  }

  @Test
  void randomMasksRoundTrip() {
    Random rnd = new Random(6);
    for (int t = 0; t < 200; t++) {
      byte[] m = new byte[1 + rnd.nextInt(5000)];
      int p = 0;
      boolean on = rnd.nextBoolean();
      while (p < m.length) { // runs of random length, some very long
        int run = Math.min(m.length - p, 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3000) : rnd.nextInt(5)));
        Arrays.fill(m, p, p + run, on ? (byte) 255 : 0);
        p += run;
        on = !on;
      }
      assertThat(RleDecoder.decode(encode(m), 0, encode(m).length, m.length)).isEqualTo(m);
    }
  }

  @Test
  void goldenMasksRoundTripAndShrink() {
    for (Golden.Entry e : Golden.entries()) {
      byte[] r8 = e.r8();
      byte[] rle = encode(r8);
      assertThat(RleDecoder.decode(rle, 0, rle.length, r8.length)).as(e.file()).isEqualTo(r8);
      List<Long> runs = RleDecoder.runs(rle, 0, rle.length);
      long opaque = 0;
      for (int i = 1; i < runs.size(); i += 2) {
        opaque += runs.get(i);
      }
      assertThat(opaque).as("opaque pixels of " + e.file()).isEqualTo(e.opaque());
      if (e.opaque() > 0 && e.opaque() < r8.length) {
        assertThat(rle.length).as(e.file()).isLessThan(r8.length / 10);
      }
    }
  }

  @Test
  void worstCaseAt4096SquareStaysWithinTheBound() {
    int n = 4096 * 4096;
    byte[] m = new byte[n];
    for (int i = 0; i < n; i += 2) {
      m[i] = (byte) 255; // 255, 0, 255, 0, ...: first run empty, then n runs of 1
    }
    int size = Rle.encodedSize(m, 0, n);
    assertThat(size).isEqualTo(n + 1).isLessThanOrEqualTo((int) Rle.maxEncodedSize(n));
    byte[] out = encode(m);
    assertThat(RleDecoder.decode(out, 0, out.length, n)).isEqualTo(m);
  }
}
