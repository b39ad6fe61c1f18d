// encoding=poly in connect(): frames are decoded (decodePolygons) and rasterized (rasterize) by the
// connection and emitted as ordinary frame events. Good messages come from test/vectors/ (written by the
// Java gateway encoder from the fixture files, JsClientVectorsTest) and must rasterize to the golden masks;
// hostile messages come from a real loopback WebSocket server (hand-written RFC 6455 framing, as in
// reconnect.test.js) that sends the shared malformed fixtures' blocks and worse, one at a time: each must
// give one 'error' event naming the frame and the rule, skip that frame, and leave the connection decoding
// the next good frame. Node 20 needs `node --experimental-websocket --test test/` for the global WebSocket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../src/index.js';
import { asvpBlocks } from '../test-helpers/asvp.js';
import { sharedDir } from '../test-helpers/paths.js';

const vectors = JSON.parse(readFileSync(new URL('./vectors/vectors.json', import.meta.url)));
const vectorBytes = (file) => readFileSync(new URL(`./vectors/${file}`, import.meta.url));
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const manifest = JSON.parse(readFileSync(join(sharedDir(), 'fixtures', 'manifest.json'), 'utf8'));
const golden = (source, frame, w, h) => manifest.golden.find((g) => g.source === source && g.frame === frame
  && g.width === w && g.height === h);

/** A poly frame message: the 16-byte header (encoding 2) in front of `block`. */
function polyMessage(frame, width, height, block, payloadLength = block.length) {
  const m = Buffer.alloc(16 + block.length);
  m[0] = 1;
  m[1] = 2;
  m.writeUInt32LE(frame, 4);
  m.writeUInt16LE(width, 8);
  m.writeUInt16LE(height, 10);
  m.writeUInt32LE(payloadLength, 12);
  Buffer.from(block.buffer, block.byteOffset, block.byteLength).copy(m, 16);
  return m;
}

const arrayBuffer = (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);

function fakeSocket() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url) { this.url = url; this.readyState = 0; sockets.push(this); }
    send() {}
    close(code = 1000) { this.readyState = 3; this.onclose?.({ code, reason: '' }); }
  }
  return { sockets, FakeWebSocket };
}

const hello = { type: 'hello', protocol: 1, stream: 's', frames: 240, fps: 60, width: 640, height: 320, encoding: 'poly', start: 0 };

/** Resolves with the next 'frame' or 'error' event. */
const nextEvent = (c) => new Promise((resolve) => {
  const offs = [c.on('frame', (f) => { offs.forEach((o) => o()); resolve({ frame: f }); }),
    c.on('error', (e) => { offs.forEach((o) => o()); resolve({ error: e }); })];
});

test('poly vectors rasterize to the golden masks at the header size, or at the raster size set', async () => {
  const { sockets, FakeWebSocket } = fakeSocket();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, encoding: 'poly' });
  assert.equal(new URL(sockets[0].url).searchParams.get('encoding'), 'poly');
  const ws = sockets[0];
  ws.readyState = 1;
  ws.onopen({});
  ws.onmessage({ data: JSON.stringify(hello) });
  const polys = vectors.filter((v) => v.encoding === 'poly');
  assert.ok(polys.length >= 5);
  for (const v of polys) {
    const ev = nextEvent(c);
    ws.onmessage({ data: arrayBuffer(vectorBytes(v.file)) });
    const { frame, error } = await ev;
    assert.equal(error, undefined, v.file);
    assert.equal(frame.encoding, 'poly');
    assert.equal(frame.index, v.frame);
    assert.equal(frame.width, v.width);
    assert.equal(frame.height, v.height);
    assert.equal(sha256(frame.mask), v.maskSha256, `${v.file}: mask equals the golden one`);
    assert.ok(frame.polygons.channelCount >= 0);
    // decodeInto maps the same mask to other values (RGBA words for an ImageData)
    const rgba = frame.decodeInto(new Uint32Array(frame.width * frame.height), 7, 1);
    let sevens = 0;
    for (const x of rgba) sevens += x === 7 ? 1 : 0;
    assert.equal(sevens, v.opaque);
  }
  // the same message rasterized at the native size (an overlay's display size) is the golden 2048 x 1024 mask
  c.setRasterSize(2048, 1024);
  assert.deepEqual(c.rasterSize, { width: 2048, height: 1024 });
  const ev = nextEvent(c);
  ws.onmessage({ data: arrayBuffer(vectorBytes('small_f119_333x177.poly.bin')) });
  const { frame } = await ev;
  assert.equal(frame.width, 2048);
  assert.equal(frame.header.width, 333);
  assert.equal(sha256(frame.mask), golden('small.asvp', 119, 2048, 1024).r8_sha256);
  c.setRasterSize(null);
  assert.equal(c.rasterSize, null);
  assert.throws(() => c.setRasterSize(0, 10), RangeError);
  assert.equal(c.stats.errors, 0);
  assert.equal(c.polyDecoder, 'main-thread', 'Node has no module Worker: decoded in this thread');
  c.close();
});

