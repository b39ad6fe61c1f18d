// Type declarations of @alphastream/client (src/index.js). Protocol: docs/protocol.md.

export declare const HEADER_LENGTH: 16;
export declare const PROTOCOL_VERSION: 1;
export declare const ENCODING_R8: 0;
export declare const ENCODING_RLE: 1;
export declare const ENCODING_NAMES: readonly ['r8', 'rle'];

export type EncodingName = 'r8' | 'rle';
export type Bytes = ArrayBuffer | ArrayBufferView;
/** Any typed array a mask can be decoded into (Uint8Array for R8, Uint32Array over ImageData for RGBA). */
export type MaskTarget = Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array | Int32Array | Float32Array;

/** A message that does not follow the protocol (bad header, corrupt RLE payload). */
export declare class ProtocolError extends Error {
  name: 'ProtocolError';
}

/** Parsed 16-byte frame header; `payload` is a view into the message, not a copy. */
export interface FrameHeader {
  version: number;
  encoding: 0 | 1;
  encodingName: EncodingName;
  frame: number;
  width: number;
  height: number;
  payloadLength: number;
  payload: Uint8Array;
}

export declare function parseHeader(message: Bytes): FrameHeader;
/** Decodes RLE runs into `out`; returns the number of runs. */
export declare function decodeRle(payload: Bytes, out: MaskTarget, pixels: number, opaque?: number, clear?: number): number;
export declare function decodeR8(payload: Bytes, out: MaskTarget, pixels: number, opaque?: number, clear?: number): void;
export declare function decodeInto<T extends MaskTarget>(header: FrameHeader, out: T, opaque?: number, clear?: number): T;

/** {"type":"hello"} sent once per (re)connection. */
export interface Hello {
  type: 'hello';
  protocol: number;
  stream: string;
  frames: number;
  fps: number;
  width: number;
  height: number;
  encoding: EncodingName;
  start: number;
}

/** {"type":"state"} sent after every valid control message. */
export interface State {
  type: 'state';
  frame: number;
  fps: number;
  paused: boolean;
  width: number;
  height: number;
}

export declare class StreamError extends Error {
  name: 'StreamError';
  /** Server error code (bad_query, bad_control, unknown_stream, limit, stream_error, stream_unavailable, stream_changed, stalled, going_away) or 'protocol' / 'decode'. */
  code: string;
  fatal: boolean;
  frame?: number;
}

export interface Frame {
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly encoding: EncodingName;
  readonly header: FrameHeader;
  /** Size of the binary message in bytes. */
  readonly bytes: number;
  /** R8 mask (0/255), decoded into a buffer reused by the connection: valid until the next frame. */
  readonly mask: Uint8Array;
  decodeInto<T extends MaskTarget>(out: T, opaque?: number, clear?: number): T;
}

export interface CloseEvent {
  code: number;
  reason: string;
  willReconnect: boolean;
}

export interface ConnectionStats {
  framesReceived: number;
  bytesReceived: number;
  /** Frames the server skipped (dropped or late) between consecutive received frames. */
  framesSkipped: number;
  reconnects: number;
  errors: number;
  lastFrame: number;
}

export interface ConnectOptions {
  width?: number;
  height?: number;
  fps?: number;
  encoding?: EncodingName;
  start?: number;
  /** Bearer token, sent as the access_token query parameter. */
  token?: string;
  reconnect?: boolean;
  initialDelayMs?: number;
  maxDelayMs?: number;
  backoffFactor?: number;
  maxAttempts?: number;
  /** WebSocket constructor for environments without a global one. */
  WebSocket?: new (url: string) => WebSocket;
}

/**
 * Options of {@link attachOverlay}. The overlay draws with the canvas 2D API only: each mask is decoded
 * straight into an `ImageData` (no per-pixel allocation) and composited with `drawImage`. There is no
 * WebGL path; to use a mask as a WebGL texture, decode `frame.mask` (R8) or `frame.decodeInto(...)` and
 * upload it yourself (for example `texImage2D` with `LUMINANCE`/`R8` and `UNPACK_ALIGNMENT` 1).
 */
export interface OverlayOptions {
  mode?: 'color' | 'cutout';
  color?: string | [number, number, number];
  opacity?: number;
  source?: CanvasImageSource;
  invert?: boolean;
  resizeCanvas?: boolean;
  smoothing?: boolean;
  onDraw?: (drawn: DrawnFrame) => void;
}

export interface DrawnFrame {
  frame: number;
  width: number;
  height: number;
}

export interface Overlay {
  readonly canvas: HTMLCanvasElement;
  readonly lastDrawn: DrawnFrame | null;
  detach(): void;
}

export interface ReconnectEvent {
  /** 1 for the first attempt after an outage. */
  attempt: number;
  /** Delay before the attempt: initialDelayMs * backoffFactor^(attempt-1), capped at maxDelayMs, times a jitter in [0.5, 1]. */
  delayMs: number;
}

export interface StreamEvents {
  open: { url: string };
  reconnect: ReconnectEvent;
  hello: Hello;
  frame: Frame;
  state: State;
  error: StreamError;
  close: CloseEvent;
}

export declare class StreamConnection {
  readonly url: string;
  readonly info: Hello | null;
  /** The last frame received, or null before the first. */
  readonly lastFrame: Frame | null;
  readonly stats: ConnectionStats;
  readonly readyState: 'connecting' | 'open' | 'reconnecting' | 'closed';
  readonly paused: boolean;
  on<K extends keyof StreamEvents>(type: K, listener: (ev: StreamEvents[K]) => void): () => void;
  once<K extends keyof StreamEvents>(type: K, listener: (ev: StreamEvents[K]) => void): () => void;
  off<K extends keyof StreamEvents>(type: K, listener: (ev: StreamEvents[K]) => void): void;
  seek(frame: number): void;
  setRate(fps: number): void;
  pause(): void;
  resume(): void;
  resize(width: number, height: number): void;
  close(code?: number, reason?: string): void;
  attachOverlay(target: HTMLCanvasElement | HTMLVideoElement, options?: OverlayOptions): Overlay;
  reportError(err: unknown): void;
}

export declare function connect(url: string | URL, options?: ConnectOptions): StreamConnection;
/**
 * Draws every frame of `connection` on `target` with the canvas 2D API (see {@link OverlayOptions}): on a
 * canvas it draws into it; over a video it lays a canvas on top. Mode 'color': the mask as a colour with
 * alpha; mode 'cutout': `options.source` (or the video) drawn through the mask.
 */
export declare function attachOverlay(connection: StreamConnection, target: HTMLCanvasElement | HTMLVideoElement, options?: OverlayOptions): Overlay;
