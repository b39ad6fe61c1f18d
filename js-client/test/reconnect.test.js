// connect() over real sockets: a minimal RFC 6455 server on loopback (node:http upgrade, hand-written
// framing, no dependency) drops the first connection, refuses the next two upgrades, then accepts. The
// client must reconnect with growing, jittered delays, resume after the last frame it got, and decode
// the frames of the new connection. Needs a WebSocket client: global in Node 22+, and in Node 20 with
// `node --experimental-websocket --test test/` (as test.sh and `npm test` run it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { connect } from '../src/index.js';

const vectorBytes = (file) => readFileSync(new URL(`./vectors/${file}`, import.meta.url));
const vectors = JSON.parse(readFileSync(new URL('./vectors/vectors.json', import.meta.url)));

/** One unmasked server-to-client WebSocket frame (FIN set). */
function wsFrame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/**
 * A loopback server that plays `script[i]` for the i-th upgrade request: 'drop' (hello, one frame,
 * then the TCP connection is destroyed: an outage, close 1006), 'refuse' (HTTP 503), 'serve' (hello,
 * one frame, stays open). Records each request URL.
 */
async function scriptedServer(script, frameMessage) {
  const urls = [];
  const sockets = new Set();
  const server = createServer((req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const step = script[urls.length] || 'serve';
    urls.push(new URL(req.url, 'ws://x'));
    if (step === 'refuse') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const hello = { type: 'hello', protocol: 1, stream: 's', frames: 240, fps: 60, width: 64, height: 48, encoding: 'rle', start: 0 };
    socket.write(wsFrame(0x1, Buffer.from(JSON.stringify(hello))));
    socket.write(wsFrame(0x2, frameMessage));
    if (step === 'drop') setTimeout(() => socket.destroy(), 20);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    urls,
    port: server.address().port,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(resolve);
    }),
  };
}

test('after an outage the client reconnects with growing backoff and resumes after its last frame', async () => {
  assert.equal(typeof WebSocket, 'function', 'a global WebSocket (Node 22+, or Node 20 with --experimental-websocket)');
  const expected = vectors.find((v) => v.file === 'noise_64x48.rle.bin');
  const server = await scriptedServer(['drop', 'refuse', 'refuse', 'serve'], vectorBytes('noise_64x48.rle.bin'));
  const c = connect(`ws://127.0.0.1:${server.port}/ws/streams/s`, {
    WebSocket, width: 64, height: 48, initialDelayMs: 40, backoffFactor: 2, maxDelayMs: 10000,
  });
  try {
    const reconnects = [];
    const frames = [];
    const closes = [];
    c.on('reconnect', (r) => reconnects.push(r));
    c.on('close', (ev) => closes.push(ev));
    const second = new Promise((resolve) => {
      c.on('frame', (f) => {
        frames.push({ index: f.index, opaque: f.mask.reduce((a, v) => a + (v === 255 ? 1 : 0), 0) });
        if (frames.length === 2) resolve();
      });
    });
    await Promise.race([second, new Promise((_, reject) => setTimeout(() => reject(new Error(
      `no frame after reconnecting: ${server.urls.length} connections, reconnects ${JSON.stringify(reconnects)}`)), 20000))]);

    // one frame from the first connection, one from the fourth; both decode to the vector's mask
    assert.deepEqual(frames, [{ index: 7, opaque: expected.opaque }, { index: 7, opaque: expected.opaque }]);
    assert.equal(server.urls.length, 4);
    assert.ok(closes.every((ev) => ev.willReconnect), 'every close before the last connection reconnects');
    // attempts 1, 2, 3: base 40, 80, 160 ms, each times a jitter in [0.5, 1]
    assert.deepEqual(reconnects.map((r) => r.attempt), [1, 2, 3]);
    [40, 80, 160].forEach((base, i) => {
      assert.ok(reconnects[i].delayMs >= base / 2 && reconnects[i].delayMs <= base, `attempt ${i + 1}: ${reconnects[i].delayMs} ms`);
    });
    assert.equal(c.stats.reconnects, 3);
    // every reconnect asks for the frame after the last one received, at the size the hello confirmed
    for (const u of server.urls.slice(1)) {
      assert.deepEqual(Object.fromEntries(u.searchParams), { w: '64', h: '48', fps: '60', encoding: 'rle', start: '8' });
    }
    assert.equal(c.readyState, 'open');
  } finally {
    c.close();
    await server.close();
  }
});
