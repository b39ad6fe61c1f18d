// connect(): message handling, controls and reconnect/backoff, over a scripted in-process WebSocket.
// (Real sockets: reconnect.test.js; the real gateway: the Java tests and the browser test.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from '../src/index.js';

const vector = (file) => {
  const b = readFileSync(new URL(`./vectors/${file}`, import.meta.url));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

/** Records every socket the client opens; the test drives them. */
function fakeSockets() {
  const sockets = [];
  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(text) { this.sent.push(JSON.parse(text)); }
    close(code = 1000, reason = '') { this.serverClose(code, reason); }
    // test side
    serverOpen() { this.readyState = 1; this.onopen?.({}); }
    serverText(obj) { this.onmessage?.({ data: JSON.stringify(obj) }); }
    serverBinary(buf) { this.onmessage?.({ data: buf }); }
    serverClose(code, reason = '') { this.readyState = 3; this.onclose?.({ code, reason }); }
  }
  return { sockets, FakeWebSocket };
}

const hello = (extra = {}) => ({ type: 'hello', protocol: 1, stream: 's', frames: 240, fps: 60, width: 64, height: 48, encoding: 'rle', start: 0, ...extra });
const next = (conn, type) => new Promise((resolve) => conn.once(type, resolve));
const until = (pred) => new Promise((resolve) => {
  const poll = () => (pred() ? resolve() : setTimeout(poll, 1));
  poll();
});

test('query carries size, rate, encoding, start and token; http URLs become ws', () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('http://127.0.0.1:8080/ws/streams/demo', {
    WebSocket: FakeWebSocket, width: 640, height: 320, fps: 30, encoding: 'r8', start: 5, token: 't0k',
  });
  const u = new URL(sockets[0].url);
  assert.equal(u.protocol, 'ws:');
  assert.equal(u.pathname, '/ws/streams/demo');
  assert.deepEqual(Object.fromEntries(u.searchParams), { w: '640', h: '320', fps: '30', encoding: 'r8', start: '5', access_token: 't0k' });
  c.close();
});

test('frames decode lazily and gaps in frame indices count as skipped', () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket });
  const ws = sockets[0];
  ws.serverOpen();
  ws.serverText(hello());
  const frames = [];
  c.on('frame', (f) => frames.push([f.index, f.width, f.height, f.mask.reduce((a, v) => a + (v ? 1 : 0), 0)]));
  ws.serverBinary(vector('noise_64x48.rle.bin')); // frame 7
  ws.serverBinary(vector('noise_64x48.r8.bin')); // frame 7 again: a 239-frame wrap-around gap
  const expected = JSON.parse(readFileSync(new URL('./vectors/vectors.json', import.meta.url))).find((v) => v.file === 'noise_64x48.rle.bin');
  assert.deepEqual(frames[0], [7, 64, 48, expected.opaque]);
  assert.equal(c.stats.framesReceived, 2);
  assert.equal(c.stats.framesSkipped, 239);
  assert.equal(c.stats.lastFrame, 7);
  c.close();
});

test('controls are sent as JSON and remembered for the next connection', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, initialDelayMs: 1, maxDelayMs: 2 });
  sockets[0].serverOpen();
  sockets[0].serverText(hello());
  c.seek(100);
  c.setRate(24);
  c.resize(320, 160);
  c.pause();
  assert.deepEqual(sockets[0].sent, [
    { type: 'seek', frame: 100 }, { type: 'rate', fps: 24 }, { type: 'size', w: 320, h: 160 }, { type: 'pause' },
  ]);
  const closed = next(c, 'close');
  sockets[0].serverClose(1006);
  assert.equal((await closed).willReconnect, true);
  await until(() => sockets.length === 2);
  const u = new URL(sockets[1].url);
  assert.deepEqual(Object.fromEntries(u.searchParams), { w: '320', h: '160', fps: '24', encoding: 'rle', start: '100' });
  sockets[1].serverOpen();
  sockets[1].serverText(hello({ width: 320, height: 160, fps: 24, start: 100 }));
  assert.deepEqual(sockets[1].sent, [{ type: 'pause' }], 'a paused client stays paused after reconnecting');
  assert.equal(c.stats.reconnects, 1);
  c.close();
});

