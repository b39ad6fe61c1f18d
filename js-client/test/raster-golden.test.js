// decodePolygons + rasterize reproduce every golden mask of the shared fixtures byte for byte (their
// r8_sha256), inflateBlock reproduces the golden frames' payloads, and every frame-level malformed fixture
// fails with its rule. Fixtures: ALPHASTREAM_SHARED, default ../shared next to the checkout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goldenCheck, malformedCheck } from '../test-helpers/golden.js';
import { sharedDir } from '../test-helpers/paths.js';

const fixtures = join(sharedDir(), 'fixtures');
const readFixture = async (name) => new Uint8Array(await readFile(join(fixtures, name)));
const manifest = JSON.parse(await readFile(join(fixtures, 'manifest.json'), 'utf8'));

test('every golden mask (36) and golden payload is reproduced exactly', async () => {
  const r = await goldenCheck(manifest, readFixture);
  assert.deepEqual(r.mismatches, []);
  assert.equal(r.masks, manifest.golden.length);
  assert.equal(r.masks, 36);
  assert.ok(r.payloads >= 4, `only ${r.payloads} payloads checked`);
});

test('every frame-level malformed fixture fails with its rule at its frame, and only there', async () => {
  const r = await malformedCheck(manifest, readFixture);
  assert.deepEqual(r.mismatches, []);
  assert.equal(r.files, 12);
});
