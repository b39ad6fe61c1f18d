// Type declarations of @alphastream/client (src/index.js). Protocol: docs/protocol.md.

export declare const HEADER_LENGTH: 16;
export declare const PROTOCOL_VERSION: 1;
export declare const ENCODING_R8: 0;
export declare const ENCODING_RLE: 1;
/** The frame's stored polygon block (FORMAT.md 5.1), decoded and rasterized by the client. */
export declare const ENCODING_POLY: 2;
export declare const ENCODING_NAMES: readonly ['r8', 'rle', 'poly'];

export type EncodingName = 'r8' | 'rle' | 'poly';
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
  encoding: 0 | 1 | 2;
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
/** Decodes an r8 or rle frame into `out`; a poly frame throws ProtocolError (it must be rasterized). */
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
  /** Id of the gateway node serving this subscription (clustered gateways send it; absent otherwise). */
  node?: string;
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
  /**
   * Server error code (bad_query, bad_control, unknown_stream, limit, stream_error, stream_unavailable,
   * stream_changed, stream_unresolved, stream_removed, stalled, overloaded, going_away), or 'protocol' (a message
   * the client refused: bad header, a mask over maxPixels) or 'decode' (a poly block breaking a rule of
   * FORMAT.md section 9, or a payload the overlay could not decode). The frame is skipped. Fatal errors close
   * the connection; after stalled, overloaded, going_away, stream_changed, stream_unavailable and
   * stream_unresolved it reconnects (to the next URL), after any other it stays closed.
   */
  code: string;
  fatal: boolean;
  frame?: number;
  /** For a poly 'decode' error: the rule broken (V10, V12-V20). */
  rule?: FrameRule;
}

export interface Frame {
  readonly index: number;
  /** Mask size: the header's, or for poly the size it was rasterized at (setRasterSize / the header's). */
  readonly width: number;
  readonly height: number;
  readonly encoding: EncodingName;
  readonly header: FrameHeader;
  /** Size of the binary message in bytes. */
  readonly bytes: number;
  /** R8 mask (0/255), decoded into a buffer reused by the connection: valid until the next frame. */
  readonly mask: Uint8Array;
  /** poly only: the frame's decoded polygons (native 2048 x 1024 coordinates), to rasterize at other sizes. */
  readonly polygons?: Polygons;
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
  /** poly: frames received but superseded by a newer one before they could be decoded (latest wins). */
  framesCoalesced: number;
  reconnects: number;
  errors: number;
  lastFrame: number;
}

export interface ConnectOptions {
  width?: number;
  height?: number;
  fps?: number;
  encoding?: EncodingName;
  /** First frame; the play clock stands here until the first hello. */
  start?: number;
  /** Bearer token, sent as the access_token query parameter. */
  token?: string;
  reconnect?: boolean;
  initialDelayMs?: number;
  maxDelayMs?: number;
  backoffFactor?: number;
  maxAttempts?: number;
  /** Largest mask (width x height) a frame may make the client allocate; default 4096 * 4096. */
  maxPixels?: number;
  /** poly: cap of rule V12 on a block's declared payload length; default 16 MiB. */
  maxPayloadBytes?: number;
  /** poly: decode and rasterize in a module Worker where there is one (browsers); default true. */
  worker?: boolean;
  /** WebSocket constructor for environments without a global one. */
  WebSocket?: new (url: string) => WebSocket;
}

/**
 * Options of {@link attachOverlay}. Renderer '2d' (default): each mask is decoded straight into an
 * `ImageData` and composited with `drawImage`. Renderer 'webgl': the mask is an R8 texture (texSubImage2D,
 * RED / UNSIGNED_BYTE, UNPACK_ALIGNMENT 1) composited by a shader; without WebGL2 the overlay falls back to
 * canvas 2D and says so ({@link Overlay.renderer}, {@link Overlay.fallbackReason}, console.warn,
 * `onFallback`). For a texture in your own WebGL2 renderer use {@link StreamConnection.maskTexture}.
 */
export interface OverlayOptions {
  renderer?: '2d' | 'webgl';
  mode?: 'color' | 'cutout';
  color?: string | [number, number, number];
  opacity?: number;
  source?: CanvasImageSource;
  invert?: boolean;
  /**
   * true: the canvas's pixel size follows the mask (default on a canvas); false: it is left alone (default
   * over a video); 'display': it follows the displayed size x devicePixelRatio. Unless true, poly frames are
   * rasterized at the canvas's pixel size.
   */
  resizeCanvas?: boolean | 'display';
  smoothing?: boolean;
  /** WebGL only: keep the drawn pixels readable (toDataURL, drawImage, readPixels) after compositing. */
  preserveDrawingBuffer?: boolean;
  onDraw?: (drawn: DrawnFrame) => void;
  /** Called with the reason when 'webgl' was asked for but canvas 2D draws. */
  onFallback?: (reason: string) => void;
}

