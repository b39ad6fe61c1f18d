// Wire format of the AlphaStream gateway's binary frame messages (docs/protocol.md).
// Pure functions over typed arrays: no DOM, no allocation per pixel.

/** Size of the frame header in bytes. */
export const HEADER_LENGTH = 16;
/** Protocol version this client understands. */
export const PROTOCOL_VERSION = 1;
/** Encoding ids of header byte 1. */
export const ENCODING_R8 = 0;
export const ENCODING_RLE = 1;
/** The frame's stored polygon block (FORMAT.md 5.1), rasterized by the client (see polygons.js, raster.js). */
export const ENCODING_POLY = 2;
export const ENCODING_NAMES = Object.freeze(['r8', 'rle', 'poly']);

/** Error raised for a message that does not follow the protocol. */
export class ProtocolError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ProtocolError';
  }
}

function bytesOf(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('expected an ArrayBuffer or a typed array');
}

/**
 * Parses the 16-byte little-endian header of a binary frame message and checks that the payload
 * length matches the message.
 * @param {ArrayBuffer|ArrayBufferView} message the whole binary message
 * @returns {{version:number, encoding:number, encodingName:string, frame:number, width:number,
 *   height:number, payloadLength:number, payload:Uint8Array}} payload is a view, not a copy
 */
export function parseHeader(message) {
  const b = bytesOf(message);
  if (b.length < HEADER_LENGTH) {
    throw new ProtocolError(`frame message shorter than its 16-byte header: ${b.length}`);
  }
  const v = new DataView(b.buffer, b.byteOffset, HEADER_LENGTH);
  const version = v.getUint8(0);
  if (version !== PROTOCOL_VERSION) throw new ProtocolError(`unsupported frame protocol version ${version}`);
  const encoding = v.getUint8(1);
  if (encoding !== ENCODING_R8 && encoding !== ENCODING_RLE && encoding !== ENCODING_POLY) {
    throw new ProtocolError(`unknown encoding id ${encoding}`);
  }
  if (v.getUint16(2, true) !== 0) throw new ProtocolError('reserved header bytes are not 0');
  const frame = v.getUint32(4, true);
  const width = v.getUint16(8, true);
  const height = v.getUint16(10, true);
  const payloadLength = v.getUint32(12, true);
  if (width === 0 || height === 0) throw new ProtocolError(`empty mask size ${width}x${height}`);
  if (payloadLength !== b.length - HEADER_LENGTH) {
    throw new ProtocolError(`payload length ${payloadLength} does not match the message (${b.length - HEADER_LENGTH} bytes after the header)`);
  }
  if (encoding === ENCODING_R8 && payloadLength !== width * height) {
    throw new ProtocolError(`r8 payload of ${payloadLength} bytes for a ${width}x${height} mask`);
  }
  return {
    version, encoding, encodingName: ENCODING_NAMES[encoding], frame, width, height, payloadLength,
    payload: b.subarray(HEADER_LENGTH),
  };
}

/**
 * Decodes an RLE payload into `out` (any typed array of at least `pixels` elements): runs of
 * `clear` and `opaque` values alternate, starting with `clear`. With a Uint8Array and the defaults
 * this gives the R8 mask; with a Uint32Array over ImageData it paints RGBA pixels directly.
 * @returns {number} the number of runs
 */
export function decodeRle(payload, out, pixels, opaque = 255, clear = 0) {
  const p8 = bytesOf(payload);
  if (out.length < pixels) throw new RangeError(`output holds ${out.length} elements, needs ${pixels}`);
  const n = p8.length;
  let p = 0;
  let pos = 0;
  let runs = 0;
  while (p < n) {
    let run = 0;
    let scale = 1;
    let b;
    do {
      if (p >= n) throw new ProtocolError(`truncated varint at byte ${p}`);
      if (scale > 0x10000000) throw new ProtocolError(`varint longer than 5 bytes at byte ${p}`);
      b = p8[p++];
      run += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    if (run === 0 && runs > 0) throw new ProtocolError(`empty run ${runs}`);
    const end = pos + run;
    if (end > pixels) throw new ProtocolError(`runs exceed ${pixels} pixels`);
    out.fill((runs & 1) === 1 ? opaque : clear, pos, end);
    pos = end;
    runs++;
  }
  if (pos !== pixels) throw new ProtocolError(`runs sum to ${pos}, not ${pixels}`);
  return runs;
}

/**
 * Copies or maps an R8 payload into `out`; with the default values this is a plain copy, otherwise
 * every non-zero byte becomes `opaque` and every zero `clear` (one loop, no allocation).
 */
export function decodeR8(payload, out, pixels, opaque = 255, clear = 0) {
  const p8 = bytesOf(payload);
  if (p8.length !== pixels) throw new ProtocolError(`r8 payload of ${p8.length} bytes for ${pixels} pixels`);
  if (out.length < pixels) throw new RangeError(`output holds ${out.length} elements, needs ${pixels}`);
  if (out instanceof Uint8Array && opaque === 255 && clear === 0) {
    out.set(p8);
    return;
  }
  for (let i = 0; i < pixels; i++) out[i] = p8[i] !== 0 ? opaque : clear;
}

/**
 * Decodes a parsed r8 or rle frame (from parseHeader) into `out`. A poly frame has no mask until it is
 * rasterized (decodePolygons + rasterize, which the connection does): it is refused here.
 */
export function decodeInto(header, out, opaque = 255, clear = 0) {
  if (header.encoding === ENCODING_POLY) {
    throw new ProtocolError('a poly payload holds polygons, not a mask: decodePolygons() and rasterize() it');
  }
  const pixels = header.width * header.height;
  if (header.encoding === ENCODING_RLE) decodeRle(header.payload, out, pixels, opaque, clear);
  else decodeR8(header.payload, out, pixels, opaque, clear);
  return out;
}
