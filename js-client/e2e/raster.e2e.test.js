// Browser test: the same checks as test/raster-golden and test/raster-crosscheck, run inside headless
// Debian Chromium (playwright-core, never a downloaded browser) on the browser's own DecompressionStream
// and WebCrypto: every golden mask, the frame-level malformed fixtures, and the ~1,600 Java-written
// cross-check frames (vertx-alphastream JsCrossCheckVectorsTest; missing vectors fail the test).
// The page loads the modules from a static server on 127.0.0.1 that this test starts.
//
// Environment: ALPHASTREAM_SHARED (default ../../shared), ALPHASTREAM_CROSSCHECK_DIR (default
// ../vertx-alphastream/target/js-crosscheck), CHROMIUM (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { crossCheckDir, repo, sharedDir } from '../test-helpers/paths.js';

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const roots = {
  '/js/': resolve(repo, 'js-client'),
  '/fixtures/': join(sharedDir(), 'fixtures'),
  '/crosscheck/': crossCheckDir(),
};
const types = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };
// Cross-origin isolation, so the page has SharedArrayBuffer (a Worker may hand blocks over in shared memory).
const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

let server;
let base;
let context;
let page;
let userDataDir;

/** Serves the three roots above (GET only, no directory listing, no path outside a root). */
function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end('<!doctype html><title>raster</title>');
    return;
  }
  const prefix = Object.keys(roots).find((p) => url.pathname.startsWith(p));
  const root = prefix && roots[prefix];
  const file = root && normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
  if (!file || !file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  readFile(file).then((body) => {
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': types[ext] || 'application/octet-stream', ...isolation }).end(body);
  }, () => res.writeHead(404).end());
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing (apt-get install -y chromium)`);
  server = createServer(serve);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  userDataDir = mkdtempSync(join(tmpdir(), 'alphastream-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => { console.error('page error:', e.message); });
  await page.goto(`${base}/`);
});

after(async () => {
  if (context) await context.close();
  if (server) server.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

test('in Chromium: golden masks, golden payloads and frame-level malformed fixtures', async () => {
  const r = await page.evaluate(async () => {
    const { goldenCheck, malformedCheck } = await import('/js/test-helpers/golden.js');
    const readFixture = async (name) => new Uint8Array(await (await fetch(`/fixtures/${name}`)).arrayBuffer());
    const manifest = await (await fetch('/fixtures/manifest.json')).json();
    return { golden: await goldenCheck(manifest, readFixture), malformed: await malformedCheck(manifest, readFixture) };
  });
  assert.deepEqual(r.golden.mismatches, []);
  assert.equal(r.golden.masks, 36);
  assert.ok(r.golden.payloads >= 4);
  assert.deepEqual(r.malformed.mismatches, []);
  assert.equal(r.malformed.files, 12);
});

test('in Chromium: every Java-written cross-check frame decodes and rasterizes exactly as in Java', async () => {
  const json = join(crossCheckDir(), 'crosscheck.json');
  assert.ok(existsSync(json), `${json} is missing: run mvn -pl vertx-alphastream test -Dtest=JsCrossCheckVectorsTest -Dsurefire.failIfNoSpecifiedTests=false`);
  const r = await page.evaluate(async () => {
    const { crossCheck } = await import('/js/test-helpers/crosscheck.js');
    const expected = await (await fetch('/crosscheck/crosscheck.json')).json();
    const asvp = new Uint8Array(await (await fetch(`/crosscheck/${expected.file}`)).arrayBuffer());
    return crossCheck(asvp, expected);
  });
  assert.deepEqual(r.mismatches.slice(0, 20), [], `${r.mismatches.length} mismatches`);
  assert.ok(r.frames >= 1000, `only ${r.frames} frames`);
  assert.ok(r.masks >= 3000, `only ${r.masks} masks`);
  assert.ok(r.rules >= 200, `only ${r.rules} broken blocks`);
});

test('in Chromium: a block in shared memory decodes (the browser refuses shared views to DecompressionStream)', async () => {
  const r = await page.evaluate(async () => {
    const { decodePolygons } = await import('/js/src/index.js');
    const hex = '18000000789c63626060e0006216209ec038813180e1869b0ea30e2300179602f9'; // FORMAT.md 5.4
    const shared = new Uint8Array(new SharedArrayBuffer(hex.length / 2));
    for (let i = 0; i < shared.length; i++) shared[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    const p = await decodePolygons(shared);
    return { isolated: crossOriginIsolated, xs: Array.from(p.xs), ys: Array.from(p.ys), starts: Array.from(p.starts) };
  });
  assert.equal(r.isolated, true);
  assert.deepEqual(r, { isolated: true, xs: [400, 480, 440, 300], ys: [400, 400, 470, 300], starts: [0, 3, 4] });
});
