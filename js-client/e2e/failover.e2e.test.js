// Failover against real gateways (issue 12, scenario 3): a Node js-client given two gateway URLs survives
// the death (SIGKILL) of the gateway serving it and resumes, on the other one, within a few frames of where
// its play clock is. The gateways are JVMs started here from the shaded jar; their command lines come from
// gatewayArgs() alone, so running them as a cluster is a change to that one function.
//
//   node --experimental-websocket --test e2e/   (Node 20: the flag gives the global WebSocket; the shaded
//                                                jar: mvn -pl ws-gateway -am package -DskipTests)
//
// Environment: ALPHASTREAM_GATEWAY_JAR (default ../ws-gateway/target/ws-gateway-*-all.jar), JAVA (default java).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { gatewayJar } from '../test-helpers/paths.js';
import { connect } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const artifacts = resolve(repo, 'test-artifacts');

/**
 * A TCP port free on 127.0.0.1 right now, for ports a gateway cannot pick itself with 0 (Hazelcast members
 * list each other's). Taken below the kernel's ephemeral range, where no bind(0) or outgoing connection on
 * the machine can take it before the gateway binds it (see io.alphastream.testing.Ports).
 */
async function freePort() {
  let first = 32768;
  try {
    first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    // not Linux: the usual default
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 10000 + Math.floor(Math.random() * Math.max(1, first - 10000));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in 10000-${first - 1}`);
}

function canListen(port) {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.once('error', () => resolvePort(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolvePort(true)));
  });
}

const STREAM = 'demo';
/**
 * Clustered nodes (three, joined over TCP-IP on loopback) when the jar's `serve` has `--cluster`, else
 * standalone gateways serving the same stream, which exercise the client's failover just as well.
 * ALPHASTREAM_FAILOVER_CLUSTER=1 / 0 forces one or the other.
 */
const CLUSTER = process.env.ALPHASTREAM_FAILOVER_CLUSTER ? process.env.ALPHASTREAM_FAILOVER_CLUSTER === '1'
  : /--cluster-members/.test(spawnSync(process.env.JAVA || 'java', ['-jar', gatewayJar(), 'serve', '--help'],
    { encoding: 'utf8' }).stdout || '');
const NODES = CLUSTER ? 3 : 2;

/**
 * The command line of gateway `i` of `nodes` (each {clusterPort}). Standalone: every gateway serves the
 * same bundled stream, which exercises the client's failover just as a cluster does. Clustered: the same
 * plus a TCP-IP join of all nodes on loopback under a name unique to this run.
 */
function gatewayArgs(i, nodes, clusterName) {
  // any origin: the demo page of one gateway opens its failover WebSocket on the other
  const args = ['serve', '--host', '127.0.0.1', '--port', '0', '--stream', `${STREAM}=sample:demo`, '--allowed-origin', '*'];
  if (!CLUSTER) return args;
  const members = nodes.filter((_, j) => j !== i).map((n) => `127.0.0.1:${n.clusterPort}`).join(',');
  return [...args, '--cluster', '--cluster-host', '127.0.0.1', '--cluster-port', String(nodes[i].clusterPort),
    '--cluster-members', members, '--cluster-name', clusterName];
}

/** Starts one gateway; resolves with {proc, http, ws} once it prints the URL it serves on. */
function startGateway(args) {
  const proc = spawn(process.env.JAVA || 'java', ['-jar', gatewayJar(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const started = new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in 90 s:\n${out}\n${err}`)), 90000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* on (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ proc, http: m[1], ws: `ws://127.0.0.1:${m[2]}/ws/streams/${STREAM}` });
      }
    });
    proc.stderr.on('data', (d) => { err += d; });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code ?? signal}:\n${out}\n${err}`));
    });
  });
  started.proc = proc;
  return started;
}

const procs = [];

/** Starts NODES gateways at once (clustered nodes look for each other while they start). */
async function startGateways() {
  const nodes = [];
  for (let i = 0; i < NODES; i++) nodes.push({ clusterPort: CLUSTER ? await freePort() : 0 });
  const clusterName = `failover-${process.pid}-${Date.now()}`;
  const starting = nodes.map((_, i) => startGateway(gatewayArgs(i, nodes, clusterName)));
  for (const s of starting) procs.push(s.proc);
  return Promise.all(starting);
}

after(async () => {
  await Promise.all(procs.map((p) => (p.exitCode !== null || p.signalCode !== null ? null
    : new Promise((resolveExit) => {
      p.removeAllListeners('exit');
      p.once('exit', resolveExit);
      p.kill('SIGKILL');
    }))));
});

/** Rejects with `what` (and `info()`) unless `promise` settles within `ms`. */
function within(promise, ms, what, info = () => '') {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms ${info()}`)), ms);
  })]).finally(() => clearTimeout(timer));
}