test('poly messages that arrive faster than they decode are coalesced: the latest wins, in order', async () => {
  const { sockets, FakeWebSocket } = fakeSocket();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, encoding: 'poly' });
  const ws = sockets[0];
  ws.readyState = 1;
  ws.onmessage({ data: JSON.stringify(hello) });
  const seen = [];
  const done = new Promise((resolve) => c.on('frame', (f) => { seen.push(f.index); if (f.index === 5) resolve(); }));
  const msg = vectorBytes('small_f0_640x320.poly.bin');
  for (const i of [1, 2, 3, 4, 5]) { // same block, different frame numbers, all in one task
    const m = Buffer.from(msg);
    m.writeUInt32LE(i, 4);
    ws.onmessage({ data: arrayBuffer(m) });
  }
  await done;
  assert.deepEqual(seen, [1, 5], 'the first is decoded at once, 2-4 are superseded by 5');
  assert.equal(c.stats.framesReceived, 5);
  assert.equal(c.stats.framesCoalesced, 3);
  c.close();
});

/** One unmasked server-to-client WebSocket frame (FIN set). */
function wsFrame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255])
      : (() => { const b = Buffer.alloc(10); b[0] = 0x80 | opcode; b[1] = 127; b.writeBigUInt64BE(BigInt(n), 2); return b; })();
  return Buffer.concat([head, payload]);
}

/** A loopback WebSocket server; resolves with {port, send(buffer), close()} once a client has connected. */
async function hostileServer() {
  const server = createServer((req, res) => res.writeHead(404).end());
  let socket;
  let connected;
  const ready = new Promise((resolve) => { connected = resolve; });
  server.on('upgrade', (req, s) => {
    socket = s;
    s.on('error', () => {});
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    s.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    s.write(wsFrame(0x1, Buffer.from(JSON.stringify(hello))));
    connected();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    ready,
    send: (buf) => socket.write(wsFrame(0x2, buf)),
    close: () => new Promise((resolve) => { if (socket) socket.destroy(); server.close(resolve); }),
  };
}

test('hostile poly messages from a real server each give one clear error and skip only that frame', async () => {
  assert.equal(typeof WebSocket, 'function', 'a global WebSocket (Node 22+, or Node 20 with --experimental-websocket)');
  const good = await asvpBlocks(new Uint8Array(readFileSync(join(sharedDir(), 'fixtures', 'small.asvp'))));
  const goodMask = golden('small.asvp', 119, 640, 320).r8_sha256;
  const hostile = [];
  for (const m of manifest.malformed.filter((e) => e.stage === 'frame' && e.file.endsWith('.asvp'))) {
    const blocks = await asvpBlocks(new Uint8Array(readFileSync(join(sharedDir(), 'fixtures', m.file))));
    hostile.push({ what: m.file, message: polyMessage(m.frame, 640, 320, blocks[m.frame]), code: 'decode', rule: m.rule, frame: m.frame });
  }
  assert.equal(hostile.length, 12, 'V12-V20 from the shared malformed fixtures');
  const block = good[119];
  hostile.push(
    { what: 'block shorter than its declared length', message: polyMessage(3, 640, 320, block.subarray(0, 3)), code: 'decode', rule: 'V10', frame: 3 },
    { what: 'truncated block', message: polyMessage(4, 640, 320, block.subarray(0, block.length - 9)), code: 'decode', rule: 'V13', frame: 4 },
    { what: 'truncated message (header promises more)', message: polyMessage(5, 640, 320, block, block.length + 100), code: 'protocol' },
    // 20 MB of filler behind a small declared length: longer than any stream of a 16 MiB payload
    { what: 'oversized block', message: polyMessage(6, 640, 320, (() => { const b = new Uint8Array(20 << 20); b.set(block.subarray(0, 4)); return b; })()), code: 'decode', rule: 'V13', frame: 6 },
    { what: 'a 65535 x 65535 mask', message: polyMessage(7, 65535, 65535, block), code: 'protocol', frame: 7 },
    { what: 'unknown encoding id', message: (() => { const m = polyMessage(8, 640, 320, block); m[1] = 9; return m; })(), code: 'protocol' },
  );

  const server = await hostileServer();
  const c = connect(`ws://127.0.0.1:${server.port}/ws/streams/s`, { WebSocket, encoding: 'poly', reconnect: false });
  const closes = [];
  c.on('close', (ev) => closes.push(ev));
  try {
    await server.ready;
    const peakBefore = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (const h of hostile) {
      let ev = nextEvent(c);
      server.send(h.message);
      const bad = await ev;
      assert.ok(bad.error, `${h.what}: an error event, not a frame`);
      assert.equal(bad.error.code, h.code, `${h.what}: ${bad.error.message}`);
      assert.equal(bad.error.fatal, false);
      if (h.rule) {
        assert.equal(bad.error.rule, h.rule, `${h.what}: ${bad.error.message}`);
        assert.match(bad.error.message, new RegExp(`^frame ${h.frame}: ${h.rule} `));
      }
      if (h.frame !== undefined) assert.equal(bad.error.frame, h.frame);
      // ... and the next good frame decodes to the golden mask
      ev = nextEvent(c);
      server.send(polyMessage(119, 640, 320, block));
      const ok = await ev;
      assert.ok(ok.frame, `after ${h.what}: ${ok.error && ok.error.message}`);
      assert.equal(ok.frame.index, 119);
      assert.equal(sha256(ok.frame.mask), goodMask, `after ${h.what}`);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
    assert.equal(c.stats.errors, hostile.length);
    assert.equal(c.readyState, 'open', 'bad frames never end the connection');
    assert.deepEqual(closes, []);
    // the 72 MiB zlib bomb and the 2 GiB declared length were never inflated or allocated: besides the
    // 20 MB message itself, buffers stayed within a few MB of where they started
    assert.ok(peak - peakBefore < 64 << 20, `array buffers grew by ${((peak - peakBefore) / 1048576).toFixed(1)} MB`);
  } finally {
    c.close();
    await server.close();
  }
});
