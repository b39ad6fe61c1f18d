// rasterize against the plain BigInt transcription of FORMAT.md section 10 (test-helpers/reference-raster.js)
// on random frames and at the extremes of sizes and coordinates, plus hand-worked cases and argument checks.
// (The Java-written cross-check and the golden masks are in raster-crosscheck / raster-golden tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Polygons, rasterize, MAX_SIZE } from '../src/index.js';
import { referenceMask } from '../test-helpers/reference-raster.js';
import { prng, randomFrame, MIN, MAX } from '../test-helpers/random.js';

function assertSameMask(actual, expected, w, what) {
  if (Buffer.compare(Buffer.from(actual), Buffer.from(expected)) === 0) return;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  assert.fail(`${what}: first difference at pixel (${i % w}, ${Math.floor(i / w)}): ${actual[i]} vs reference ${expected[i]}`);
}

test('equals the reference on random frames at random small sizes (dirty, reused buffer)', () => {
  const r = prng(20261207);
  const out = new Uint8Array(64 * 64).fill(7);
  for (let i = 0; i < 800; i++) {
    const w = 1 + r.int(r.int(2) ? 8 : 48);
    const h = 1 + r.int(r.int(2) ? 8 : 48);
    const p = randomFrame(r);
    const mask = rasterize(p, w, h, out).subarray(0, w * h);
    assertSameMask(mask, referenceMask(p, w, h), w, `random #${i} at ${w}x${h}`);
  }
});

test('equals the reference where edges run exactly through pixel centres', () => {
  const r = prng(7);
  for (let i = 0; i < 300; i++) {
    const w = [16, 32, 64, 128][r.int(4)];
    const h = [8, 16, 32, 64][r.int(4)];
    const p = randomFrame(r);
    assertSameMask(rasterize(p, w, h), referenceMask(p, w, h), w, `snapped #${i} at ${w}x${h}`);
  }
});

const extreme = Polygons.fromChannels([
  [-32768, -32768, 65535, 65535, 65535, 500, -32768, 600, 1000, -32768],
  [MAX, MAX, MIN, MAX, MIN, MIN + 1, 2047, 1023],
  [0, 0, 2047, 0, 2047, 1023, 0, 1023],
]);

test('size 16384 in one dimension with V20-extreme coordinates equals the reference', () => {
  const r = prng(16384);
  const frames = [extreme];
  for (let i = 0; i < 6; i++) frames.push(randomFrame(r));
  for (const [w, h] of [[MAX_SIZE, 1], [1, MAX_SIZE], [MAX_SIZE, 3], [2, MAX_SIZE], [MAX_SIZE, 2]]) {
    frames.forEach((p, i) => assertSameMask(rasterize(p, w, h), referenceMask(p, w, h), w, `frame ${i} at ${w}x${h}`));
  }
});

test('where the crossing products exceed 2^53 (16384 x 512, 4096 x 4096), sampled rows equal the reference', () => {
  // a = x W and D = (y1 - y0) H reach 2^30 and 2^26: a D passes 2^53, so the edge setup must not use doubles.
  const edgeProduct = 65535 * MAX_SIZE * (65535 + 32768) * 512;
  assert.ok(edgeProduct > 2 ** 53, 'this case is meant to exceed 2^53');
  for (const [w, h] of [[MAX_SIZE, 512], [4096, 4096]]) {
    const rows = [0, 1, 2, 37, Math.floor(h / 2) - 1, Math.floor(h / 2), h - 2, h - 1];
    const mask = rasterize(extreme, w, h);
    const expected = referenceMask(extreme, w, h, rows);
    for (const y of rows) {
      assertSameMask(mask.subarray(y * w, (y + 1) * w), expected.subarray(y * w, (y + 1) * w), w, `row ${y} at ${w}x${h}`);
    }
  }
});

test('a channel of more points than the kept scratch, then ordinary frames, stays exact', () => {
  const zigzag = [];
  for (let i = 0; i < 70000; i++) zigzag.push(i % 2048, (i % 2) * 1000 + 10);
  const big = Polygons.fromChannels([zigzag]);
  assertSameMask(rasterize(big, 40, 20), referenceMask(big, 40, 20), 40, 'zigzag');
  const r = prng(5);
  for (let i = 0; i < 50; i++) {
    const p = randomFrame(r);
    assertSameMask(rasterize(p, 33, 17), referenceMask(p, 33, 17), 33, `after zigzag #${i}`);
  }
});

