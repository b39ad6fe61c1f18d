// Module worker of connection.js: decodes (decodePolygons) and rasterizes (rasterize) poly frame blocks off
// the main thread. One request at a time: {block: ArrayBuffer, width, height, maxPayloadBytes, out?:
// ArrayBuffer to reuse}; the answer transfers the mask and the polygon arrays back, or carries the error.
import { decodePolygons } from './polygons.js';
import { rasterize } from './raster.js';

self.onmessage = async (e) => {
  const { id, block, width, height, maxPayloadBytes, out } = e.data;
  try {
    const polygons = await decodePolygons(new Uint8Array(block), { maxPayloadBytes });
    const reuse = out && out.byteLength === width * height ? new Uint8Array(out) : undefined;
    const mask = rasterize(polygons, width, height, reuse);
    const { starts, xs, ys } = polygons;
    self.postMessage({ id, mask: mask.buffer, starts, xs, ys }, [mask.buffer, starts.buffer, xs.buffer, ys.buffer]);
  } catch (err) {
    self.postMessage({ id, error: { name: err && err.name, message: String(err && err.message || err), rule: err && err.rule } });
  }
};
