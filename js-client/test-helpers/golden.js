// Shared by the Node and Chromium tests: every golden mask of the fixtures (manifest.json "golden") from
// its frame block, and every inflated golden frame against its payload_sha256. Runs in Node and browsers.
import { asvpBlocks } from './asvp.js';
import { sha256Hex, countOpaque } from './crosscheck.js';
import { decodePolygons, inflateBlock, rasterize } from '../src/index.js';

/**
 * @param {object} manifest fixtures/manifest.json
 * @param {(name: string) => Promise<Uint8Array>} readFixture reads a file of the fixtures directory
 * @returns {Promise<{masks: number, payloads: number, mismatches: string[]}>}
 */
export async function goldenCheck(manifest, readFixture) {
  const blocks = {};
  const mismatches = [];
  let masks = 0;
  let payloads = 0;
  const dirty = new Uint8Array(2048 * 1024).fill(0x5a); // reused, never cleared by the test
  for (const g of manifest.golden) {
    blocks[g.source] ??= await asvpBlocks(await readFixture(g.source));
    const polygons = await decodePolygons(blocks[g.source][g.frame]);
    const mask = rasterize(polygons, g.width, g.height, dirty).subarray(0, g.width * g.height);
    masks++;
    if ((await sha256Hex(mask)) !== g.r8_sha256) {
      mismatches.push(`${g.file}: ${countOpaque(mask)} opaque pixels, golden ${g.opaque}`);
    }
  }
  for (const [name, file] of Object.entries(manifest.files)) {
    for (const [frame, info] of Object.entries(file.golden_frames ?? {})) {
      if (!blocks[name]) continue;
      const payload = await inflateBlock(blocks[name][Number(frame)]);
      payloads++;
      if (payload.length !== info.payload_len || (await sha256Hex(payload)) !== info.payload_sha256) {
        mismatches.push(`${name} frame ${frame}: payload of ${payload.length} bytes differs from payload_sha256`);
      }
    }
  }
  return { masks, payloads, mismatches };
}

/**
 * Every frame-level malformed fixture (manifest.json "malformed", stage "frame", plain ASVP) fails with
 * its rule at its frame, and every other frame of it decodes.
 * @returns {Promise<{files: number, mismatches: string[]}>}
 */
export async function malformedCheck(manifest, readFixture) {
  const mismatches = [];
  let files = 0;
  for (const m of manifest.malformed) {
    if (m.stage !== 'frame' || m.format !== 'asvp') continue;
    files++;
    const blocks = await asvpBlocks(await readFixture(m.file));
    for (let i = 0; i < blocks.length; i++) {
      let rule = null;
      try {
        await decodePolygons(blocks[i]);
      } catch (e) {
        rule = e.rule ?? String(e);
      }
      const expected = i === m.frame ? m.rule : null;
      if (rule !== expected) mismatches.push(`${m.file} frame ${i}: ${rule ?? 'decodes'}, expected ${expected ?? 'decodes'}`);
    }
  }
  return { files, mismatches };
}
