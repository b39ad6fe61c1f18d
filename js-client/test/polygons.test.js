// decodePolygons / inflateBlock / parsePayload: the worked example of FORMAT.md 5.4, every rule V10 and
// V12-V20 with its boundary, hostile blocks (bombs, truncation at every length, trailing bytes, garbage)
// that must end in a typed error without hanging or holding the bomb's output, and argument errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  AlphaStreamFormatError, decodePolygons, inflateBlock, parsePayload, maxBlockLength, Polygons,
  DEFAULT_MAX_PAYLOAD_BYTES,
} from '../src/index.js';
import { asvpBlocks } from '../test-helpers/asvp.js';
import { sharedDir } from '../test-helpers/paths.js';
import { prng } from '../test-helpers/random.js';

const hex = (s) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const channels = (p) => Array.from({ length: p.channelCount }, (_, c) => {
  const pts = [];
  for (let k = p.start(c); k < p.start(c) + p.pointCount(c); k++) pts.push(p.xs[k], p.ys[k]);
  return pts;
});

/** A plain block of `payload` (level 6, as our writer), with `declared` overriding the length field. */
function block(payload, declared = payload.length) {
  const z = deflateSync(payload, { level: 6 });
  const b = new Uint8Array(4 + z.length);
  new DataView(b.buffer).setUint32(0, declared, true);
  b.set(z, 4);
  return b;
}

/** A payload from channel records given as [x0, y0, dx0, dy0, dx1, dy1, ...] (i8 deltas). */
function payload(...records) {
  const bytes = [];
  const u32 = (v) => bytes.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  u32(records.length);
  for (const r of records) u32(4 + 2 * (r.length / 2 - 1));
  for (const [x, y, ...d] of records) bytes.push(x & 255, x >>> 8, y & 255, y >>> 8, ...d.map((v) => v & 255));
  return new Uint8Array(bytes);
}

async function rejectsWith(promise, rule) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof AlphaStreamFormatError, `${e}`);
    assert.equal(e.name, 'AlphaStreamFormatError');
    assert.equal(e.rule, rule, e.message);
    assert.ok(e.message.startsWith(`${rule} `), e.message);
    return true;
  });
}

test('the worked example of FORMAT.md 5.4 decodes to its triangle and single point', async () => {
  const b = hex('18000000 789c63626060e0006216209ec038813180e1869b0ea30e2300179602f9');
  const p = await decodePolygons(b);
  assert.ok(p instanceof Polygons);
  assert.deepEqual(channels(p), [[400, 400, 480, 400, 440, 470], [300, 300]]);
  assert.deepEqual(Array.from(await inflateBlock(b)), Array.from(hex(
    '02000000 08000000 04000000 9001 9001 50 00 d8 46 2c01 2c01')));
});

test('an empty frame (no channels) and channels of one and two points are legal', async () => {
  assert.equal((await decodePolygons(block(payload()))).channelCount, 0);
  const p = await decodePolygons(block(payload([7, 8], [1, 2, 3, -4])));
  assert.deepEqual(channels(p), [[7, 8], [1, 2, 4, -2]]);
});

test('V20 boundaries: points may reach -32768 and 65535 but not beyond', async () => {
  const down = [0, 0, ...Array(256).fill([-128, -128]).flat()]; // exactly -32768 on both axes
  assert.deepEqual(channels(await decodePolygons(block(payload(down)))).map((c) => c.slice(-2)), [[-32768, -32768]]);
  await rejectsWith(decodePolygons(block(payload([0, 0, ...down.slice(2), -1, 0]))), 'V20');
  assert.deepEqual(channels(await decodePolygons(block(payload([65535, 65534, 0, 1])))), [[65535, 65534, 65535, 65535]]);
  await rejectsWith(decodePolygons(block(payload([65535, 65535, 0, 0, 1, 0]))), 'V20');
  await rejectsWith(decodePolygons(block(payload([5, 65535, 0, 0, 0, 1]))), 'V20');
});

