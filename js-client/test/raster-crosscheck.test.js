// decodePolygons + rasterize equal the Java reader and Rasterizer on the random frames and broken blocks
// that vertx-alphastream's JsCrossCheckVectorsTest writes (test.sh runs Maven first). Missing vectors are
// a failure, not a skip: build them with
//   mvn -pl vertx-alphastream test -Dtest=JsCrossCheckVectorsTest -Dsurefire.failIfNoSpecifiedTests=false
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossCheck } from '../test-helpers/crosscheck.js';
import { crossCheckDir } from '../test-helpers/paths.js';

test('every random frame and broken block decodes and rasterizes exactly as in Java', async () => {
  const dir = crossCheckDir();
  const json = join(dir, 'crosscheck.json');
  assert.ok(existsSync(json), `${json} is missing: run mvn -pl vertx-alphastream test -Dtest=JsCrossCheckVectorsTest -Dsurefire.failIfNoSpecifiedTests=false`);
  const expected = JSON.parse(readFileSync(json, 'utf8'));
  const result = await crossCheck(new Uint8Array(readFileSync(join(dir, expected.file))), expected);
  assert.deepEqual(result.mismatches.slice(0, 20), [], `${result.mismatches.length} mismatches`);
  assert.ok(result.frames >= 1000, `only ${result.frames} frames`);
  assert.ok(result.masks >= 3000, `only ${result.masks} masks compared`);
  assert.ok(result.rules >= 200, `only ${result.rules} broken blocks compared`);
});
