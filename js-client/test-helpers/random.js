// Seeded random frames for property tests (the shape classes of the Java RandomPolygons): concave and
// self-intersecting, tiny and sub-pixel, far outside and negative (the whole V20 range), grid-snapped,
// rectilinear, with repeated points, and channels of 0 to 2 points.
import { Polygons } from '../src/index.js';

export const MIN = -32768;
export const MAX = 65535;

/** mulberry32: a small seeded PRNG; int(n) in [0, n). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

export function randomFrame(r) {
  const channels = [];
  for (let c = 0, n = r.int(5); c < n; c++) {
    const points = r.int(4) === 0 ? r.int(3) : 3 + r.int(12);
    const ch = [];
    const kind = r.int(7);
    const cx = r.int(2048);
    const cy = r.int(1024);
    const radius = 1 + r.int(40);
    let x = r.int(2048);
    let y = r.int(1024);
    for (let i = 0; i < points; i++) {
      switch (kind) {
        case 0: ch.push(-300 + r.int(2648), -300 + r.int(1624)); break;
        case 1: ch.push(cx - radius + r.int(2 * radius + 1), cy - radius + r.int(2 * radius + 1)); break;
        case 2: ch.push(MIN + r.int(MAX - MIN + 1), MIN + r.int(MAX - MIN + 1)); break;
        case 3: ch.push(16 * (-4 + r.int(136)), 8 * (-4 + r.int(136))); break;
        case 4:
          ch.push(x, y);
          if (i % 2 === 0) x += 8 * (r.int(61) - 30); else y += 8 * (r.int(61) - 30);
          break;
        case 5: {
          const px = r.int(2048);
          const py = r.int(1024);
          ch.push(px, py);
          if (r.int(2)) ch.push(px, py);
          break;
        }
        default:
          if (r.int(4) === 0) ch.push(MIN + r.int(MAX - MIN + 1), MIN + r.int(MAX - MIN + 1));
          else ch.push(r.int(2048), r.int(1024));
      }
    }
    if (kind === 5 && ch.length >= 2 && r.int(2)) ch.push(ch[0], ch[1]);
    channels.push(ch);
  }
  return Polygons.fromChannels(channels);
}
