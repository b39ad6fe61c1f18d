// Demo page of the AlphaStream gateway: a moving background with the stream's masks composited over it.
import { connect, attachOverlay } from './js/alphastream/index.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const token = params.get('token') || undefined;
const authHeaders = token ? { Authorization: `Bearer ${token}` } : {};

const demo = {
  connection: null, overlay: null, info: null, lastDrawn: null, frames: 0, drawn: 0, dragging: false, server: null, failovers: 0,
};
window.demo = demo; // for the browser test and the console

// ---- moving background ------------------------------------------------------------------------
const bg = $('background');
const bctx = bg.getContext('2d');
function paintBackground(t) {
  const w = bg.width;
  const h = bg.height;
  const g = bctx.createLinearGradient(0, 0, w, h);
  const hue = (t / 60) % 360;
  g.addColorStop(0, `hsl(${hue}, 70%, 35%)`);
  g.addColorStop(1, `hsl(${(hue + 140) % 360}, 70%, 25%)`);
  bctx.fillStyle = g;
  bctx.fillRect(0, 0, w, h);
  bctx.strokeStyle = 'rgba(255,255,255,0.08)';
  bctx.lineWidth = 18;
  const off = (t / 20) % 64;
  for (let x = -h; x < w + h; x += 64) {
    bctx.beginPath();
    bctx.moveTo(x + off, 0);
    bctx.lineTo(x + off - h, h);
    bctx.stroke();
  }
  for (let i = 0; i < 6; i++) {
    const a = t / 1500 + i;
    bctx.fillStyle = `hsla(${(hue + i * 50) % 360}, 80%, 60%, 0.35)`;
    bctx.beginPath();
    bctx.arc(w / 2 + Math.cos(a * 1.3) * w * 0.38, h / 2 + Math.sin(a) * h * 0.35, 30 + 20 * Math.sin(a * 2), 0, Math.PI * 2);
    bctx.fill();
  }
  requestAnimationFrame(paintBackground);
}
requestAnimationFrame(paintBackground);

// ---- controls ---------------------------------------------------------------------------------
function size() {
  const [w, h] = $('size').value.split('x').map(Number);
  return { w, h };
}

/**
 * The stream's WebSocket URL on this page's gateway, then on each gateway of `?gateways=` (comma-separated
 * http(s) base URLs of other nodes serving the same streams; they must allow this page's origin,
 * `--allowed-origin`). The connection goes round robin over them when one is lost.
 */
function wsUrls(stream) {
  const bases = [location.href, ...(params.get('gateways') || '').split(',').map((g) => g.trim()).filter(Boolean)];
  return bases.map((base) => {
    const u = new URL(`/ws/streams/${encodeURIComponent(stream)}`, base);
    u.protocol = u.protocol === 'https:' || u.protocol === 'wss:' ? 'wss:' : 'ws:';
    return u.toString();
  });
}

function overlayOptions() {
  const mode = $('mode').value;
  $('stage').classList.toggle('cutout', mode === 'cutout');
  // a cut-out shows the background through the mask as it is: colour and opacity do not apply
  $('color').disabled = mode === 'cutout';
  $('opacity').disabled = mode === 'cutout';
  return {
    mode,
    color: $('color').value,
    opacity: Number($('opacity').value),
    source: mode === 'cutout' ? bg : undefined,
    smoothing: false,
    renderer: $('renderer').value,
    // 'display': the canvas has the pixels it is shown with, and poly frames are rasterized at that size
    resizeCanvas: $('canvasSize').value === 'display' ? 'display' : true,
    preserveDrawingBuffer: true, // WebGL: lets the page (and its browser test) read the drawn pixels back
    onDraw: (d) => {
      if (!demo.lastDrawn || d.frame !== demo.lastDrawn.frame) demo.drawn++;
      demo.lastDrawn = d;
    },
  };
}

function attach() {
  if (demo.overlay) demo.overlay.detach();
  const old = $('overlay');
  if (demo.overlay && demo.overlay.renderer !== $('renderer').value) {
    // a canvas keeps the kind of context it first gave (2D or WebGL): switch renderers on a fresh canvas
    const fresh = old.cloneNode(false);
    old.replaceWith(fresh);
  }
  demo.overlay = attachOverlay(demo.connection, $('overlay'), overlayOptions());
  $('statRenderer').textContent = demo.overlay.fallbackReason
    ? `${demo.overlay.renderer} (WebGL2 unavailable: ${demo.overlay.fallbackReason})` : demo.overlay.renderer;
}

