// connect() over real sockets: minimal RFC 6455 servers on loopback (node:http upgrade, hand-written
// framing, no dependency) play gateways that die, refuse, or close with each error of the protocol. The
// client must reconnect with growing, jittered delays, go round robin over its URLs, resume where its play
// clock is (start=), tell which URL and node serve it, and stop only on the errors that retrying cannot fix.
// Needs a WebSocket client: global in Node 22+, and in Node 20 with `node --experimental-websocket --test
// test/` (as test.sh and `npm test` run it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { connect } from '../src/index.js';

const vectorBytes = (file) => readFileSync(new URL(`./vectors/${file}`, import.meta.url));
const vectors = JSON.parse(readFileSync(new URL('./vectors/vectors.json', import.meta.url)));
const VECTOR = 'noise_64x48.rle.bin';
const expected = vectors.find((v) => v.file === VECTOR);

/** One unmasked server-to-client WebSocket frame (FIN set). */
function wsFrame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/** A close frame with a status code and reason. */
function closeFrame(code, reason) {
  const b = Buffer.alloc(2 + Buffer.byteLength(reason));
  b.writeUInt16BE(code, 0);
  b.write(reason, 2);
  return wsFrame(0x8, b);
}

/**
 * A loopback gateway that plays `script[i]` for its i-th upgrade request (past the end: 'serve'):
 * 'refuse' (HTTP 503); 'drop' (hello, one frame, then the TCP connection is destroyed after `dropAfterMs`:
 * a node dying, close 1006); 'serve' (hello, one frame, stays open); or {error, close, hello} (hello and a
 * frame if `hello`, then the error message; then a close frame with code `close`, or a TCP close for
 * close 'tcp'). Like the gateway, the hello and the first frame carry the requested start (default 0), and
 * the hello carries `node` when given. Records each request (URL and time) and each frame sent (index, time)
 * on the test's clock, performance.now(), which the client uses too.
 */