test('backoff grows between failed attempts, is capped, and resets after a hello', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, initialDelayMs: 4, backoffFactor: 4, maxDelayMs: 64 });
  const scheduled = [];
  c.on('reconnect', (r) => scheduled.push(r));
  for (let i = 0; i < 4; i++) {
    sockets[i].serverClose(1006);
    await until(() => sockets.length > i + 1);
  }
  // base delays 4, 16, 64, 64 (capped) ms, each with a jitter factor in [0.5, 1]
  assert.deepEqual(scheduled.map((r) => r.attempt), [1, 2, 3, 4]);
  [4, 16, 64, 64].forEach((base, i) => {
    assert.ok(scheduled[i].delayMs >= base / 2 && scheduled[i].delayMs <= base, `attempt ${i + 1}: ${scheduled[i].delayMs} ms`);
  });
  sockets[4].serverOpen();
  sockets[4].serverText(hello());
  sockets[4].serverClose(1006);
  await until(() => sockets.length > 5);
  assert.equal(scheduled[4].attempt, 1, 'a hello resets the backoff');
  assert.ok(scheduled[4].delayMs <= 4);
  c.close();
});

test('fatal errors and policy closes do not reconnect; errors reach the error event', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, initialDelayMs: 1 });
  const errors = [];
  c.on('error', (e) => errors.push(e));
  sockets[0].serverOpen();
  sockets[0].serverText({ type: 'error', code: 'bad_query', message: 'w must be in 1..4096: 0', fatal: true });
  const closed = next(c, 'close');
  sockets[0].serverClose(1008, 'bad_query');
  assert.equal((await closed).willReconnect, false);
  assert.equal(c.readyState, 'closed');
  assert.equal(errors[0].code, 'bad_query');
  assert.equal(errors[0].fatal, true);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(sockets.length, 1);
});

test('stream_unavailable and stream_changed reconnect; after a change the client starts the new file at 0', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, initialDelayMs: 1, maxDelayMs: 2, start: 5 });
  sockets[0].serverOpen();
  sockets[0].serverText({ type: 'error', code: 'stream_unavailable', message: 'stream "s" is opening', fatal: true });
  let closed = next(c, 'close');
  sockets[0].serverClose(1013, 'stream_unavailable');
  assert.equal((await closed).willReconnect, true);
  await until(() => sockets.length === 2);
  assert.equal(new URL(sockets[1].url).searchParams.get('start'), '5');
  sockets[1].serverOpen();
  sockets[1].serverText(hello({ start: 5 }));
  sockets[1].serverText({ type: 'error', code: 'stream_changed', message: 'the origin changed', fatal: true });
  closed = next(c, 'close');
  sockets[1].serverClose(1012, 'stream_changed');
  assert.equal((await closed).willReconnect, true);
  await until(() => sockets.length === 3);
  assert.equal(new URL(sockets[2].url).searchParams.get('start'), '0');
  c.close();
});

test('overloaded (the gateway at its memory budget, close 1008) reconnects with backoff', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, initialDelayMs: 1, maxDelayMs: 2 });
  sockets[0].serverOpen();
  sockets[0].serverText({ type: 'error', code: 'overloaded', message: 'the gateway is at its memory budget', fatal: true });
  const closed = next(c, 'close');
  sockets[0].serverClose(1008, 'overloaded');
  assert.equal((await closed).willReconnect, true);
  await until(() => sockets.length === 2);
  c.close();
});

test('a corrupt binary message is an error event, not an exception', () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket });
  const errors = [];
  c.on('error', (e) => errors.push(e));
  sockets[0].serverOpen();
  sockets[0].serverBinary(new ArrayBuffer(8));
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'protocol');
  c.close();
});

test('a handshake failure reported only as an error event (no close event) still reconnects', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, initialDelayMs: 1, maxDelayMs: 2 });
  const closes = [];
  c.on('close', (ev) => closes.push(ev));
  sockets[0].onerror?.({}); // what undici in Node 20 does on a refused upgrade: error, and never close
  await until(() => sockets.length === 2);
  assert.deepEqual(closes, [{ code: 1006, reason: 'connection failed', willReconnect: true }]);
  sockets[1].serverOpen();
  sockets[1].serverText(hello());
  assert.equal(c.readyState, 'open');
  assert.equal(c.stats.reconnects, 1);
  c.close();
});