export interface DrawnFrame {
  frame: number;
  width: number;
  height: number;
}

export interface Overlay {
  readonly canvas: HTMLCanvasElement;
  /** Which renderer draws: 'webgl' only when asked for and WebGL2 is available. */
  readonly renderer: '2d' | 'webgl';
  /** Why 'webgl' was asked for but not used, else null. */
  readonly fallbackReason: string | null;
  readonly lastDrawn: DrawnFrame | null;
  detach(): void;
}

export interface ReconnectEvent {
  /** 1 for the first attempt after an outage. */
  attempt: number;
  /** Delay before the attempt: initialDelayMs * backoffFactor^(attempt-1), capped at maxDelayMs, times a jitter in [0.5, 1]. */
  delayMs: number;
  /** The URL the attempt goes to: the next one of the connection's URLs (round robin). */
  url: string;
}

/** The gateway serving a connection changed: a hello came from another URL or node than the last hello. */
export interface ServerEvent {
  url: string;
  /** The hello's node id, or null when the gateway sends none. */
  node: string | null;
  /** null for the first hello of the connection. */
  previousUrl: string | null;
  previousNode: string | null;
}

/**
 * The anchor of the play clock: frame `frame` is due at `time` (ms, performance.now()), frame + k at
 * time + k * 1000 / fps, looping after `frames`. See {@link StreamConnection.positionAt}.
 */
export interface PlayClock {
  /** null: no position yet (no start option, no hello). */
  frame: number | null;
  /** null: the clock stands (before the first hello, after stream_changed). */
  time: number | null;
  fps: number | null;
  /** The stream's frame count from the hello; 0 = unknown. */
  frames: number;
  paused: boolean;
}

export interface StreamEvents {
  open: { url: string };
  reconnect: ReconnectEvent;
  server: ServerEvent;
  hello: Hello;
  frame: Frame;
  state: State;
  error: StreamError;
  close: CloseEvent;
}

export declare class StreamConnection {
  /** Every gateway URL given to connect(), in the order they are tried (round robin). */
  readonly urls: readonly string[];
  /** The URL of the current connection: the open one, or the one being (re)connected to. */
  readonly url: string;
  /** Id of the node serving now (the hello's `node`); null while not connected or when the gateway sends none. */
  readonly node: string | null;
  /**
   * The frame the play clock is at now: the frame due now, where a new subscription starts (`start=`) after
   * a lost connection. null before any position is known (no start option, no hello).
   */
  readonly position: number | null;
  /**
   * The play clock at `t` (ms of performance.now()): clock.frame + floor((t - clock.time) * fps / 1000), modulo
   * the frame count; it stands while paused, before the first hello and after stream_changed (at 0).
   */
  positionAt(t: number): number | null;
  /** The clock's anchor (a copy), set by each hello, state message, received frame, seek and rate change. */
  readonly clock: PlayClock;
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
  /** The stream's masks as an R8 texture of your WebGL2 context; call `update()` in your render loop. */
  maskTexture(gl: WebGL2RenderingContext, options?: MaskTextureOptions): MaskTexture;
  /**
   * poly: rasterize frames at `width x height` (1 .. 16384) instead of the header's size; `null` resets.
   * Overlays of a fixed-size canvas set it to the canvas size.
   */
  setRasterSize(width: number | null, height?: number): void;
  readonly rasterSize: { width: number; height: number } | null;
  /** Where poly frames are decoded: 'worker' (browsers), 'main-thread', or null before the first poly frame. */
  readonly polyDecoder: 'worker' | 'main-thread' | null;
  reportError(err: unknown): void;
}

export interface MaskTextureOptions {
  /** LINEAR filtering (default) or NEAREST. */
  smoothing?: boolean;
}

/**
 * An R8 texture (sample `.r`: 1 where the mask is opaque) in the caller's WebGL2 context following a
 * connection. Frames only mark it stale; `update()` uploads the latest one with texSubImage2D and restores
 * the 2D texture binding and UNPACK_ALIGNMENT it changed, so it is safe next to three.js's state cache.
 */
export interface MaskTexture {
  readonly texture: WebGLTexture;
  readonly width: number;
  readonly height: number;
  /** Index of the frame the texture holds; -1 before the first update. */
  readonly frame: number;
  /** Uploads the latest frame if it is new; returns whether it did. Call it once per rendered frame. */
  update(): boolean;
  /** Stops following the connection and deletes the texture. */
  dispose(): void;
}

/** {@link StreamConnection.maskTexture} as a function. */
export declare function maskTexture(connection: StreamConnection, gl: WebGL2RenderingContext, options?: MaskTextureOptions): MaskTexture;