test('a client with two URLs survives the death of its gateway and resumes near its clock', async () => {
  assert.equal(typeof WebSocket, 'function', 'a global WebSocket: Node 22+, or Node 20 with --experimental-websocket');
  const gateways = await startGateways();
  const fps = 30;
  const urls = gateways.slice(0, 2).map((g) => g.ws); // two URLs, as in the scenario
  // start at 300 of 600: a restart from frame 0 could never pass for a resume
  const c = connect(urls, { WebSocket, width: 320, height: 160, fps, encoding: 'rle', start: 300 });
  const frames = [];
  const events = [];
  let hellos = 0;
  c.on('hello', (h) => { hellos++; events.push({ type: 'hello', t: performance.now(), start: h.start, node: h.node, url: c.url }); });
  c.on('close', (ev) => events.push({ type: 'close', t: performance.now(), ...ev }));
  c.on('reconnect', (r) => events.push({ type: 'reconnect', t: performance.now(), ...r }));
  c.on('error', (e) => events.push({ type: 'error', t: performance.now(), code: e.code, message: e.message }));
  const servers = [];
  c.on('server', (s) => servers.push(s));
  let framesFromDead = 0;
  c.on('frame', (f) => {
    frames.push({ index: f.index, t: performance.now(), url: c.url, opaque: f.mask.reduce((a, v) => a + (v ? 1 : 0), 0) });
  });
  const steady = new Promise((resolveSteady) => {
    c.on('frame', () => { if (frames.length === 30) resolveSteady(); });
  });
  // another viewer on the second gateway, as in a deployment where every node serves someone: the survivor
  // is warm (a JVM's very first subscription costs it a few hundred ms more), and it must not notice the failover
  const other = connect(urls[1], { WebSocket, width: 320, height: 160, fps, encoding: 'rle' });
  let otherFrames = 0;
  const otherCloses = [];
  other.on('frame', () => { otherFrames++; });
  other.on('close', (ev) => otherCloses.push(ev));
  const otherSteady = new Promise((r) => other.on('frame', () => { if (otherFrames === 30) r(); }));
  try {
    await within(Promise.all([steady, otherSteady]), 60000, '30 frames from each gateway', () => JSON.stringify(events));
    const first = c.url;
    assert.equal(first, urls[0], 'the first URL serves first');
    const victim = gateways[urls.indexOf(first)];
    const survivor = urls[1];
    const resumed = new Promise((resolveResumed) => {
      c.on('frame', () => { if (frames[frames.length - 1].url !== first) resolveResumed(frames[frames.length - 1]); });
    });

    const tKill = performance.now();
    victim.proc.kill('SIGKILL');
    const g = await within(resumed, 60000, 'a frame from the other gateway', () => JSON.stringify(events));

    framesFromDead = frames.filter((f) => f.url === first).length;
    const last = frames.filter((f) => f.url === first).pop(); // the last frame before the gap
    const close = events.find((e) => e.type === 'close');
    const reconnect = events.find((e) => e.type === 'reconnect');
    const hello = events.filter((e) => e.type === 'hello')[1];
    assert.ok(close.willReconnect, 'a killed gateway is a lost connection, retried');
    assert.equal(close.code, 1006);
    assert.equal(reconnect.url, survivor, 'the next URL');
    assert.equal(hellos, 2, 'one reconnect: the survivor took the subscription at once');
    assert.equal(c.url, survivor);
    assert.equal(servers.length, 2);
    assert.equal(servers[1].url, survivor);
    assert.equal(servers[1].previousUrl, first);
    assert.equal(c.node, hello.node ?? null, 'node: the hello\'s, or null when the gateway sends none');
    if (hello.node) assert.notEqual(servers[1].node, servers[0].node, 'another node serves');

    // The play clock, recomputed here by the documented rule: after frame `last` arrived at last.t, frame
    // last + 1 is due one period later and the clock advances at fps, looping after 600 frames.
    const N = c.info.frames;
    assert.equal(N, 600);
    const clockAt = (t) => last.index + 1 + Math.max(0, Math.floor(((t - (last.t + 1000 / fps)) * fps) / 1000));
    const mod = (x) => ((x % N) + N) % N;
    // 1. The new subscription starts where the clock was when it was requested: not before the reconnect
    //    timer could fire, not after the hello came back. (2 ms: the client anchors on the frame's arrival in
    //    the same task that emits its event, whose time the test took just after.)
    const requested = reconnect.t + reconnect.delayMs - 1; // the earliest the timer fires (whole milliseconds)
    const lo = clockAt(requested);
    const hi = clockAt(hello.t + 2);
    assert.ok(mod(hello.start - lo) <= hi - lo, `start ${hello.start} is the clock at the request: ${mod(lo)}..${mod(hi)}`);
    // 2. The first frame after the gap is within a few frames of the clock at its arrival: it lags by the
    //    frames the clock advanced between the request and the frame's arrival (connect, hello, first frame),
    //    at most ceil((g.t - request) * fps) + 1 (rounding of both ends), and is never ahead of the clock by
    //    more than one frame. A resume after the last frame received would lag by the whole gap instead
    //    (at least the backoff delay, >= 125 ms = 3.75 frames, more than this bound allows), a restart
    //    by hundreds of frames.
    const predicted = clockAt(g.t);
    const lag = mod(predicted - g.index + 1) - 1; // -1 = one frame ahead
    const bound = Math.ceil(((g.t - requested) * fps) / 1000) + 1;
    assert.ok(lag >= -1 && lag <= bound, `first frame after the gap ${g.index}, clock ${mod(predicted)}: lag ${lag} > bound ${bound}`);
    assert.equal(g.index, hello.start, 'the survivor sends the requested start first');
    assert.ok(g.opaque > 0, 'the resumed frame decodes to a mask');

    const gapMs = g.t - last.t;
    const missed = mod(g.index - last.index - 1);
    console.log(`failover (${CLUSTER ? 'clustered' : 'standalone'} gateways, nodes ${servers[0].node ?? '-'} -> ${servers[1].node ?? '-'}, `
      + `${fps} fps, 320x160 rle): last frame ${last.index} `
      + `from the killed gateway (${framesFromDead} frames), close ${Math.round(close.t - tKill)} ms after SIGKILL, reconnect `
      + `delay ${reconnect.delayMs} ms, first frame ${g.index} from the survivor; gap ${Math.round(gapMs)} ms `
      + `(${(gapMs * fps / 1000).toFixed(1)} frame periods), ${missed} frames not shown, clock at ${mod(predicted)}: lag ${lag} `
      + `frames (bound ${bound}; request to first frame ${Math.round(g.t - requested)} ms)`);

    // and the stream goes on from the survivor
    const more = frames.length + 10;
    await within(new Promise((r) => c.on('frame', () => { if (frames.length >= more) r(); })), 30000, 'ten more frames');
    assert.ok(frames.slice(-10).every((f) => f.url === survivor));
    assert.equal(c.stats.errors, 0, JSON.stringify(events.filter((e) => e.type === 'error')));
    assert.deepEqual(otherCloses, [], 'the other gateway\'s viewer saw nothing');
  } finally {
    c.close();
    other.close();
  }
});

