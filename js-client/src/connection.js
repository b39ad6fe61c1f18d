// WebSocket connection to one stream of the gateway: hello, frames, control, reconnect with backoff.

import { Emitter } from './emitter.js';
import { parseHeader, decodeInto, decodeR8, ENCODING_POLY } from './protocol.js';
import { attachOverlay } from './overlay.js';
import { maskTexture } from './webgl.js';
import { decodePolygons, Polygons } from './polygons.js';
import { rasterize, MAX_SIZE } from './raster.js';

const DEFAULTS = Object.freeze({
  encoding: 'rle',
  reconnect: true,
  initialDelayMs: 250,
  maxDelayMs: 10000,
  backoffFactor: 2,
  maxAttempts: Infinity,
  // Largest mask (width x height) a frame may make this client allocate, whatever the server says:
  // the gateway's default size limit, 4096 x 4096.
  maxPixels: 4096 * 4096,
  // poly: decode and rasterize in a module Worker when the platform has one (browsers), else in-thread
  worker: true,
});

/** Decodes and rasterizes in this thread: Node, or a browser whose worker could not start. */
class InlinePolyDecoder {
  async decode(block, width, height, maxPayloadBytes, out) {
    const polygons = await decodePolygons(block, { maxPayloadBytes });
    return { polygons, mask: rasterize(polygons, width, height, out && out.length === width * height ? out : undefined) };
  }

  dispose() {}
}

/**
 * Decodes and rasterizes in a module worker (poly-worker.js): the block goes there as a copy, the mask
 * and polygons come back transferred, and `out`, a mask no frame uses any more, is transferred there to
 * be reused. One request at a time (the connection serializes them). If the worker cannot run,
 * `onBroken` is told and the pending request fails so the caller can retry in-thread.
 */
class WorkerPolyDecoder {
  constructor(onBroken) {
    this._worker = new Worker(new URL('./poly-worker.js', import.meta.url), { type: 'module' });
    this._next = 0;
    this._pending = null;
    this._worker.onmessage = (e) => {
      const p = this._pending;
      if (!p || e.data.id !== p.id) return;
      this._pending = null;
      const d = e.data;
      if (d.error) {
        const err = new Error(d.error.message);
        err.name = d.error.name || 'Error';
        if (d.error.rule) err.rule = d.error.rule;
        p.reject(err);
      } else {
        p.resolve({ polygons: new Polygons(d.starts, d.xs, d.ys), mask: new Uint8Array(d.mask) });
      }
    };
    this._worker.onerror = (e) => {
      e.preventDefault?.();
      this._worker.terminate();
      onBroken(String(e.message || 'worker failed to start'));
      const p = this._pending;
      this._pending = null;
      if (p) p.reject(Object.assign(new Error('poly worker failed'), { workerBroken: true }));
    };
  }

  decode(block, width, height, maxPayloadBytes, out) {
    return new Promise((resolve, reject) => {
      const id = ++this._next;
      this._pending = { id, resolve, reject };
      const copy = block.slice(); // a frame block is about 1 KB: copy it rather than detach the message
      const msg = { id, block: copy.buffer, width, height, maxPayloadBytes };
      const transfer = [copy.buffer];
      if (out && out.length === width * height && out.byteOffset === 0 && out.byteLength === out.buffer.byteLength) {
        msg.out = out.buffer;
        transfer.push(out.buffer);
      }
      this._worker.postMessage(msg, transfer);
    });
  }

  dispose() {
    this._worker.terminate();
  }
}

/** Close codes after which reconnecting cannot help (the request itself is refused). */
const POLICY_VIOLATION = 1008;
// Fatal errors after which reconnecting (to the next URL, with backoff) helps: too slow a reader, a gateway at
// its memory budget or shutting down, a stream reopening, not open yet, or whose passphrase that node cannot
// resolve. Any other fatal error (bad_query, unknown_stream, limit, stream_removed, ...) ends the connection.
const RETRYABLE = new Set(['stalled', 'overloaded', 'stream_changed', 'stream_unavailable', 'stream_unresolved',
  'going_away']);