test('play clock: anchored by hello, frames and state; advances at fps, loops, never runs back; stands while paused', () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket, start: 10 });
  assert.equal(c.position, 10, 'before any hello the clock stands at the start option');
  assert.equal(c.positionAt(performance.now() + 60000), 10);
  sockets[0].serverOpen();
  sockets[0].serverText(hello({ start: 10, fps: 60, frames: 240 }));
  let { frame, time, fps, frames } = c.clock;
  assert.deepEqual([frame, fps, frames], [10, 60, 240]);
  assert.equal(c.positionAt(time - 500), 10, 'never before the anchor');
  assert.equal(c.positionAt(time + 1001), 10 + 60, 'one second = fps frames');
  assert.equal(c.positionAt(time + 5001), (10 + 300) % 240, 'loops after the frame count');

  const before = performance.now();
  sockets[0].serverBinary(vector('noise_64x48.rle.bin')); // frame 7
  const after = performance.now();
  ({ frame, time } = c.clock);
  assert.equal(frame, 8, 'the frame after the one received');
  assert.ok(time >= before + 1000 / 60 && time <= after + 1000 / 60, 'due one period after it arrived');
  assert.equal(c.positionAt(time + 51), 8 + 3);

  sockets[0].serverText({ type: 'state', frame: 100, fps: 30, paused: false, width: 64, height: 48 });
  ({ frame, time, fps } = c.clock);
  assert.deepEqual([frame, fps], [100, 30]);
  assert.equal(c.positionAt(time + 1001), 130, 'the state\'s rate');

  sockets[0].serverText({ type: 'state', frame: 120, fps: 30, paused: true, width: 64, height: 48 });
  assert.equal(c.positionAt(performance.now() + 60000), 120, 'paused: the clock stands');
  sockets[0].serverBinary(vector('noise_64x48.rle.bin')); // a still while paused does not move it
  assert.equal(c.position, 120);
  c.close();
});

test('play clock: seek, rate, pause and resume move it before the server confirms', () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect('ws://h/ws/streams/s', { WebSocket: FakeWebSocket });
  assert.equal(c.position, null, 'no start option, no hello: no position (the server starts at 0)');
  assert.equal(new URL(sockets[0].url).searchParams.has('start'), false);
  sockets[0].serverOpen();
  sockets[0].serverText(hello({ start: 0, fps: 60, frames: 240 }));
  c.seek(200);
  let { frame, time } = c.clock;
  assert.equal(frame, 200);
  assert.equal(c.positionAt(time + 1001), (200 + 60) % 240);
  c.setRate(10);
  ({ frame, time } = c.clock);
  assert.equal(c.clock.fps, 10);
  assert.equal(c.positionAt(time + 1001), frame + 10);
  c.pause();
  const paused = c.position;
  assert.equal(c.positionAt(performance.now() + 60000), paused);
  c.resume();
  ({ time } = c.clock);
  assert.equal(c.positionAt(time + 2001), (paused + 20) % 240, 'resume restarts the clock from where it stood');
  c.close();
});

test('the reconnect URL carries the clock\'s position when it is made; after stream_changed, 0', async () => {
  const { sockets, FakeWebSocket } = fakeSockets();
  const c = connect(['ws://a/ws/streams/s', 'ws://b/ws/streams/s'], { WebSocket: FakeWebSocket, initialDelayMs: 40, maxDelayMs: 80 });
  sockets[0].serverOpen();
  sockets[0].serverText(hello({ start: 50, fps: 60, frames: 240 }));
  const tClose = performance.now();
  sockets[0].serverClose(1006);
  await until(() => sockets.length === 2);
  const tOpen = performance.now();
  const start = Number(new URL(sockets[1].url).searchParams.get('start'));
  assert.equal(new URL(sockets[1].url).host, 'b', 'the next URL');
  assert.ok(start >= c.positionAt(tClose) && start <= c.positionAt(tOpen) && start > 50,
    `start ${start} in ${c.positionAt(tClose)}..${c.positionAt(tOpen)}`);
  sockets[1].serverOpen();
  sockets[1].serverText(hello({ start, fps: 60, frames: 240 }));
  sockets[1].serverText({ type: 'error', code: 'stream_changed', message: 'the origin changed', fatal: true });
  assert.equal(c.positionAt(performance.now() + 60000), 0, 'a new file: the clock stands at 0 until its hello');
  sockets[1].serverClose(1012, 'stream_changed');
  await until(() => sockets.length === 3);
  assert.equal(new URL(sockets[2].url).host, 'a', 'round robin');
  assert.equal(new URL(sockets[2].url).searchParams.get('start'), '0');
  c.close();
});

test('connect() refuses an empty URL list and non-URLs', () => {
  const { FakeWebSocket } = fakeSockets();
  assert.throws(() => connect([], { WebSocket: FakeWebSocket }), TypeError);
  assert.throws(() => connect([42], { WebSocket: FakeWebSocket }), TypeError);
});