test('the demo page shows the node and URL serving it, and follows a failover', async () => {
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing (apt-get install -y chromium)`);
  const gateways = await startGateways();
  const userDataDir = mkdtempSync(join(tmpdir(), 'alphastream-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const [a, b] = gateways;
    await page.goto(`${a.http}?stream=${STREAM}&w=320&h=160&fps=30&encoding=rle&gateways=${encodeURIComponent(b.http)}`);
    await page.waitForFunction(() => window.demo && window.demo.frames >= 15, null, { timeout: 30000 });
    assert.equal(await page.textContent('#statUrl'), a.ws);
    const node = await page.evaluate(() => window.demo.info.node || null);
    assert.equal(await page.textContent('#statNode'), node || '(not reported)');
    assert.equal(await page.textContent('#statFailovers'), '0');

    a.proc.kill('SIGKILL');
    await page.waitForFunction((url) => document.getElementById('statUrl').textContent === url, b.ws, { timeout: 30000 });
    const after = await page.evaluate(() => window.demo.frames);
    await page.waitForFunction((n) => window.demo.frames >= n + 10, after, { timeout: 30000 }); // streaming from b
    assert.equal(await page.textContent('#statFailovers'), '1');
    const nodeB = await page.evaluate(() => window.demo.info.node || null);
    assert.equal(await page.textContent('#statNode'), nodeB || '(not reported)');
    if (node) assert.notEqual(nodeB, node);
    assert.equal(await page.textContent('#statState'), 'streaming');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'demo-failover.png'), fullPage: true });
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
