// @alphastream/client: WebSocket client of the AlphaStream gateway (docs/protocol.md).
// ES module, no dependencies, no build step.

export { connect, StreamConnection, StreamError } from './connection.js';
export { attachOverlay } from './overlay.js';
export { maskTexture } from './webgl.js';
export {
  parseHeader, decodeRle, decodeR8, decodeInto, ProtocolError,
  HEADER_LENGTH, PROTOCOL_VERSION, ENCODING_R8, ENCODING_RLE, ENCODING_POLY, ENCODING_NAMES,
} from './protocol.js';
export {
  decodePolygons, inflateBlock, parsePayload, Polygons, AlphaStreamFormatError, maxBlockLength,
  DEFAULT_MAX_PAYLOAD_BYTES, MAX_MAX_PAYLOAD_BYTES, MIN_COORDINATE, MAX_COORDINATE,
} from './polygons.js';
export { rasterize, MIN_SIZE, MAX_SIZE } from './raster.js';
