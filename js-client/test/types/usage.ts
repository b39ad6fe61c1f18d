// Compiled (not run) by test/types.test.js with `tsc --noEmit --strict`: the declarations in index.d.ts
// must describe the module as the documentation uses it.
import {
  connect, attachOverlay, parseHeader, decodeRle, decodeInto, ProtocolError, StreamError,
  HEADER_LENGTH, type Frame, type Hello, type State, type Overlay, type ConnectionStats,
} from '@alphastream/client';

const conn = connect('ws://127.0.0.1:8080/ws/streams/demo', { width: 1280, height: 640, fps: 30, encoding: 'rle', token: 't' });
const offHello = conn.on('hello', (h: Hello) => console.log(h.frames, h.width, h.encoding));
conn.on('frame', (f: Frame) => {
  const mask: Uint8Array = f.mask;
  const rgba = f.decodeInto(new Uint32Array(f.width * f.height), 0xff00ff00, 0);
  console.log(f.index, mask.length, rgba.length, f.header.payloadLength);
});
conn.on('state', (s: State) => console.log(s.paused, s.fps));
conn.on('error', (e: StreamError) => console.log(e.code, e.fatal, e.frame));
conn.on('close', (c) => console.log(c.code, c.willReconnect));
conn.on('reconnect', (r) => console.log(r.attempt, r.delayMs));
conn.seek(10);
conn.setRate(60);
conn.pause();
conn.resume();
conn.resize(640, 320);
const stats: ConnectionStats = conn.stats;
console.log(stats.framesSkipped, conn.readyState, conn.paused, conn.info?.stream, conn.lastFrame?.index);
offHello();

const canvas = document.createElement('canvas');
const overlay: Overlay = conn.attachOverlay(canvas, { mode: 'color', color: '#00ff88', opacity: 0.6 });
const video = document.createElement('video');
const cut: Overlay = attachOverlay(conn, video, { mode: 'cutout', onDraw: (d) => console.log(d.frame) });
overlay.detach();
cut.detach();

const msg = new ArrayBuffer(HEADER_LENGTH + 1);
try {
  const h = parseHeader(msg);
  const runs: number = decodeRle(h.payload, new Uint8Array(h.width * h.height), h.width * h.height);
  decodeInto(h, new Uint8ClampedArray(h.width * h.height));
  console.log(runs);
} catch (e) {
  if (e instanceof ProtocolError) console.log(e.message);
}
conn.close(1000, 'bye');