/** Milliseconds of a monotonic clock (performance.now where there is one). */
const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The gateway URLs given to connect(): one URL or a non-empty array of them, as strings. */
function urlList(urls) {
  const list = Array.isArray(urls) ? urls : [urls];
  if (list.length === 0) throw new TypeError('connect() needs at least one gateway URL');
  return Object.freeze(list.map((u) => {
    if (typeof u !== 'string' && !(u instanceof URL)) throw new TypeError(`not a URL: ${u}`);
    return String(u);
  }));
}

/** Error reported by the gateway in an {"type":"error"} message, or a protocol error of a frame. */
export class StreamError extends Error {
  constructor(code, message, fatal, frame) {
    super(message);
    this.name = 'StreamError';
    this.code = code;
    this.fatal = !!fatal;
    if (frame !== undefined) this.frame = frame;
  }
}

/**
 * One decoded-on-demand frame. `mask` decodes into a buffer the connection reuses: it is valid until
 * the next frame event; copy it to keep it.
 */
class Frame {
  constructor(conn, header, bytes, raster) {
    this._conn = conn;
    this.header = header;
    this.index = header.frame;
    this.width = header.width;
    this.height = header.height;
    this.encoding = header.encodingName;
    this.bytes = bytes;
    if (raster) { // poly: decoded and rasterized by the connection before the frame event
      this.width = raster.width;
      this.height = raster.height;
      this.polygons = raster.polygons;
      this._mask = raster.mask;
    }
  }

  /**
   * The R8 mask (width*height bytes, 0/255), decoded on first access into the connection's reused
   * buffer. Throws a ProtocolError when the payload is corrupt.
   */
  get mask() {
    if (!this._mask) this._mask = decodeInto(this.header, this._conn._maskBuffer(this.width * this.height));
    return this._mask;
  }

  /** Decodes into `out` (a typed array of >= width*height elements) with the given values. */
  decodeInto(out, opaque = 255, clear = 0) {
    if (this.header.encoding === ENCODING_POLY) {
      decodeR8(this._mask, out, this.width * this.height, opaque, clear);
      return out;
    }
    return decodeInto(this.header, out, opaque, clear);
  }
}

/**
 * A subscription to one stream, served by one of several gateway URLs. Events: 'open', 'hello', 'frame',
 * 'state', 'error', 'close', 'reconnect' ({attempt, delayMs, url}: a new connection is scheduled), 'server'
 * ({url, node, previousUrl, previousNode}: a hello came from another URL or node than the last one).
 * Create with connect().
 */
