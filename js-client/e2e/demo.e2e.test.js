// Browser test: headless Debian Chromium (driven by playwright-core, never a downloaded browser) loads the
// demo page from a gateway this test starts, receives frames, and the overlay canvas under a known frame
// must equal the golden mask of the shared fixtures. Saves a screenshot to test-artifacts/.
//
//   node --test e2e/         (needs the shaded jar: mvn -pl ws-gateway -am package -DskipTests)
//
// Environment: ALPHASTREAM_GATEWAY_JAR (default ../ws-gateway/target/ws-gateway-*-all.jar),
// ALPHASTREAM_SHARED (default ../../shared), CHROMIUM (default /usr/bin/chromium), JAVA (default java).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const shared = process.env.ALPHASTREAM_SHARED || resolve(repo, '..', 'shared');
const artifacts = resolve(repo, 'test-artifacts');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

function gatewayJar() {
  if (process.env.ALPHASTREAM_GATEWAY_JAR) return process.env.ALPHASTREAM_GATEWAY_JAR;
  const dir = resolve(repo, 'ws-gateway', 'target');
  const jar = existsSync(dir) && readdirSync(dir).find((f) => /^ws-gateway-.*-all\.jar$/.test(f));
  if (!jar) throw new Error(`no ws-gateway shaded jar in ${dir}: run mvn -pl ws-gateway -am package -DskipTests`);
  return join(dir, jar);
}

function golden(file) {
  const manifest = JSON.parse(readFileSync(join(shared, 'fixtures', 'manifest.json'), 'utf8'));
  const g = manifest.golden.find((e) => e.file === file);
  assert.ok(g, `golden entry ${file}`);
  return g;
}

/** Starts the gateway on a free port; resolves with {proc, url} once it prints its URL. */
function startGateway() {
  const proc = spawn(process.env.JAVA || 'java', ['-jar', gatewayJar(), '--host', '127.0.0.1', '--port', '0',
    '--stream', `small=${join(shared, 'fixtures', 'small.asvp')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 60 s:\n${out}\n${err}`)), 60000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ proc, url: m[1] });
      }
    });
    proc.stderr.on('data', (d) => { err += d; });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}\n${err}`));
    });
  });
}

let gateway;
let context;
let page;
let userDataDir;

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing (apt-get install -y chromium)`);
  gateway = await startGateway();
  userDataDir = mkdtempSync(join(tmpdir(), 'alphastream-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => { console.error('page error:', e.message); });
});

after(async () => {
  if (context) await context.close();
  if (gateway) {
    gateway.proc.removeAllListeners('exit');
    gateway.proc.kill('SIGTERM');
  }
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** The overlay canvas as an R8 mask: alpha > 0 → 255. */
async function overlayMask() {
  const { width, height, b64 } = await page.evaluate(() => {
    const c = document.getElementById('overlay');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let s = '';
    for (let i = 3; i < d.length; i += 4) s += d[i] > 0 ? '\xff' : '\x00';
    return { width: c.width, height: c.height, b64: btoa(s) };
  });
  return { width, height, r8: Buffer.from(b64, 'base64') };
}

async function pauseAndShow(frame) {
  if (!(await page.evaluate(() => window.demo.connection.paused))) {
    await page.click('#pause');
    await page.waitForFunction(() => document.getElementById('statState').textContent === 'paused');
  }
  await page.evaluate((n) => {
    const seek = document.getElementById('seek');
    seek.value = String(n);
    seek.dispatchEvent(new Event('input'));
  }, frame);
  await page.waitForFunction((n) => window.demo.lastDrawn && window.demo.lastDrawn.frame === n
    && window.demo.connection.stats.lastFrame === n, frame, { timeout: 15000 });
}

test('demo page streams frames and draws the golden mask of the frame it shows', async () => {
  await page.goto(`${gateway.url}?stream=small&w=640&h=320&fps=30&encoding=rle`);
  await page.waitForFunction(() => window.demo && window.demo.frames >= 15, null, { timeout: 20000 });
  const hello = await page.evaluate(() => window.demo.info);
  assert.equal(hello.stream, 'small');
  assert.equal(hello.frames, 240);
  assert.equal(hello.width, 640);
  assert.equal(hello.encoding, 'rle');
  // stats panel: frames keep arriving at a positive rate
  await page.waitForFunction(() => Number(document.getElementById('statFps').textContent) > 0, null, { timeout: 5000 });

  await pauseAndShow(119);
  const g = golden('golden/small_f119_640x320.png');
  const shown = await overlayMask();
  assert.equal(shown.width, 640);
  assert.equal(shown.height, 320);
  let opaque = 0;
  for (const v of shown.r8) opaque += v ? 1 : 0;
  assert.equal(opaque, g.opaque, 'opaque pixels on the canvas');
  assert.equal(createHash('sha256').update(shown.r8).digest('hex'), g.r8_sha256, 'canvas alpha equals the golden mask');

  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'demo-page.png'), fullPage: true });

  // cut-out mode: the moving background drawn through the same mask, transparent elsewhere
  await page.evaluate(() => { window.demo.lastDrawn = null; });
  await page.selectOption('#mode', 'cutout');
  await page.waitForFunction(() => window.demo.lastDrawn && window.demo.lastDrawn.frame === 119, null, { timeout: 10000 });
  const cut = await overlayMask();
  assert.equal(createHash('sha256').update(cut.r8).digest('hex'), g.r8_sha256, 'cut-out alpha equals the golden mask');
  await page.screenshot({ path: join(artifacts, 'demo-cutout.png'), fullPage: true });
  await page.selectOption('#mode', 'color');
});

test('r8 encoding draws the same golden masks; resume continues streaming', async () => {
  await page.selectOption('#encoding', 'r8'); // reconnects with encoding=r8
  await page.waitForFunction(() => window.demo.info && window.demo.info.encoding === 'r8', null, { timeout: 15000 });
  await pauseAndShow(0);
  const g = golden('golden/small_f0_640x320.png');
  const shown = await overlayMask();
  assert.equal(createHash('sha256').update(shown.r8).digest('hex'), g.r8_sha256);

  const before = await page.evaluate(() => window.demo.frames);
  await page.click('#pause'); // resume
  await page.waitForFunction((n) => window.demo.frames >= n + 10, before, { timeout: 15000 });
});
