// Compiled (not run) by test/types.test.js with `tsc --noEmit --strict`: the declarations in index.d.ts
// must describe the module as the documentation uses it.
import {
  connect, attachOverlay, parseHeader, decodeRle, decodeInto, ProtocolError, StreamError,
  HEADER_LENGTH, ENCODING_POLY, type ServerEvent, type PlayClock, type MaskTexture, type Frame, type Hello, type State, type Overlay, type ConnectionStats,
  decodePolygons, inflateBlock, parsePayload, rasterize, maxBlockLength, Polygons, AlphaStreamFormatError,
  MAX_SIZE, MIN_SIZE, MIN_COORDINATE, MAX_COORDINATE, DEFAULT_MAX_PAYLOAD_BYTES, type FrameRule, type PolygonArrays,
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
conn.on('reconnect', (r) => console.log(r.attempt, r.delayMs, r.url));
conn.on('server', (s: ServerEvent) => console.log(s.url, s.node ?? 'no node id', s.previousUrl, s.previousNode));
const failover = connect(['ws://10.0.0.1:8080/ws/streams/demo', new URL('ws://10.0.0.2:8080/ws/streams/demo')], { start: 120 });
const where: string = `${failover.url} ${failover.node ?? '-'} of ${failover.urls.join(',')}`;
const position: number | null = failover.position;
const clock: PlayClock = failover.clock;
console.log(where, position, failover.positionAt(performance.now() + 1000), clock.frame, clock.time, clock.fps, clock.frames, clock.paused);
failover.close();
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

// decodePolygons / rasterize
async function drawBlock(block: Uint8Array): Promise<Uint8Array> {
  try {
    const p: Polygons = await decodePolygons(block, { maxPayloadBytes: 1 << 20 });
    const n: number = p.channelCount + p.totalPoints + p.start(0) + p.pointCount(0) + p.xs[0] + p.ys[0] + p.starts[1];
    console.log(n, MAX_SIZE, MIN_SIZE, MIN_COORDINATE, MAX_COORDINATE, DEFAULT_MAX_PAYLOAD_BYTES, maxBlockLength());
    return rasterize(p, 1920, 960, new Uint8Array(1920 * 960));
  } catch (e) {
    if (e instanceof AlphaStreamFormatError) {
      const rule: FrameRule = e.rule;
      console.log(rule, e.message);
    }
    throw e;
  }
}
const square = Polygons.fromChannels([[0, 0, 100, 0, 100, 100]]);
const mask: Uint8Array = rasterize(square, 64, 32);
const arrays: PolygonArrays = { starts: square.starts, xs: square.xs, ys: square.ys };
rasterize(arrays, 64, 32, mask);
const payload: Promise<Uint8Array> = inflateBlock(new Uint8Array(8));
console.log(drawBlock, mask.length, payload, parsePayload(new Uint8Array(4)).channelCount,
  new Polygons(new Int32Array([0]), new Int32Array(0), new Int32Array(0)));

// poly, WebGL overlay and mask texture
const polyConn = connect('ws://127.0.0.1:8080/ws/streams/demo', { encoding: 'poly', maxPixels: 2048 * 1024, worker: true });
polyConn.setRasterSize(1920, 960);
console.log(polyConn.rasterSize?.width, polyConn.stats.framesCoalesced);
polyConn.on('frame', (f: Frame) => console.log(f.polygons?.channelCount, f.encoding === 'poly'));
polyConn.on('error', (e: StreamError) => console.log(e.rule));
const glOverlay: Overlay = polyConn.attachOverlay(canvas, { renderer: 'webgl', preserveDrawingBuffer: true, onFallback: (why) => console.log(why) });
console.log(glOverlay.renderer, glOverlay.fallbackReason);
const gl = document.createElement('canvas').getContext('webgl2');
if (gl) {
  const tex: MaskTexture = polyConn.maskTexture(gl, { smoothing: false });
  if (tex.update()) gl.bindTexture(gl.TEXTURE_2D, tex.texture);
  console.log(tex.width, tex.height, tex.frame, ENCODING_POLY);
  tex.dispose();
}
console.log(polyConn.polyDecoder);
polyConn.setRasterSize(null);