test('payload rules V15-V19, in the Java FrameDecoder order', () => {
  const rule = (bytes) => {
    try {
      parsePayload(new Uint8Array(bytes));
      return 'valid';
    } catch (e) {
      assert.ok(e instanceof AlphaStreamFormatError, `${e}`);
      return e.rule;
    }
  };
  assert.equal(rule([]), 'V15');
  assert.equal(rule([0, 0, 0]), 'V15');
  assert.equal(rule([0, 0, 0, 0]), 'valid');
  assert.equal(rule([255, 255, 255, 255, 0, 0, 0, 0]), 'V16'); // C = 2^32 - 1 must not overflow
  assert.equal(rule([1, 0, 0, 0]), 'V16');
  assert.equal(rule([1, 0, 0, 0, 5, 0, 0, 0, 1, 2, 3, 4]), 'V17');
  assert.equal(rule([2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 2, 3, 4]), 'V18');
  assert.equal(rule([2, 0, 0, 0, 5, 0, 0, 0, 255, 255, 255, 255, ...new Array(4)]), 'V17'); // sum checked before sizes
  assert.equal(rule([1, 0, 0, 0, 5, 0, 0, 0, 1, 2, 3, 4, 5]), 'V19');
  assert.equal(rule([2, 0, 0, 0, 6, 0, 0, 0, 3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'V18'); // V18 before V19 of a later channel
});

test('V12: declared above the cap, the default 16 MiB or a chosen one, before anything is inflated', async () => {
  const b = block(payload([1, 2]));
  new DataView(b.buffer).setUint32(0, DEFAULT_MAX_PAYLOAD_BYTES + 1, true);
  await rejectsWith(decodePolygons(b), 'V12');
  new DataView(b.buffer).setUint32(0, 0xffffffff, true);
  await rejectsWith(decodePolygons(b), 'V12');
  const small = block(payload([1, 2, 3, 4, 5, 6]));
  await rejectsWith(decodePolygons(small, { maxPayloadBytes: 15 }), 'V12');
  assert.equal((await decodePolygons(small, { maxPayloadBytes: 16 })).totalPoints, 3);
});

test('V10, V13 and V14 checks that need no inflating', async () => {
  for (let n = 0; n < 4; n++) await rejectsWith(decodePolygons(new Uint8Array(n)), 'V10');
  // longer than any stream of a capped payload
  const long = new Uint8Array(maxBlockLength(1024) + 1);
  await rejectsWith(decodePolygons(long, { maxPayloadBytes: 1024 }), 'V13');
  assert.equal(maxBlockLength(), 4 + (16 << 20) + (2 << 20) + 65536);
  // declared beyond what deflate can expand the stream to (1032:1)
  const b = block(payload([1, 2]));
  new DataView(b.buffer).setUint32(0, 1032 * (b.length - 4) + 1, true);
  await rejectsWith(decodePolygons(b), 'V14');
  new DataView(b.buffer).setUint32(0, 1032 * (b.length - 4), true);
  await rejectsWith(decodePolygons(b), 'V14'); // allowed by the bound, but the stream has fewer bytes
});

test('V13: bad zlib header, preset dictionary, bad checksum, trailing bytes (also a copy of the checksum)', async () => {
  const good = block(payload([100, 100, 10, 0, 0, 10]));
  const variant = (f) => { const b = good.slice(); f(b); return b; };
  await rejectsWith(decodePolygons(variant((b) => { b[4] = 0x79; })), 'V13');
  await rejectsWith(decodePolygons(variant((b) => { b[5] ^= 0x20; })), 'V13');
  await rejectsWith(decodePolygons(variant((b) => { b[b.length - 1] ^= 1; })), 'V13');
  for (let extra = 1; extra <= 8; extra++) {
    const b = new Uint8Array(good.length + extra);
    b.set(good);
    await rejectsWith(decodePolygons(b), 'V13');
  }
  const adlerTwice = new Uint8Array(good.length + 4);
  adlerTwice.set(good);
  adlerTwice.set(good.subarray(good.length - 4), good.length);
  await rejectsWith(decodePolygons(adlerTwice), 'V13');
});

test('V14: fewer or more bytes than declared; one byte more is still V14 when the checksum is right', async () => {
  const p = payload([100, 100, 10, 0, 0, 10]);
  await rejectsWith(decodePolygons(block(p, p.length + 1)), 'V14');
  await rejectsWith(decodePolygons(block(p, p.length - 1)), 'V14');
  await rejectsWith(decodePolygons(block(p, 0)), 'V14');
});

test('a block cut at every length fails with a typed error, never hangs', async () => {
  const b = block(payload([100, 100, 10, 0, 0, 10, -5, -5], [7, 7]));
  for (let n = 0; n < b.length; n++) {
    await assert.rejects(decodePolygons(b.subarray(0, n)), (e) => e instanceof AlphaStreamFormatError
      && ['V10', 'V13', 'V14'].includes(e.rule));
  }
});

test('random garbage and random byte flips end in a Polygons or a typed error', async () => {
  const r = prng(99);
  const good = block(payload([100, 100, 10, 0, 0, 10, -5, -5], [7, 7, 1, 1, 1, 1, 1, 1]));
  for (let i = 0; i < 1500; i++) {
    let b;
    if (i % 2) {
      b = new Uint8Array(r.int(64));
      for (let k = 0; k < b.length; k++) b[k] = r.int(256);
      if (b.length >= 4 && r.int(2)) b.set([r.int(256), r.int(4), 0, 0]);
    } else {
      b = good.slice();
      for (let k = 0, n = 1 + r.int(3); k < n; k++) b[r.int(b.length)] ^= 1 + r.int(255);
    }
    try {
      assert.ok((await decodePolygons(b)) instanceof Polygons);
    } catch (e) {
      assert.ok(e instanceof AlphaStreamFormatError, `block ${Buffer.from(b).toString('hex')}: ${e}`);
    }
  }
});

test('a zlib bomb (fixture: 73 KB inflating to 72 MiB) stops at the declared length without holding the output', async () => {
  const blocks = await asvpBlocks(new Uint8Array(await readFile(join(sharedDir(), 'fixtures', 'malformed', 'zlib-bomb.asvp'))));
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 1);
  try {
    await rejectsWith(decodePolygons(blocks[1]), 'V14'); // declares 4096
  } finally {
    clearInterval(sampler);
  }
  assert.ok(peak - before < 32 * 2 ** 20, `resident memory grew by ${((peak - before) / 2 ** 20).toFixed(1)} MiB`);
  // declaring the whole cap: refused once 16 MiB are out, still far below the bomb's 72 MiB
  const b = blocks[1].slice();
  new DataView(b.buffer).setUint32(0, DEFAULT_MAX_PAYLOAD_BYTES, true);
  await rejectsWith(decodePolygons(b), 'V14');
});

test('a block in shared memory decodes like any other', async () => {
  const b = hex('18000000 789c63626060e0006216209ec038813180e1869b0ea30e2300179602f9');
  const shared = new Uint8Array(new SharedArrayBuffer(b.length));
  shared.set(b);
  assert.deepEqual(channels(await decodePolygons(shared)), [[400, 400, 480, 400, 440, 470], [300, 300]]);
});

test('bad arguments reject (never throw) with TypeError / RangeError', async () => {
  const sync = () => decodePolygons('not bytes'); // must return a rejected promise, not throw
  await assert.rejects(sync(), TypeError);
  await assert.rejects(decodePolygons(new ArrayBuffer(8)), TypeError);
  await assert.rejects(inflateBlock(null), TypeError);
  for (const cap of [3, 2 ** 31 - 8, 1.5, '16']) {
    await assert.rejects(decodePolygons(new Uint8Array(8), { maxPayloadBytes: cap }), RangeError, String(cap));
  }
  assert.throws(() => parsePayload([0, 0, 0, 0]), TypeError);
});