function open() {
  if (demo.connection) demo.connection.close();
  const { w, h } = size();
  const conn = connect(wsUrls($('stream').value), {
    width: w, height: h, fps: Number($('fps').value), encoding: $('encoding').value, token,
  });
  demo.connection = conn;
  conn.on('hello', (hello) => {
    demo.info = hello;
    $('statEncoding').textContent = hello.encoding;
    $('seek').max = String(hello.frames - 1);
    $('statState').textContent = 'streaming';
    $('statNode').textContent = conn.node || '(not reported)';
    $('statUrl').textContent = conn.url;
  });
  conn.on('state', (s) => {
    $('statState').textContent = s.paused ? 'paused' : 'streaming';
    $('pause').textContent = s.paused ? 'Resume' : 'Pause';
  });
  conn.on('frame', (f) => {
    demo.frames++;
    if (!demo.dragging) { // do not pull the slider from under the user's pointer
      $('seek').value = String(f.index);
      $('seekValue').textContent = String(f.index);
    }
    $('statFrame').textContent = String(f.index);
  });
  // which gateway serves: its node id (in the hello of clustered gateways) and URL, updated on failover
  conn.on('server', (s) => {
    if (s.previousUrl !== null) demo.failovers++; // another URL or node than the last hello's
    demo.server = s;
    $('statFailovers').textContent = String(demo.failovers);
  });
  conn.on('error', (e) => { $('statError').textContent = `${e.code}: ${e.message}`; });
  conn.on('close', (c) => {
    $('statState').textContent = c.willReconnect ? `reconnecting (${c.code})` : `closed (${c.code})`;
    $('statNode').textContent = '-';
  });
  conn.on('reconnect', (r) => { $('statUrl').textContent = `${r.url} (trying)`; });
  attach();
}

$('fps').addEventListener('input', () => {
  $('fpsValue').textContent = $('fps').value;
  demo.connection.setRate(Number($('fps').value));
});
$('seek').addEventListener('input', () => {
  $('seekValue').textContent = $('seek').value;
  demo.connection.seek(Number($('seek').value));
});
$('seek').addEventListener('pointerdown', () => { demo.dragging = true; });
window.addEventListener('pointerup', () => { demo.dragging = false; });
$('pause').addEventListener('click', () => {
  if (demo.connection.paused) demo.connection.resume();
  else demo.connection.pause();
});
$('size').addEventListener('change', () => {
  const { w, h } = size();
  demo.connection.resize(w, h);
});
$('encoding').addEventListener('change', open);
$('stream').addEventListener('change', open);
for (const id of ['mode', 'color', 'opacity', 'renderer', 'canvasSize']) $(id).addEventListener('input', attach);

// ---- stats ------------------------------------------------------------------------------------
let last = { t: performance.now(), frames: 0, bytes: 0, drawn: 0 };
setInterval(() => {
  const c = demo.connection;
  if (!c) return;
  const now = performance.now();
  const s = c.stats;
  const dt = (now - last.t) / 1000;
  $('statFps').textContent = ((s.framesReceived - last.frames) / dt).toFixed(1);
  $('statBytes').textContent = Math.round((s.bytesReceived - last.bytes) / dt).toLocaleString();
  const framesIn = s.framesReceived - last.frames;
  $('statBytesPerFrame').textContent = framesIn > 0 ? Math.round((s.bytesReceived - last.bytes) / framesIn).toLocaleString() : '-';
  $('statDrawn').textContent = ((demo.drawn - last.drawn) / dt).toFixed(1);
  $('statFrames').textContent = String(s.framesReceived);
  $('statDropped').textContent = String(s.framesSkipped);
  $('statReconnects').textContent = String(s.reconnects);
  if (demo.lastDrawn) $('statSize').textContent = `${demo.lastDrawn.width}×${demo.lastDrawn.height}`;
  last = { t: now, frames: s.framesReceived, bytes: s.bytesReceived, drawn: demo.drawn };
}, 1000);

// ---- start ------------------------------------------------------------------------------------
async function init() {
  for (const [key, id] of [['w', null], ['fps', 'fps'], ['encoding', 'encoding'], ['mode', 'mode'], ['renderer', 'renderer'], ['canvas', 'canvasSize']]) {
    if (id && params.get(key)) $(id).value = params.get(key);
  }
  if (params.get('w') && params.get('h')) {
    const v = `${params.get('w')}x${params.get('h')}`;
    if (![...$('size').options].some((o) => o.value === v)) $('size').add(new Option(v, v));
    $('size').value = v;
  }
  $('fpsValue').textContent = $('fps').value;
  const res = await fetch('/streams', { headers: authHeaders });
  if (!res.ok) {
    $('statError').textContent = `GET /streams: ${res.status}`;
    return;
  }
  const streams = await res.json();
  for (const s of streams) {
    // a stream that is not open yet has no frame count; its state says why (docs/protocol.md 1.1)
    const state = s.state && s.state !== 'serving' ? `, ${s.state}` : '';
    const label = s.frames ? `${s.id} (${s.frames} frames, ${s.fps} fps${state})` : `${s.id} (${s.state})`;
    $('stream').add(new Option(label, s.id));
  }
  if (params.get('stream')) $('stream').value = params.get('stream');
  open();
}
init();