async function scriptedGateway({ node, frames = 240, fps = 60, dropAfterMs = 20, script = [] }) {
  const requests = [];
  const sent = [];
  const sockets = new Set();
  const frameBytes = vectorBytes(VECTOR);
  const server = createServer((req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const url = new URL(req.url, 'ws://x');
    const step = script[requests.length] || 'serve';
    requests.push({ url, t: performance.now() });
    if (step === 'refuse') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    const start = Number(url.searchParams.get('start') || 0);
    const text = (obj) => socket.write(wsFrame(0x1, Buffer.from(JSON.stringify(obj))));
    if (step === 'drop' || step === 'serve' || step.hello) {
      text({ type: 'hello', protocol: 1, stream: 's', frames, fps, width: 64, height: 48, encoding: 'rle', start, ...(node ? { node } : {}) });
      const message = Buffer.from(frameBytes);
      message.writeUInt32LE(start, 4);
      sent.push({ frame: start, t: performance.now() });
      socket.write(wsFrame(0x2, message));
    }
    if (step === 'drop') {
      setTimeout(() => socket.destroy(), dropAfterMs);
    } else if (typeof step === 'object') {
      text({ type: 'error', code: step.error, message: `scripted ${step.error}`, fatal: true });
      if (step.close === 'tcp') socket.end(); // no close frame: the client sees 1006 after the error
      else socket.end(closeFrame(step.close, step.error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    requests,
    sent,
    url: `ws://127.0.0.1:${server.address().port}/ws/streams/s`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(resolve);
    }),
  };
}

/** Rejects with `what` (and the state `info()` describes) unless `promise` settles within `ms`. */
function within(promise, ms, what, info = () => '') {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms ${info()}`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** Resolves with the first event of `type` that satisfies `pred`. */
function eventWhere(conn, type, pred = () => true) {
  return new Promise((resolve) => {
    const off = conn.on(type, (ev) => {
      if (pred(ev)) {
        off();
        resolve(ev);
      }
    });
  });
}

/** The earliest time the reconnect timer can fire: timers count whole milliseconds, so allow one less. */
const timerFired = (reconnect) => reconnect.t + reconnect.delayMs - 1;

/**
 * Where the play clock must be when the new subscription was requested, computed here from the documented
 * rule rather than read from the client: after frame `f` arrived at time a, frame f + 1 is due at
 * a + 1000/fps and the clock advances at fps, looping after `frames`. `a` is only known to lie between the
 * server's write (sentT) and the client's frame event (seenT), and the request was computed between `fromT`
 * (the reconnect timer's earliest firing) and the server receiving it (reqT): the start must lie in
 * [lo, hi] (unwrapped; `span` = hi - lo) and be below `frames`.
 */
function expectedStart({ f, sentT, seenT, fromT, reqT, fps, frames }) {
  const period = 1000 / fps;
  const at = (t, anchorT) => f + 1 + Math.max(0, Math.floor(((t - (anchorT + period)) * fps) / 1000));
  const lo = at(fromT, seenT);
  const hi = at(reqT, sentT);
  return { lo, hi, check(start, label) {
    assert.ok(start >= 0 && start < frames, `${label}: start ${start} in [0, ${frames})`);
    assert.ok((((start - lo) % frames) + frames) % frames <= hi - lo,
      `${label}: start ${start} is where the clock was, ${lo}..${hi} (mod ${frames})`);
  } };
}

test('after an outage the client reconnects with growing backoff and resumes where its clock is', async () => {
  assert.equal(typeof WebSocket, 'function', 'a global WebSocket (Node 22+, or Node 20 with --experimental-websocket)');
  const server = await scriptedGateway({ script: ['drop', 'refuse', 'refuse', 'serve'] });
  const c = connect(server.url, { WebSocket, width: 64, height: 48, initialDelayMs: 40, backoffFactor: 2, maxDelayMs: 10000 });
  try {
    const reconnects = [];
    const frames = [];
    const closes = [];
    c.on('reconnect', (r) => reconnects.push({ ...r, t: performance.now() }));
    c.on('close', (ev) => closes.push(ev));
    const second = new Promise((resolve) => {
      c.on('frame', (f) => {
        frames.push({ index: f.index, opaque: f.mask.reduce((a, v) => a + (v === 255 ? 1 : 0), 0), t: performance.now() });
        if (frames.length === 2) resolve();
      });
    });
    await within(second, 20000, 'a frame after reconnecting', () => `(${server.requests.length} connections)`);

    // one frame from the first connection, one from the fourth; both decode to the vector's mask
    assert.deepEqual(frames.map((f) => f.opaque), [expected.opaque, expected.opaque]);
    assert.equal(frames[0].index, 0);
    assert.equal(server.requests.length, 4);
    assert.ok(closes.every((ev) => ev.willReconnect), 'every close before the last connection reconnects');
    // attempts 1, 2, 3: base 40, 80, 160 ms, each times a jitter in [0.5, 1]
    assert.deepEqual(reconnects.map((r) => r.attempt), [1, 2, 3]);
    [40, 80, 160].forEach((base, i) => {
      assert.ok(reconnects[i].delayMs >= base / 2 && reconnects[i].delayMs <= base, `attempt ${i + 1}: ${reconnects[i].delayMs} ms`);
    });
    assert.equal(c.stats.reconnects, 3);
    // every reconnect asks for the frame the clock is at (it ran on from frame 0 through the refusals), at
    // the size the hello confirmed
    const starts = [];
    server.requests.slice(1).forEach((req, i) => {
      const { start, ...rest } = Object.fromEntries(req.url.searchParams);
      assert.deepEqual(rest, { w: '64', h: '48', fps: '60', encoding: 'rle' });
      expectedStart({ f: 0, sentT: server.sent[0].t, seenT: frames[0].t, fromT: timerFired(reconnects[i]),
        reqT: req.t, fps: 60, frames: 240 }).check(Number(start), `attempt ${i + 1}`);
      starts.push(Number(start));
    });
    assert.ok(starts[2] > starts[0], `the clock ran on during the outage: ${starts}`);
    assert.equal(frames[1].index, starts[2], 'the new subscription starts where the clock was');
    assert.equal(c.readyState, 'open');
  } finally {
    c.close();
    await server.close();
  }
});

test('several URLs: round robin on each loss, the clock keeps its position across nodes and loops, url/node/server event', async () => {
  // frames: 10 at 60 fps loops every 167 ms; a connection dropped after 200 ms makes the clock wrap
  const a = await scriptedGateway({ node: 'node-a', frames: 10, dropAfterMs: 200, script: ['drop', 'serve'] });
  const b = await scriptedGateway({ node: 'node-b', frames: 10, dropAfterMs: 200, script: ['drop'] });
  const c = connect([a.url, b.url], { WebSocket, initialDelayMs: 10, maxDelayMs: 20 });
  try {
    assert.deepEqual(c.urls, [a.url, b.url]);
    assert.equal(c.url, a.url);
    assert.equal(c.node, null, 'no node before a hello');
    const servers = [];
    const reconnects = [];
    const frames = [];
    const nodeAtClose = [];
    c.on('server', (s) => servers.push(s));
    c.on('reconnect', (r) => reconnects.push({ ...r, t: performance.now() }));
    c.on('frame', (f) => frames.push({ index: f.index, t: performance.now(), url: c.url, node: c.node }));
    c.on('close', () => nodeAtClose.push(c.node));
    const third = eventWhere(c, 'frame', () => frames.length === 3);
    await within(third, 20000, 'three frames (from a, b, a)', () => `(a ${a.requests.length}, b ${b.requests.length} requests)`);

    assert.deepEqual(servers, [
      { url: a.url, node: 'node-a', previousUrl: null, previousNode: null },
      { url: b.url, node: 'node-b', previousUrl: a.url, previousNode: 'node-a' },
      { url: a.url, node: 'node-a', previousUrl: b.url, previousNode: 'node-b' },
    ]);
    assert.deepEqual(reconnects.map((r) => [r.attempt, r.url]), [[1, b.url], [1, a.url]], 'each hello restarts the backoff');
    assert.deepEqual(frames.map((f) => [f.url, f.node]), [[a.url, 'node-a'], [b.url, 'node-b'], [a.url, 'node-a']]);
    assert.deepEqual(nodeAtClose, [null, null], 'node is null while no gateway serves');
    assert.equal(c.url, a.url);
    assert.equal(c.node, 'node-a');
    // B's subscription starts where the clock got to after A's frame 0, A's again after B's first frame
    const bStart = Number(b.requests[0].url.searchParams.get('start'));
    expectedStart({ f: frames[0].index, sentT: a.sent[0].t, seenT: frames[0].t, fromT: timerFired(reconnects[0]),
      reqT: b.requests[0].t, fps: 60, frames: 10 }).check(bStart, 'to b');
    const aStart = Number(a.requests[1].url.searchParams.get('start'));
    expectedStart({ f: frames[1].index, sentT: b.sent[0].t, seenT: frames[1].t, fromT: timerFired(reconnects[1]),
      reqT: a.requests[1].t, fps: 60, frames: 10 }).check(aStart, 'back to a');
    assert.deepEqual(frames.map((f) => f.index), [0, bStart, aStart]);
  } finally {
    c.close();
    await a.close();
    await b.close();
  }
});

test('a dead first URL: the client goes on to the next one and keeps its start', async () => {
  const a = await scriptedGateway({ script: ['refuse'] });
  const b = await scriptedGateway({ node: 'node-b' });
  const c = connect([a.url, b.url], { WebSocket, initialDelayMs: 10, start: 42 });
  try {
    const server = await within(eventWhere(c, 'server'), 20000, 'a hello from b');
    assert.deepEqual(server, { url: b.url, node: 'node-b', previousUrl: null, previousNode: null });
    assert.equal(b.requests[0].url.searchParams.get('start'), '42', 'no hello yet: the clock stands at the start option');
  } finally {
    c.close();
    await a.close();
    await b.close();
  }
});

// The fatal/non-fatal split, each error as the gateway sends it: an error message, then its close code.
const RETRYABLE = [
  { error: 'stalled', close: 'tcp', hello: true },
  { error: 'overloaded', close: 1008, hello: true },
  { error: 'going_away', close: 1001, hello: true },
  { error: 'stream_changed', close: 1012, hello: true },
  { error: 'stream_unavailable', close: 1013, hello: false },
  { error: 'stream_unresolved', close: 1013, hello: false },
];
const FATAL = [
  { error: 'stream_removed', close: 1008, hello: true },
  { error: 'bad_query', close: 1008, hello: false },
  { error: 'unknown_stream', close: 1008, hello: false },
  { error: 'limit', close: 1008, hello: false },
];

for (const step of RETRYABLE) {
  test(`${step.error} (close ${step.close}) is retried on the next URL${step.error === 'stream_changed' ? ', from frame 0' : ''}`, async () => {
    const a = await scriptedGateway({ node: 'node-a', script: [step] });
    const b = await scriptedGateway({ node: 'node-b' });
    const c = connect([a.url, b.url], { WebSocket, initialDelayMs: 5, start: 100 });
    try {
      const errors = [];
      c.on('error', (e) => errors.push(e));
      const closed = eventWhere(c, 'close');
      const reconnect = eventWhere(c, 'reconnect');
      const served = eventWhere(c, 'server', (s) => s.url === b.url);
      assert.equal((await within(closed, 20000, 'a close')).willReconnect, true);
      assert.equal((await reconnect).url, b.url);
      await within(served, 20000, 'a hello from b');
      assert.deepEqual(errors.map((e) => [e.code, e.fatal]), [[step.error, true]]);
      const start = Number(b.requests[0].url.searchParams.get('start'));
      if (step.error === 'stream_changed') assert.equal(start, 0, 'a new file starts at frame 0');
      else if (!step.hello) assert.equal(start, 100, 'never served: the clock stands at the start option');
      else assert.ok(start >= 101 && start < 240, `resumes after frame 100 where the clock is: ${start}`);
      assert.equal(c.node, 'node-b');
    } finally {
      c.close();
      await a.close();
      await b.close();
    }
  });
}

for (const step of FATAL) {
  test(`${step.error} (close ${step.close}) is fatal: no retry, not even on another URL`, async () => {
    const a = await scriptedGateway({ node: 'node-a', script: [step] });
    const b = await scriptedGateway({ node: 'node-b' });
    const c = connect([a.url, b.url], { WebSocket, initialDelayMs: 5 });
    try {
      const errors = [];
      let reconnects = 0;
      c.on('error', (e) => errors.push(e));
      c.on('reconnect', () => { reconnects++; });
      const closed = await within(eventWhere(c, 'close'), 20000, 'a close');
      assert.equal(closed.willReconnect, false);
      assert.equal(c.readyState, 'closed', 'closed for good: no reconnect timer');
      assert.deepEqual(errors.map((e) => [e.code, e.fatal]), [[step.error, true]]);
      assert.equal(reconnects, 0);
      assert.equal(b.requests.length, 0);
    } finally {
      c.close();
      await a.close();
      await b.close();
    }
  });
}
