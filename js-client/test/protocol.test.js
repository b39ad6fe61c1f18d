// Decoder and header parser against frame messages produced by the Java encoder
// (ws-gateway JsClientVectorsTest keeps test/vectors/ equal to what it produces).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  parseHeader, decodeRle, decodeR8, decodeInto, ProtocolError, HEADER_LENGTH,
} from '../src/protocol.js';
import { decodePolygons } from '../src/polygons.js';
import { rasterize } from '../src/raster.js';

const dir = new URL('./vectors/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('vectors.json', dir), 'utf8'));
const load = (file) => new Uint8Array(readFileSync(new URL(file, dir)));
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

test('vectors cover both encodings and the edge cases', () => {
  const names = vectors.map((v) => v.file);
  assert.ok(vectors.length >= 15);
  for (const n of ['one_opaque_1x1.rle.bin', 'one_clear_1x1.rle.bin', 'long_runs_300x200.rle.bin',
    'small_f119_333x177.r8.bin', 'small_f119_333x177.rle.bin', 'edge_f6_333x177.rle.bin']) {
    assert.ok(names.includes(n), n);
  }
});

for (const v of vectors) {
  test(`${v.file}: header and decoded mask match the Java side`, async () => {
    const msg = load(v.file);
    const h = parseHeader(msg.buffer.slice(msg.byteOffset, msg.byteOffset + msg.byteLength));
    assert.equal(h.version, 1);
    assert.equal(h.encodingName, v.encoding);
    assert.equal(h.frame, v.frame);
    assert.equal(h.width, v.width);
    assert.equal(h.height, v.height);
    assert.equal(h.payloadLength, v.payloadLength);
    const mask = v.encoding === 'poly' // the stored block: decoded and rasterized at the header's size
      ? rasterize(await decodePolygons(h.payload), v.width, v.height)
      : decodeInto(h, new Uint8Array(v.width * v.height));
    assert.equal(sha256(mask), v.maskSha256);
    let opaque = 0;
    for (let i = 0; i < mask.length; i++) opaque += mask[i] === 255 ? 1 : 0;
    assert.equal(opaque, v.opaque);
  });
}

test('a poly header parses (encoding 2) but has no mask to decode without rasterizing', () => {
  const msg = load('small_f0_640x320.poly.bin');
  const h = parseHeader(msg);
  assert.equal(h.encoding, 2);
  assert.equal(h.encodingName, 'poly');
  assert.throws(() => decodeInto(h, new Uint8Array(640 * 320)), ProtocolError);
  const bad = msg.slice();
  bad[1] = 3;
  assert.throws(() => parseHeader(bad), /unknown encoding id 3/);
});

test('RLE decodes into RGBA words with chosen values', () => {
  const msg = load('small_f119_333x177.rle.bin');
  const h = parseHeader(msg);
  const px = new Uint32Array(h.width * h.height);
  decodeRle(h.payload, px, px.length, 0xff00ff00, 7);
  const r8 = decodeInto(h, new Uint8Array(px.length));
  for (let i = 0; i < px.length; i++) assert.equal(px[i], r8[i] ? 0xff00ff00 : 7);
});

test('first run may be empty: an opaque first pixel', () => {
  const out = new Uint8Array(3);
  assert.equal(decodeRle(Uint8Array.of(0, 2, 1), out, 3), 3);
  assert.deepEqual([...out], [255, 255, 0]);
});

test('multi-byte varints: LEB128 300 = AC 02', () => {
  const out = new Uint8Array(301);
  decodeRle(Uint8Array.of(0xac, 0x02, 1), out, 301);
  assert.equal(out[299], 0);
  assert.equal(out[300], 255);
});

test('corrupt RLE payloads are rejected with a ProtocolError', () => {
  const bad = [
    [Uint8Array.of(0x80), 4, /truncated varint/],
    [Uint8Array.of(2, 3), 4, /runs exceed 4 pixels/],
    [Uint8Array.of(2, 1), 4, /runs sum to 3, not 4/],
    [Uint8Array.of(), 4, /runs sum to 0, not 4/],
    [Uint8Array.of(2, 0, 2), 4, /empty run 1/],
    [Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01), 4, /varint longer than 5 bytes/],
  ];
  for (const [payload, pixels, re] of bad) {
    assert.throws(() => decodeRle(payload, new Uint8Array(pixels), pixels), (e) => e instanceof ProtocolError && re.test(e.message));
  }
});

test('decoding never writes past the pixel count', () => {
  const out = new Uint8Array(6).fill(9);
  decodeRle(Uint8Array.of(1, 3), out, 4);
  assert.deepEqual([...out], [0, 255, 255, 255, 9, 9]);
  assert.throws(() => decodeRle(Uint8Array.of(4), new Uint8Array(3), 4), RangeError);
});

test('malformed headers are rejected', () => {
  const msg = load('noise_64x48.rle.bin');
  const mutate = (fn) => { const c = msg.slice(); fn(c); return c; };
  assert.throws(() => parseHeader(msg.subarray(0, 15)), /shorter than its 16-byte header/);
  assert.throws(() => parseHeader(msg.subarray(0, msg.length - 1)), /does not match the message/);
  assert.throws(() => parseHeader(mutate((c) => { c[0] = 2; })), /version 2/);
  assert.throws(() => parseHeader(mutate((c) => { c[1] = 5; })), /encoding id 5/);
  assert.throws(() => parseHeader(mutate((c) => { c[3] = 1; })), /reserved/);
  assert.throws(() => parseHeader(mutate((c) => { c[8] = 0; c[9] = 0; })), /empty mask size/);
  const r8 = load('noise_64x48.r8.bin');
  const short = r8.slice(0, r8.length - 1);
  short[12] = (r8.length - 1 - HEADER_LENGTH) & 0xff;
  short[13] = ((r8.length - 1 - HEADER_LENGTH) >> 8) & 0xff;
  assert.throws(() => parseHeader(short), /r8 payload of 3071 bytes for a 64x48 mask/);
});

test('r8 payload maps non-zero to opaque', () => {
  const out = new Uint32Array(3);
  decodeR8(Uint8Array.of(0, 255, 1), out, 3, 42, 1);
  assert.deepEqual([...out], [1, 42, 42]);
});