/**
 * Subscribes to a stream: one WebSocket URL of it, or the URLs of several gateways serving it (a cluster's
 * nodes). Each reconnect goes to the next URL and resumes where the play clock is.
 */
export declare function connect(urls: string | URL | ReadonlyArray<string | URL>, options?: ConnectOptions): StreamConnection;
/**
 * Draws every frame of `connection` on `target` with canvas 2D or WebGL2 (see {@link OverlayOptions}): on a
 * canvas it draws into it; over a video it lays a canvas on top. Mode 'color': the mask as a colour with
 * alpha; mode 'cutout': `options.source` (or the video) drawn through the mask.
 */
export declare function attachOverlay(connection: StreamConnection, target: HTMLCanvasElement | HTMLVideoElement, options?: OverlayOptions): Overlay;

// --- Frame blocks to polygons, polygons to R8 masks (src/polygons.js, src/raster.js; FORMAT.md 5, 9, 10) ---

/** Default cap of rule V12 on a frame's declared payload length: 16 MiB. */
export declare const DEFAULT_MAX_PAYLOAD_BYTES: number;
/** Largest configurable payload cap (2^31 - 9). */
export declare const MAX_MAX_PAYLOAD_BYTES: number;
/** V20 range of accumulated coordinates. */
export declare const MIN_COORDINATE: -32768;
export declare const MAX_COORDINATE: 65535;
/** Mask sides accepted by {@link rasterize}. */
export declare const MIN_SIZE: 1;
export declare const MAX_SIZE: 16384;

/** Validation rules a frame block can break when decoded (FORMAT.md section 9). */
export type FrameRule = 'V10' | 'V12' | 'V13' | 'V14' | 'V15' | 'V16' | 'V17' | 'V18' | 'V19' | 'V20';

/** A frame block or payload that breaks a validation rule; the message starts with the rule id. */
export declare class AlphaStreamFormatError extends Error {
  name: 'AlphaStreamFormatError';
  readonly rule: FrameRule;
  constructor(rule: FrameRule, what: string, options?: { cause?: unknown });
}

export interface DecodeOptions {
  /** Cap of rule V12 on the declared payload length, 4 .. 2^31-9; default 16 MiB. */
  maxPayloadBytes?: number;
}

/**
 * One frame's channels, each a closed polygon of integer points in native 2048 x 1024 coordinates (points
 * may lie outside). Channel c owns points starts[c] .. starts[c+1]-1 of xs / ys.
 */
export declare class Polygons {
  /** Wraps the arrays without copying (checked for consistency: RangeError otherwise). */
  constructor(starts: Int32Array, xs: Int32Array, ys: Int32Array);
  /** One flat [x0, y0, x1, y1, ...] list of integers per channel. */
  static fromChannels(channels: ArrayLike<number>[]): Polygons;
  readonly starts: Int32Array;
  readonly xs: Int32Array;
  readonly ys: Int32Array;
  readonly channelCount: number;
  readonly totalPoints: number;
  start(channel: number): number;
  pointCount(channel: number): number;
}

/**
 * Decodes a plain frame block (`u32 declared ‖ zlib(payload)`, after decryption for ASVR) into polygons,
 * with the Java reader's checks and rule ids (V10, V12-V20). Inflates with DecompressionStream, bounded by
 * the declared length and the cap. Never throws: rejects with {@link AlphaStreamFormatError} for bad data,
 * TypeError / RangeError for bad arguments.
 */
export declare function decodePolygons(block: Uint8Array, options?: DecodeOptions): Promise<Polygons>;
/** The inflate step of {@link decodePolygons} alone: the payload, exactly `declared` bytes (V10, V12-V14). */
export declare function inflateBlock(block: Uint8Array, options?: DecodeOptions): Promise<Uint8Array>;
/** The parse step of {@link decodePolygons} alone (V15-V20); throws AlphaStreamFormatError. */
export declare function parsePayload(payload: Uint8Array): Polygons;
/** Longest block accepted under a payload cap (longer blocks fail V13 before inflating). */
export declare function maxBlockLength(maxPayloadBytes?: number): number;

/**
 * Rasterizes polygons into an R8 mask (0 / 255, row-major, stride = width) by FORMAT.md section 10, byte
 * for byte what the Java Rasterizer produces: into the first width*height bytes of `out` (cleared first)
 * or a new array. Sizes 1 .. 16384 (RangeError otherwise, also for a too small `out`).
 */
export declare function rasterize(polygons: PolygonArrays, width: number, height: number, out?: Uint8Array): Uint8Array;

/** What {@link rasterize} reads: a Polygons, or its arrays as a plain object (e.g. posted from a Worker). */
export interface PolygonArrays {
  readonly starts: Int32Array;
  readonly xs: Int32Array;
  readonly ys: Int32Array;
}