export class StreamConnection extends Emitter {
  constructor(urls, options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options };
    /** Every gateway URL, in the order they are tried (round robin). */
    this.urls = urlList(urls);
    this._urlIndex = 0;
    /** The URL of the current connection: the open one, or the one being (re)connected to. */
    this.url = this.urls[0];
    /** The node id of the gateway serving now (its hello's `node`), or null: not connected, or not sent. */
    this.node = null;
    this._served = null; // {url, node} of the last hello
    this._WebSocket = this.options.WebSocket || globalThis.WebSocket;
    if (typeof this._WebSocket !== 'function') {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket');
    }
    // What the client wants; sent as query parameters on every (re)connect and as control messages.
    this._want = {
      width: this.options.width,
      height: this.options.height,
      fps: this.options.fps,
      encoding: this.options.encoding,
      paused: false,
    };
    // The play clock (see positionAt): frame `frame` is due at `time` (ms, now()), frame + k at
    // time + k * 1000 / fps, looping after `frames` (0 = unknown). time null: the clock stands (no hello yet,
    // or after stream_changed); frame null: no position (the server's default start, 0).
    this._clock = {
      frame: Number.isInteger(this.options.start) ? this.options.start : null,
      time: null,
      fps: this.options.fps > 0 ? this.options.fps : null,
      frames: 0,
    };
    this.info = null;
    /** The last frame received (null before the first). */
    this.lastFrame = null;
    this.stats = {
      framesReceived: 0, bytesReceived: 0, framesSkipped: 0, framesCoalesced: 0, reconnects: 0, errors: 0, lastFrame: -1,
    };
    this._expectNoGap = false;
    this._attempt = 0;
    this._closed = false;
    this._timer = null;
    this._ws = null;
    this._mask = null;
    this._rasterSize = null; // poly: the size to rasterize at (null = the header's, i.e. the hello's w x h)
    this._polyPending = null; // poly: the latest message not yet decoded (latest wins)
    this._polyBusy = false;
    this._polyMasks = [null, null]; // poly: the masks of the last two frames emitted (the last one stays valid)
    this._polyDecoder = null;
    this._open();
  }

  /** Current state: 'connecting', 'open', 'reconnecting' or 'closed'. */
  get readyState() {
    if (this._closed) return 'closed';
    if (this._ws && this._ws.readyState === 1) return 'open';
    return this._timer ? 'reconnecting' : 'connecting';
  }

  get paused() {
    return this._want.paused;
  }

  seek(frame) {
    if (!Number.isInteger(frame) || frame < 0) throw new RangeError(`frame must be a non-negative integer: ${frame}`);
    this._setClock(frame, this._want.paused ? null : now());
    this._expectNoGap = false;
    this._send({ type: 'seek', frame });
  }

  setRate(fps) {
    if (!(fps > 0)) throw new RangeError(`fps must be > 0: ${fps}`);
    const t = now();
    if (this._clock.frame !== null && this._clock.time !== null) this._setClock(this.positionAt(t), t);
    this._clock.fps = fps;
    this._want.fps = fps;
    this._send({ type: 'rate', fps });
  }

  pause() {
    if (this._clock.frame !== null) this._clock.frame = this.positionAt(now());
    this._want.paused = true;
    this._send({ type: 'pause' });
  }

  resume() {
    if (this._want.paused && this._clock.frame !== null) this._clock.time = now();
    this._want.paused = false;
    this._expectNoGap = false;
    this._send({ type: 'resume' });
  }

  resize(width, height) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`size must be positive integers: ${width}x${height}`);
    }
    this._want.width = width;
    this._want.height = height;
    this._send({ type: 'size', w: width, h: height });
  }

  /**
   * The frame the play clock is at now: the frame due now, the one a new subscription starts with
   * (`start=`) after a lost connection. null before anything set it (no `start` option, no hello).
   */
  get position() {
    return this.positionAt(now());
  }

  /**
   * The play clock's frame at time `t` (ms of performance.now()). The clock is anchored (`clock`) at every
   * hello (frame `start` due on arrival), state message (`frame` due on arrival), received frame f (f + 1 due
   * one frame period after f arrived), seek and rate change; from the anchor it advances at the
   * subscription's fps: frame + floor((t - time) * fps / 1000), modulo the stream's frame count (it loops like
   * the gateway's clock). It stands still while paused, before the first hello and after stream_changed
   * (then at 0: a new file restarts at frame 0).
   */
  positionAt(t) {
    const c = this._clock;
    if (c.frame === null) return null;
    let f = c.frame;
    if (!this._want.paused && c.time !== null && c.fps > 0 && t > c.time) f += Math.floor(((t - c.time) * c.fps) / 1000);
    return c.frames > 0 ? f % c.frames : f;
  }

  /** The play clock's anchor (a copy): {frame, time, fps, frames, paused}; see positionAt. */
  get clock() {
    return { ...this._clock, paused: this._want.paused };
  }

  _setClock(frame, time) {
    this._clock.frame = frame;
    this._clock.time = time;
  }

  /** Closes for good (no reconnect). */
  close(code = 1000, reason = '') {
    this._closed = true;
    this._polyPending = null;
    if (this._polyDecoder) this._polyDecoder.dispose();
    this._polyDecoder = null;
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
    if (this._ws && this._ws.readyState <= 1) this._ws.close(code, reason);
  }

  /**
   * The size poly frames are rasterized at: `width x height`, or `null` for the size of the frame
   * header (the subscription's w x h, in the hello). Overlays set it to their display size. Takes effect
   * from the next frame decoded; it does not change what the server sends.
   */
  setRasterSize(width, height) {
    if (width === null || width === undefined) {
      this._rasterSize = null;
      return;
    }
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_SIZE
      || height > MAX_SIZE) {
      throw new RangeError(`raster size must be integers in 1..${MAX_SIZE}: ${width}x${height}`);
    }
    this._rasterSize = { width, height };
  }

  /** Where poly frames are decoded: 'worker', 'main-thread', or null before the first poly frame. */
  get polyDecoder() {
    if (!this._polyDecoder) return null;
    return this._polyDecoder instanceof WorkerPolyDecoder ? 'worker' : 'main-thread';
  }

  /** The size poly frames are rasterized at now, or null when it follows the frame header. */
  get rasterSize() {
    return this._rasterSize ? { ...this._rasterSize } : null;
  }

  /** Draws every frame onto a canvas or over a video; see overlay.js. */
  attachOverlay(target, options) {
    return attachOverlay(this, target, options);
  }

  /**
   * The stream's mask as an R8 texture of your WebGL2 context `gl`: call `update()` in your render loop
   * (it uploads the latest frame, if any is new) and sample `.r`. See webgl.js.
   */
  maskTexture(gl, options) {
    return maskTexture(this, gl, options);
  }

  _maskBuffer(pixels) {
    if (!this._mask || this._mask.length !== pixels) this._mask = new Uint8Array(pixels);
    return this._mask;
  }

  _buildUrl() {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    const u = new URL(this.url, base);
    if (u.protocol === 'http:') u.protocol = 'ws:';
    if (u.protocol === 'https:') u.protocol = 'wss:';
    const w = this._want;
    const set = (k, v) => { if (v !== undefined && v !== null) u.searchParams.set(k, String(v)); };
    set('w', w.width);
    set('h', w.height);
    set('fps', w.fps);
    set('encoding', w.encoding);
    set('start', this.positionAt(now()));
    set('access_token', this.options.token);
    return u.toString();
  }

  _open() {
    const ws = new this._WebSocket(this._buildUrl());
    ws.binaryType = 'arraybuffer';
    this._ws = ws;
    let fatal = false;
    let retryable = false; // the server said why it closes, and trying again later can help
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.emit('open', { url: ws.url });
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') {
        const msg = this._text(ev.data);
        if (msg && msg.type === 'error' && msg.fatal) {
          if (RETRYABLE.has(msg.code)) retryable = true;
          else fatal = true;
        }
        // a new file under the same stream: resume at its start, not at the old file's position (its frame
        // count may differ); the clock stands at 0 until the new hello
        if (msg && msg.type === 'error' && msg.code === 'stream_changed') {
          this._setClock(0, null);
          this._clock.frames = 0;
        }
      } else {
        this._binary(ev.data);
      }
    };
    ws.onerror = () => {
      // Normally the close event follows and carries the details. But some implementations (undici in
      // Node 20) fire only this error when the handshake fails and leave the socket CONNECTING for ever:
      // then the connection is over all the same (1006), and the close path runs from here.
      if (opened) return;
      setTimeout(() => {
        if (this._ws !== ws) return; // the close event came
        ws.onclose({ code: 1006, reason: 'connection failed' });
        try {
          ws.close(); // any close event it still fires is ignored: this socket is no longer ours
        } catch {
          // a socket that never opened may refuse close(); it is abandoned either way
        }
      }, 0);
    };
    ws.onclose = (ev) => {
      if (this._ws !== ws) return;
      this._ws = null;
      this.node = null;
      const refused = fatal || (ev.code === POLICY_VIOLATION && !retryable);
      const willReconnect = !this._closed && this.options.reconnect && !refused
        && this._attempt < this.options.maxAttempts;
      this.emit('close', { code: ev.code, reason: ev.reason, willReconnect });
      if (willReconnect) this._scheduleReconnect();
      else this._closed = true;
    };
  }

  _scheduleReconnect() {
    const o = this.options;
    const base = Math.min(o.maxDelayMs, o.initialDelayMs * Math.pow(o.backoffFactor, this._attempt));
    const delay = Math.round(base * (0.5 + Math.random() * 0.5)); // jitter: spread reconnect storms
    this._attempt++;
    // round robin: each attempt goes to the next URL (a node that died is not asked again first)
    this._urlIndex = (this._urlIndex + 1) % this.urls.length;
    this.url = this.urls[this._urlIndex];
    this.emit('reconnect', { attempt: this._attempt, delayMs: delay, url: this.url });
    this._timer = setTimeout(() => {
      this._timer = null;
      if (this._closed) return;
      this.stats.reconnects++;
      this._expectNoGap = false;
      this._open();
    }, delay);
  }

  _text(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      this._error(new StreamError('protocol', 'text message is not JSON', false));
      return null;
    }
    switch (msg.type) {
      case 'hello':
        this.info = msg;
        this._attempt = 0; // connected for real: the next outage starts a fresh backoff
        this._want.width = msg.width;
        this._want.height = msg.height;
        this._want.fps = msg.fps;
        this._expectNoGap = false;
        this._clock = { frame: msg.start, time: now(), fps: msg.fps, frames: msg.frames };
        if (this._want.paused) this._send({ type: 'pause' });
        this.node = typeof msg.node === 'string' ? msg.node : null;
        this.emit('hello', msg);
        if (!this._served || this._served.url !== this.url || this._served.node !== this.node) {
          const previous = this._served;
          this._served = { url: this.url, node: this.node };
          this.emit('server', {
            url: this.url, node: this.node, previousUrl: previous ? previous.url : null, previousNode: previous ? previous.node : null,
          });
        }
        break;
      case 'state':
        this._want.fps = msg.fps;
        this._want.paused = msg.paused;
        this._clock.fps = msg.fps;
        this._setClock(msg.frame, now()); // "the frame the clock sends next": due about now
        this._want.width = msg.width;
        this._want.height = msg.height;
        this.emit('state', msg);
        break;
      case 'error':
        this._error(new StreamError(msg.code, msg.message, msg.fatal, msg.frame));
        break;
      default:
        break; // newer servers may add message types
    }
    return msg;
  }

  _binary(data) {
    let header;
    try {
      header = parseHeader(data);
    } catch (err) {
      this._error(new StreamError('protocol', err.message, false));
      return;
    }
    if (header.width * header.height > this.options.maxPixels) {
      this._error(new StreamError('protocol', `frame ${header.frame}: a ${header.width}x${header.height} mask is larger`
        + ` than maxPixels (${this.options.maxPixels})`, false, header.frame));
      return;
    }
    const s = this.stats;
    const frames = this.info ? this.info.frames : 0;
    if (this._expectNoGap && frames > 0 && s.lastFrame >= 0) {
      const gap = (header.frame - s.lastFrame - 1 + frames) % frames;
      s.framesSkipped += gap;
    }
    this._expectNoGap = true;
    s.framesReceived++;
    s.bytesReceived += data.byteLength;
    s.lastFrame = header.frame;
    const c = this._clock;
    // the next frame is due one period after this one arrived. While paused the state message's frame (the
    // one resume continues at) stays the position: frames then are stills (a seek's, or a reconnect's first)
    if (!this._want.paused) {
      this._setClock(frames > 0 ? (header.frame + 1) % frames : header.frame + 1, c.fps > 0 ? now() + 1000 / c.fps : null);
    }
    if (header.encoding === ENCODING_POLY) {
      if (this._polyPending) s.framesCoalesced++; // not decoded yet and already superseded
      this._polyPending = { header, bytes: data.byteLength };
      if (!this._polyBusy) this._decodePoly();
      return;
    }
    const frame = new Frame(this, header, data.byteLength);
    this.lastFrame = frame;
    this.emit('frame', frame);
  }

  /**
   * Decodes poly messages one at a time, in arrival order, keeping only the latest one waiting: memory is
   * bounded by two messages and two masks whatever the server sends. A block that breaks a rule of
   * FORMAT.md section 9 is an 'error' event (code 'decode', with the rule) and that frame is skipped.
   */
  async _decodePoly() {
    this._polyBusy = true;
    try {
      while (this._polyPending && !this._closed) {
        const { header, bytes } = this._polyPending;
        this._polyPending = null;
        const size = this._rasterSize || { width: header.width, height: header.height };
        let raster;
        try {
          if (size.width * size.height > this.options.maxPixels) {
            throw new RangeError(`a ${size.width}x${size.height} mask is larger than maxPixels (${this.options.maxPixels})`);
          }
          // the mask of the frame before last is free: no frame event refers to it any more
          const spare = this._polyMasks[0];
          this._polyMasks[0] = null;
          let r;
          try {
            r = await this._decoder().decode(header.payload, size.width, size.height, this.options.maxPayloadBytes, spare);
          } catch (err) {
            if (!err || !err.workerBroken) throw err;
            r = await this._decoder().decode(header.payload, size.width, size.height, this.options.maxPayloadBytes);
          }
          this._polyMasks[0] = this._polyMasks[1];
          this._polyMasks[1] = r.mask;
          raster = { width: size.width, height: size.height, polygons: r.polygons, mask: r.mask };
        } catch (err) {
          if (!this._closed) {
            const rule = err && err.rule ? `${err.rule} ` : '';
            const what = String(err && err.message || err);
            const e = new StreamError('decode', `frame ${header.frame}: ${what.startsWith(rule) ? what : rule + what}`,
              false, header.frame);
            if (err && err.rule) e.rule = err.rule;
            this._error(e);
          }
          continue;
        }
        if (this._closed) return;
        const frame = new Frame(this, header, bytes, raster);
        this.lastFrame = frame;
        this.emit('frame', frame);
      }
    } finally {
      this._polyBusy = false;
    }
  }

  /** The poly decoder: a worker where the platform has one (and options.worker), else this thread. */
  _decoder() {
    if (!this._polyDecoder) {
      if (this.options.worker && typeof Worker === 'function' && typeof window !== 'undefined') {
        try {
          this._polyDecoder = new WorkerPolyDecoder((why) => {
            if (typeof console !== 'undefined') console.warn(`alphastream: poly worker unavailable (${why}); decoding in this thread`);
            this.options = { ...this.options, worker: false };
            this._polyDecoder = null;
          });
        } catch (err) {
          this.options = { ...this.options, worker: false };
        }
      }
      if (!this._polyDecoder) this._polyDecoder = new InlinePolyDecoder();
    }
    return this._polyDecoder;
  }

  listenerCount(type) {
    const set = this._listeners.get(type);
    return set ? set.size : 0;
  }

  /** Reports an error through the 'error' event (used by overlays for payloads that fail to decode). */
  reportError(err) {
    this._error(err instanceof StreamError ? err : new StreamError('decode', String(err && err.message || err), false));
  }

  _error(err) {
    this.stats.errors++;
    this.emit('error', err);
  }

  _send(msg) {
    if (this._ws && this._ws.readyState === 1) this._ws.send(JSON.stringify(msg));
  }
}

/**
 * Subscribes to a stream: `urls` is the WebSocket URL of the stream (ws://host/ws/streams/{id}; http(s)
 * URLs and relative URLs are accepted), or an array of such URLs of several gateways serving the same stream:
 * each reconnect goes to the next one (round robin) and resumes at the play clock's position.
 * Options: width, height, fps, encoding ('rle' | 'r8' | 'poly'),
 * start, token, reconnect (default true), initialDelayMs, maxDelayMs, backoffFactor, maxAttempts,
 * maxPixels (largest mask allocated, default 4096 x 4096), maxPayloadBytes (poly: V12 cap, default
 * 16 MiB), WebSocket.
 */
export function connect(urls, options) {
  return new StreamConnection(urls, options);
}