test('channels of fewer than three points draw nothing; a full-canvas rectangle covers everything', () => {
  const specks = Polygons.fromChannels([[100, 100], [10, 10, 2000, 1000], []]);
  assert.ok(rasterize(specks, 64, 32).every((v) => v === 0));
  const full = Polygons.fromChannels([[0, 0, 2047, 0, 2047, 1023, 0, 1023]]);
  for (const [w, h] of [[1, 1], [7, 3], [333, 177], [2048, 1024]]) {
    assert.ok(rasterize(full, w, h).every((v) => v === 255), `${w}x${h}`);
  }
});

test('a triangle by hand: fill at pixel centres plus outline, at 8 x 4', () => {
  const tri = Polygons.fromChannels([[0, 0, 2048, 0, 0, 1024]]);
  // (0,0) (2048,0) (0,1024) at 8 x 4 is (0,0) (8,0) (0,4) in pixels; hypotenuse X + 2Y = 8.
  // Fill: centre (px+.5, py+.5) inside when px + .5 < 8 - 2 (py + .5): 7, 5, 3, 1 pixels in rows 0-3.
  // Outline: the line (8,0) -> (0,4) visits (8,0) (7,0) (6,1) (5,1) (4,2) (3,2) (2,3) (1,3) (0,4); the
  // other two edges lie on row 0 and column 0, which the fill already covers.
  const mask = rasterize(tri, 8, 4);
  const rows = Array.from({ length: 4 }, (_, y) => Array.from(mask.subarray(y * 8, y * 8 + 8), (v) => (v ? '#' : '.')).join(''));
  assert.deepEqual(rows, ['########', '#######.', '#####...', '###.....']);
});

test('bytes beyond width*height are left alone; the mask part is cleared first', () => {
  const out = new Uint8Array(20).fill(9);
  rasterize(Polygons.fromChannels([]), 4, 4, out);
  assert.deepEqual(Array.from(out), [...new Array(16).fill(0), 9, 9, 9, 9]);
});

test('bad arguments are RangeError / TypeError', () => {
  const p = Polygons.fromChannels([[0, 0, 10, 0, 0, 10]]);
  for (const [w, h] of [[0, 1], [1, 0], [MAX_SIZE + 1, 1], [1, MAX_SIZE + 1], [1.5, 2], [NaN, 2], ['8', 2]]) {
    assert.throws(() => rasterize(p, w, h), RangeError, `${w}x${h}`);
  }
  assert.throws(() => rasterize(p, 4, 4, new Uint8Array(15)), RangeError);
  assert.throws(() => rasterize(p, 4, 4, new Uint8ClampedArray(16)), TypeError);
  assert.throws(() => rasterize(null, 4, 4), TypeError);
  assert.throws(() => rasterize({ starts: [0], xs: [], ys: [] }, 4, 4), TypeError);
  const bad = (starts, n) => ({ starts: new Int32Array(starts), xs: new Int32Array(n), ys: new Int32Array(n) });
  assert.throws(() => rasterize(bad([0, 2 ** 30], 3), 4, 4), RangeError);
  assert.throws(() => rasterize(bad([0, 3, 1, 3], 3), 4, 4), RangeError);
  assert.throws(() => rasterize(bad([1, 3], 3), 4, 4), RangeError);
  // a structured clone of a Polygons (as a Worker posts it) is a plain object with the same arrays
  const mask = rasterize(structuredClone(p), 16, 8);
  assert.deepEqual(mask, rasterize(p, 16, 8));
  assert.throws(() => new Polygons(new Int32Array([0, 2]), new Int32Array(1), new Int32Array(1)), RangeError);
  assert.throws(() => new Polygons(new Int32Array([0, 2, 1]), new Int32Array(1), new Int32Array(1)), RangeError);
  assert.throws(() => Polygons.fromChannels([[1, 2, 3]]), RangeError);
});
