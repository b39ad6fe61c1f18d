// Throughput of decodePolygons (inflate + parse) and rasterize on the demo stream (sample:demo), one
// thread (Node's inflate runs on its libuv pool). Prints frames/s and ms/frame, wall clock and CPU time,
// for each stage and for the whole path.
//
//   npm run bench [-- --size 1920x960] [-- --seconds 5] [-- --file path/to/plain.asvp]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { asvpBlocks } from '../test-helpers/asvp.js';
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

/**
 * Runs `step(i)` over the frames for about `seconds` (after a warm-up). Reports wall-clock frames/s and
 * frames per CPU-second of the whole process (all threads: Node inflates on its libuv pool), which is the
 * fairer number on a shared, loaded machine.
 */
async function measure(name, step) {
  for (let i = 0; i < Math.min(blocks.length, 200); i++) await step(i); // warm-up (JIT)
  let frames = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    for (let i = 0; i < blocks.length && (i & 31 || performance.now() - start < seconds * 1000); i++) {
      await step(i);
      frames++;
    }
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const fps = frames / ((now - start) / 1000);
  console.log(`${name.padEnd(30)} ${fps.toFixed(0).padStart(6)} frames/s ${(1000 / fps).toFixed(3).padStart(7)} ms/frame`
    + ` | ${(frames / cpuSeconds).toFixed(0).padStart(6)} frames/CPU-s ${(1000 * cpuSeconds / frames).toFixed(3).padStart(7)} CPU-ms/frame`);
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
