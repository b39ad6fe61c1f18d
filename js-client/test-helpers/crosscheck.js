// Shared by the Node test (test/raster-crosscheck.test.js) and the Chromium test (e2e/raster.e2e.test.js):
// decodes every block of the Java-written cross-check stream and compares with what the Java reader and
// Rasterizer made of it (vertx-alphastream JsCrossCheckVectorsTest): the same rule for a broken block, the
// same SHA-256 and opaque count for every mask. Runs in Node and in the browser (WebCrypto, no Node APIs).
import { asvpBlocks } from './asvp.js';
import { AlphaStreamFormatError, decodePolygons, rasterize } from '../src/index.js';

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function countOpaque(mask) {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] === 255 ? 1 : 0;
  return n;
}

/**
 * @param {Uint8Array} asvp crosscheck.asvp
 * @param {{frames: object[]}} expected crosscheck.json
 * @returns {Promise<{frames: number, masks: number, rules: number, mismatches: string[]}>}
 */
export async function crossCheck(asvp, expected) {
  const blocks = await asvpBlocks(asvp);
  const mismatches = [];
  let masks = 0;
  let rules = 0;
  if (blocks.length !== expected.frames.length) {
    mismatches.push(`${blocks.length} blocks but ${expected.frames.length} expected frames`);
  }
  const scratch = new Uint8Array(1 << 16);
  for (const f of expected.frames) {
    const what = `frame ${f.frame} (${f.kind})`;
    let polygons;
    try {
      polygons = await decodePolygons(blocks[f.frame]);
    } catch (e) {
      if (!(e instanceof AlphaStreamFormatError)) {
        mismatches.push(`${what}: ${e}`);
      } else if (e.rule !== f.rule) {
        mismatches.push(`${what}: ${e.rule} (${e.message}), Java says ${f.rule ?? 'valid'}${f.message ? ` (${f.message})` : ''}`);
      } else {
        rules++;
      }
      continue;
    }
    if (f.rule) {
      mismatches.push(`${what}: decodes, Java says ${f.rule} (${f.message})`);
      continue;
    }
    if (polygons.channelCount !== f.channels || polygons.totalPoints !== f.points) {
      mismatches.push(`${what}: ${polygons.channelCount} channels / ${polygons.totalPoints} points, Java ${f.channels} / ${f.points}`);
    }
    for (const m of f.masks) {
      const size = m.width * m.height;
      // Small masks go into a dirty, reused buffer (rasterize must clear it), large ones into a new one.
      const mask = size <= scratch.length ? rasterize(polygons, m.width, m.height, scratch).subarray(0, size)
        : rasterize(polygons, m.width, m.height);
      const sha = await sha256Hex(mask);
      masks++;
      if (sha !== m.sha256) {
        mismatches.push(`${what} at ${m.width}x${m.height}: ${countOpaque(mask)} opaque pixels, Java ${m.opaque}`);
      }
    }
  }
  return { frames: expected.frames.length, masks, rules, mismatches };
}
