// Draws a stream's masks as an alpha overlay on a canvas (canvas 2D or WebGL2), or over a video element.

import { createMaskTexture, uploadMask, createCompositor } from './webgl.js';

const RAF = typeof requestAnimationFrame === 'function'
  ? (cb) => requestAnimationFrame(cb)
  : (cb) => setTimeout(() => cb(Date.now()), 16);

function parseColor(c) {
  if (Array.isArray(c)) return [c[0] | 0, c[1] | 0, c[2] | 0];
  const m = /^#?([0-9a-f]{6})$/i.exec(String(c));
  if (!m) throw new TypeError(`color must be '#rrggbb' or [r, g, b]: ${c}`);
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

// ImageData is RGBA in memory; a Uint32Array view reads it in platform byte order.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function rgba32(r, g, b, a) {
  return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

function isVideo(el) {
  return typeof HTMLVideoElement !== 'undefined' && el instanceof HTMLVideoElement;
}

/**
 * Draws every frame of `connection` onto `target`.
 *
 * target: a canvas (drawn into) or a video element (a canvas is laid over it).
 * options:
 *   renderer  '2d' (default): canvas 2D (ImageData + drawImage); 'webgl': WebGL2 (the mask is an R8
 *             texture, composited in a shader), falling back to canvas 2D when WebGL2 is missing; the
 *             handle's `renderer` says which one draws and `fallbackReason` why WebGL was not used (also
 *             logged with console.warn and passed to `onFallback`).
 *   mode      'color' (default): the mask as `color` with alpha `opacity` over whatever is below;
 *             'cutout': `source` (an image, video or canvas; the video itself for a video target)
 *             drawn through the mask, transparent elsewhere.
 *   color     '#rrggbb' or [r, g, b] (default '#00ff88'); opacity 0..1 (default 0.6; 1 in cutout mode)
 *   invert    draw where the mask is transparent instead
 *   resizeCanvas  true: the canvas's pixel size follows the mask size (default for a canvas target);
 *             false: it stays as it is (default over a video, whose size it takes); 'display': it follows
 *             the size the canvas is shown at (CSS pixels x devicePixelRatio). Unless true, poly frames
 *             are rasterized at the canvas's pixel size, so they are sharp without scaling.
 *   smoothing     smooth (bilinear) scaling of the mask (default true)
 *   preserveDrawingBuffer  WebGL only: keep the drawn pixels readable after compositing (default false)
 *   onDraw    called after each draw with {frame, width, height}
 *   onFallback  called with the reason when 'webgl' was asked for but canvas 2D draws
 * Returns {canvas, renderer, fallbackReason, detach(), lastDrawn} where lastDrawn is {frame, width,
 * height} or null.
 */
export function attachOverlay(connection, target, options = {}) {
  if (!target || typeof target.getContext !== 'function' && !isVideo(target)) {
    throw new TypeError('target must be a canvas or a video element');
  }
  const mode = options.mode || 'color';
  if (mode !== 'color' && mode !== 'cutout') throw new TypeError(`mode must be 'color' or 'cutout': ${mode}`);
  const wanted = options.renderer || '2d';
  if (wanted !== '2d' && wanted !== 'webgl') throw new TypeError(`renderer must be '2d' or 'webgl': ${wanted}`);
  const video = isVideo(target) ? target : null;
  const source = options.source || video;
  if (mode === 'cutout' && !source) throw new TypeError("mode 'cutout' needs options.source");
  const opacity = options.opacity !== undefined ? Math.max(0, Math.min(1, options.opacity)) : (mode === 'cutout' ? 1 : 0.6);
  const color = parseColor(options.color || '#00ff88');
  const invert = !!options.invert;
  const resizeCanvas = options.resizeCanvas !== undefined ? options.resizeCanvas : !video;
  if (resizeCanvas !== true && resizeCanvas !== false && resizeCanvas !== 'display') {
    throw new TypeError(`resizeCanvas must be true, false or 'display': ${resizeCanvas}`);
  }
  const smoothing = options.smoothing !== false;

  let pending = null; // latest frame not yet drawn: frames that arrive faster than the display are skipped
  let haveMask = false;
  let scheduled = false;
  let detached = false;
  let canvas = target;
  let restoreVideo = null;
  let resizeObserver = null;
  // A canvas of fixed size (over a video, or resizeCanvas false): poly frames are rasterized at its size.
  const followCanvasSize = () => {
    if (resizeCanvas !== true && typeof connection.setRasterSize === 'function') {
      connection.setRasterSize(Math.max(1, Math.min(16384, canvas.width)), Math.max(1, Math.min(16384, canvas.height)));
    }
  };
  if (video) {
    canvas = document.createElement('canvas');
    canvas.className = 'alphastream-overlay';
    const place = () => {
      canvas.style.position = 'absolute';
      canvas.style.pointerEvents = 'none';
      canvas.style.left = video.offsetLeft + 'px';
      canvas.style.top = video.offsetTop + 'px';
      canvas.style.width = video.offsetWidth + 'px';
      canvas.style.height = video.offsetHeight + 'px';
      canvas.width = Math.max(1, video.videoWidth || video.offsetWidth);
      canvas.height = Math.max(1, video.videoHeight || video.offsetHeight);
      followCanvasSize();
      if (haveMask) schedule();
    };
    place();
    video.insertAdjacentElement('afterend', canvas);
    if (typeof ResizeObserver === 'function') {
      resizeObserver = new ResizeObserver(place);
      resizeObserver.observe(video);
    }
    video.addEventListener('loadedmetadata', place);
    if (mode === 'cutout') { // the overlay shows the cut-out; the video itself is only its source
      const old = video.style.opacity;
      video.style.opacity = '0';
      restoreVideo = () => { video.style.opacity = old; video.removeEventListener('loadedmetadata', place); };
    } else {
      restoreVideo = () => video.removeEventListener('loadedmetadata', place);
    }
  }
  if (resizeCanvas === 'display') {
    const fitDisplay = () => {
      const dpr = globalThis.devicePixelRatio || 1;
      const w = Math.max(1, Math.min(16384, Math.round(canvas.clientWidth * dpr)));
      const h = Math.max(1, Math.min(16384, Math.round(canvas.clientHeight * dpr)));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      followCanvasSize();
      if (haveMask) schedule();
    };
    fitDisplay();
    if (typeof ResizeObserver === 'function') {
      if (resizeObserver) resizeObserver.disconnect();
      resizeObserver = new ResizeObserver(fitDisplay);
      resizeObserver.observe(canvas);
    }
  }
  followCanvasSize();

  const style = { mode, color, opacity, invert, smoothing, source };
  let renderer = null;
  let fallbackReason = null;
  if (wanted === 'webgl') {
    try {
      renderer = webglRenderer(canvas, style, !!options.preserveDrawingBuffer, () => schedule());
    } catch (err) {
      fallbackReason = String(err && err.message || err);
    }
    if (!renderer) {
      if (typeof console !== 'undefined') console.warn(`alphastream overlay: WebGL2 unavailable (${fallbackReason}); drawing with canvas 2D`);
      if (options.onFallback) options.onFallback(fallbackReason);
    }
  }
  if (!renderer) renderer = canvas2dRenderer(canvas, style);

  const handle = { canvas, renderer: renderer.name, fallbackReason, lastDrawn: null, detach };

  // An animated source (video, canvas) changes without new masks: redraw it every display frame.
  const continuous = mode === 'cutout' && source && (isVideo(source) || typeof source.getContext === 'function');

  function schedule() {
    if (scheduled || detached) return;
    scheduled = true;
    RAF(draw);
  }

  function draw() {
    scheduled = false;
    if (detached) return;
    if (pending) {
      const f = pending;
      pending = null;
      try {
        renderer.upload(f);
      } catch (err) {
        connection.reportError(err);
        if (continuous) schedule();
        return;
      }
      if (resizeCanvas === true && (canvas.width !== f.width || canvas.height !== f.height)) {
        canvas.width = f.width;
        canvas.height = f.height;
      }
      haveMask = true;
      handle.lastDrawn = { frame: f.index, width: f.width, height: f.height };
    }
    if (haveMask && renderer.draw()) {
      if (options.onDraw && handle.lastDrawn) options.onDraw(handle.lastDrawn);
    }
    if (continuous) schedule();
  }

  const offFrame = connection.on('frame', (f) => {
    pending = f;
    schedule();
  });
  if (connection.lastFrame) { // show the current frame at once, also while paused
    pending = connection.lastFrame;
    schedule();
  }

  function detach() {
    if (detached) return;
    detached = true;
    offFrame();
    renderer.dispose();
    if (resizeCanvas !== true && typeof connection.setRasterSize === 'function') connection.setRasterSize(null);
    if (resizeObserver) resizeObserver.disconnect();
    if (restoreVideo) restoreVideo();
    if (video) canvas.remove();
  }

  return handle;
}

/** Canvas 2D: the mask decoded straight into an ImageData (RGBA words), scaled with drawImage. */
function canvas2dRenderer(canvas, style) {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the canvas has no 2D context (it already has another kind)');
  const maskCanvas = document.createElement('canvas');
  const maskCtx = maskCanvas.getContext('2d');
  const [r, g, b] = style.color;
  const on = style.mode === 'cutout' ? rgba32(255, 255, 255, 255) : rgba32(r, g, b, Math.round(style.opacity * 255));
  const off = rgba32(0, 0, 0, 0);
  const opaqueValue = style.invert ? off : on;
  const clearValue = style.invert ? on : off;
  let image = null;
  let pixels32 = null;
  return {
    name: '2d',
    upload(f) {
      if (!image || image.width !== f.width || image.height !== f.height) {
        image = maskCtx.createImageData(f.width, f.height);
        pixels32 = new Uint32Array(image.data.buffer);
        maskCanvas.width = f.width;
        maskCanvas.height = f.height;
      }
      f.decodeInto(pixels32, opaqueValue, clearValue);
      maskCtx.putImageData(image, 0, 0);
    },
    draw() {
      const cw = canvas.width;
      const ch = canvas.height;
      ctx.save();
      ctx.imageSmoothingEnabled = style.smoothing;
      ctx.clearRect(0, 0, cw, ch);
      if (style.mode === 'cutout') {
        ctx.drawImage(style.source, 0, 0, cw, ch);
        ctx.globalCompositeOperation = 'destination-in';
      }
      ctx.drawImage(maskCanvas, 0, 0, cw, ch);
      ctx.restore();
      return true;
    },
    dispose() {},
  };
}

/**
 * WebGL2: the R8 mask uploaded with texSubImage2D (RED / UNSIGNED_BYTE, UNPACK_ALIGNMENT 1) and
 * composited by a shader. Throws when the canvas cannot give a WebGL2 context.
 */
function webglRenderer(canvas, style, preserveDrawingBuffer, redraw) {
  if (typeof WebGL2RenderingContext === 'undefined') throw new Error('this browser has no WebGL2');
  const gl = canvas.getContext('webgl2', { alpha: true, premultipliedAlpha: true, antialias: false, depth: false,
    stencil: false, preserveDrawingBuffer });
  if (!gl) throw new Error('canvas.getContext("webgl2") returned null (no GPU or software GL, or the canvas has a 2D context)');
  let tex;
  let compositor;
  let lost = false;
  const init = () => {
    tex = createMaskTexture(gl, style.smoothing);
    compositor = createCompositor(gl);
  };
  init();
  let last = null; // {mask copy-free reference, width, height}: re-uploaded after a context loss
  const onLost = (e) => { e.preventDefault(); lost = true; };
  const onRestored = () => {
    lost = false;
    init();
    // the mask may have been recycled (a poly mask goes back to the worker two frames later): then wait
    // for the next frame
    if (last && last.mask.length >= last.width * last.height) uploadMask(gl, tex, last.mask, last.width, last.height);
    redraw();
  };
  canvas.addEventListener('webglcontextlost', onLost);
  canvas.addEventListener('webglcontextrestored', onRestored);
  const [r, g, b] = style.color;
  const color = style.mode === 'cutout' ? [1, 1, 1, style.opacity] : [r / 255, g / 255, b / 255, style.opacity];
  return {
    name: 'webgl',
    upload(f) {
      const mask = f.mask; // R8 0/255: decoded (rle, r8) or rasterized (poly) by the connection
      last = { mask, width: f.width, height: f.height };
      if (!lost) uploadMask(gl, tex, mask, f.width, f.height);
    },
    draw() {
      if (lost) return false;
      compositor.draw(tex, { color, source: style.mode === 'cutout' ? style.source : null, invert: style.invert });
      return true;
    },
    dispose() {
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
      if (!lost) {
        compositor.dispose();
        gl.deleteTexture(tex.texture);
      }
    },
  };
}
