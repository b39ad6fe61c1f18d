// WebSocket connection to one stream of the gateway: hello, frames, control, reconnect with backoff.

import { Emitter } from './emitter.js';
import { parseHeader, decodeInto } from './protocol.js';
import { attachOverlay } from './overlay.js';

const DEFAULTS = Object.freeze({
  encoding: 'rle',
  reconnect: true,
  initialDelayMs: 250,
  maxDelayMs: 10000,
  backoffFactor: 2,
  maxAttempts: Infinity,
});

/** Close codes after which reconnecting cannot help (the request itself is refused). */
const POLICY_VIOLATION = 1008;
// Fatal errors after which reconnecting helps: too slow a reader, a stream reopening or not open yet.
const RETRYABLE = new Set(['stalled', 'stream_changed', 'stream_unavailable']);

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
  constructor(conn, header, bytes) {
    this._conn = conn;
    this.header = header;
    this.index = header.frame;
    this.width = header.width;
    this.height = header.height;
    this.encoding = header.encodingName;
    this.bytes = bytes;
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
    return decodeInto(this.header, out, opaque, clear);
  }
}

/**
 * A subscription to one stream. Events: 'open', 'hello', 'frame', 'state', 'error', 'close',
 * 'reconnect' ({attempt, delayMs}: a new connection is scheduled).
 * Create with connect().
 */
export class StreamConnection extends Emitter {
  constructor(url, options = {}) {
    super();
    this.options = { ...DEFAULTS, ...options };
    this.url = url;
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
      frame: this.options.start,
      paused: false,
    };
    this.info = null;
    /** The last frame received (null before the first). */
    this.lastFrame = null;
    this.stats = { framesReceived: 0, bytesReceived: 0, framesSkipped: 0, reconnects: 0, errors: 0, lastFrame: -1 };
    this._expectNoGap = false;
    this._attempt = 0;
    this._closed = false;
    this._timer = null;
    this._ws = null;
    this._mask = null;
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
    this._want.frame = frame;
    this._expectNoGap = false;
    this._send({ type: 'seek', frame });
  }

  setRate(fps) {
    if (!(fps > 0)) throw new RangeError(`fps must be > 0: ${fps}`);
    this._want.fps = fps;
    this._send({ type: 'rate', fps });
  }

  pause() {
    this._want.paused = true;
    this._send({ type: 'pause' });
  }

  resume() {
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

  /** Closes for good (no reconnect). */
  close(code = 1000, reason = '') {
    this._closed = true;
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
    if (this._ws && this._ws.readyState <= 1) this._ws.close(code, reason);
  }

  /** Draws every frame onto a canvas or over a video; see overlay.js. */
  attachOverlay(target, options) {
    return attachOverlay(this, target, options);
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
    set('start', w.frame);
    set('access_token', this.options.token);
    return u.toString();
  }

  _open() {
    const ws = new this._WebSocket(this._buildUrl());
    ws.binaryType = 'arraybuffer';
    this._ws = ws;
    let fatal = false;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.emit('open', { url: ws.url });
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === 'string') {
        const msg = this._text(ev.data);
        if (msg && msg.type === 'error' && msg.fatal && !RETRYABLE.has(msg.code)) fatal = true;
        // a new file under the same stream: resume at its start, not at the old file's position
        if (msg && msg.type === 'error' && msg.code === 'stream_changed') this._want.frame = 0;
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
      const refused = fatal || ev.code === POLICY_VIOLATION;
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
    this.emit('reconnect', { attempt: this._attempt, delayMs: delay });
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
        if (this._want.paused) this._send({ type: 'pause' });
        this.emit('hello', msg);
        break;
      case 'state':
        this._want.fps = msg.fps;
        this._want.paused = msg.paused;
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
    this._want.frame = frames > 0 ? (header.frame + 1) % frames : header.frame + 1;
    const frame = new Frame(this, header, data.byteLength);
    this.lastFrame = frame;
    this.emit('frame', frame);
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
 * Subscribes to a stream: `url` is the WebSocket URL of the stream (ws://host/ws/streams/{id}; http(s)
 * URLs and relative URLs are accepted). Options: width, height, fps, encoding ('rle' | 'r8'), start,
 * token, reconnect (default true), initialDelayMs, maxDelayMs, backoffFactor, maxAttempts, WebSocket.
 */
export function connect(url, options) {
  return new StreamConnection(url, options);
}
