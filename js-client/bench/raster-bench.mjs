// Throughput of decodePolygons (inflate + parse) and rasterize on the demo stream (sample:demo), one
// thread. Prints frames/s and ms/frame for each stage and for the whole path.
//
//   npm run bench [-- --size 1920x960] [-- --seconds 5] [-- --file path/to/plain.asvp]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { asvpBlocks } from '../test/helpers/asvp.js';
import { decodePolygons, inflateBlock, parsePayload, rasterize } from '../src/index.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1920x960' },
    seconds: { type: 'string', default: '5' },
    file: {
      type: 'string',
      default: fileURLToPath(new URL('../../vertx-alphastream/src/main/resources/io/alphastream/sample/demo.asvp', import.meta.url)),
    },
  },
});
const [width, height] = values.size.split('x').map(Number);
const seconds = Number(values.seconds);
const blocks = await asvpBlocks(new Uint8Array(readFileSync(values.file)));
const out = new Uint8Array(width * height);

/** Runs `step(i)` over the frames for about `seconds` (after a warm-up); returns frames per second. */
async function measure(name, step) {
  for (let i = 0; i < Math.min(blocks.length, 200); i++) await step(i); // warm-up (JIT)
  let frames = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let i = 0; i < blocks.length && (i & 31 || performance.now() - start < seconds * 1000); i++) {
      await step(i);
      frames++;
    }
    now = performance.now();
  }
  const fps = frames / ((now - start) / 1000);
  console.log(`${name.padEnd(34)} ${fps.toFixed(0).padStart(7)} frames/s  ${(1000 / fps).toFixed(3)} ms/frame`);
  return fps;
}

const payloads = await Promise.all(blocks.map((b) => inflateBlock(b)));
const polygons = payloads.map((p) => parsePayload(p));
const points = polygons.reduce((s, p) => s + p.totalPoints, 0) / polygons.length;
console.log(`${values.file}: ${blocks.length} frames, ${points.toFixed(0)} points/frame on average; ${width}x${height}; Node ${process.version}`);
await measure('inflate (inflateBlock)', (i) => inflateBlock(blocks[i]));
await measure('parse (parsePayload)', (i) => parsePayload(payloads[i]));
await measure(`rasterize ${width}x${height}`, (i) => rasterize(polygons[i], width, height, out));
await measure('decodePolygons + rasterize', async (i) => rasterize(await decodePolygons(blocks[i]), width, height, out));
