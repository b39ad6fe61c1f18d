// Draws a stream's masks as an alpha overlay on a canvas (2D context), or over a video element.

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
 *   mode      'color' (default): the mask as `color` with alpha `opacity` over whatever is below;
 *             'cutout': `source` (an image, video or canvas; the video itself for a video target)
 *             drawn through the mask, transparent elsewhere.
 *   color     '#rrggbb' or [r, g, b] (default '#00ff88'); opacity 0..1 (default 0.6; 1 in cutout mode)
 *   invert    draw where the mask is transparent instead
 *   resizeCanvas  set the canvas's pixel size to the mask size (default: true for a canvas target)
 *   smoothing     imageSmoothingEnabled when scaling the mask (default true)
 *   onDraw    called after each draw with {frame, width, height}
 * Returns {canvas, detach(), lastDrawn} where lastDrawn is {frame, width, height} or null.
 */
export function attachOverlay(connection, target, options = {}) {
  if (!target || typeof target.getContext !== 'function' && !isVideo(target)) {
    throw new TypeError('target must be a canvas or a video element');
  }
  const mode = options.mode || 'color';
  if (mode !== 'color' && mode !== 'cutout') throw new TypeError(`mode must be 'color' or 'cutout': ${mode}`);
  const video = isVideo(target) ? target : null;
  const source = options.source || video;
  if (mode === 'cutout' && !source) throw new TypeError("mode 'cutout' needs options.source");
  const opacity = options.opacity !== undefined ? Math.max(0, Math.min(1, options.opacity)) : (mode === 'cutout' ? 1 : 0.6);
  const [r, g, b] = parseColor(options.color || '#00ff88');
  const invert = !!options.invert;
  const resizeCanvas = options.resizeCanvas !== undefined ? options.resizeCanvas : !video;

  let canvas = target;
  let restoreVideo = null;
  let resizeObserver = null;
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
  const ctx = canvas.getContext('2d');
  const maskCanvas = document.createElement('canvas');
  const maskCtx = maskCanvas.getContext('2d');
  const on = mode === 'cutout' ? rgba32(255, 255, 255, 255) : rgba32(r, g, b, Math.round(opacity * 255));
  const off = rgba32(0, 0, 0, 0);
  const opaqueValue = invert ? off : on;
  const clearValue = invert ? on : off;

  let image = null;
  let pixels32 = null;
  let pending = null; // latest frame not yet drawn: frames that arrive faster than the display are skipped
  let haveMask = false;
  let scheduled = false;
  let detached = false;
  const handle = { canvas, lastDrawn: null, detach };

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
      const w = f.width;
      const h = f.height;
      if (!image || image.width !== w || image.height !== h) {
        image = maskCtx.createImageData(w, h);
        pixels32 = new Uint32Array(image.data.buffer);
        maskCanvas.width = w;
        maskCanvas.height = h;
      }
      try {
        f.decodeInto(pixels32, opaqueValue, clearValue);
      } catch (err) {
        connection.reportError(err);
        if (continuous) schedule();
        return;
      }
      maskCtx.putImageData(image, 0, 0);
      if (resizeCanvas && (canvas.width !== w || canvas.height !== h)) {
        canvas.width = w;
        canvas.height = h;
      }
      haveMask = true;
      handle.lastDrawn = { frame: f.index, width: w, height: h };
    }
    if (haveMask) {
      const cw = canvas.width;
      const ch = canvas.height;
      ctx.save();
      ctx.imageSmoothingEnabled = options.smoothing !== false;
      ctx.clearRect(0, 0, cw, ch);
      if (mode === 'cutout') {
        ctx.drawImage(source, 0, 0, cw, ch);
        ctx.globalCompositeOperation = 'destination-in';
      }
      ctx.drawImage(maskCanvas, 0, 0, cw, ch);
      ctx.restore();
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
    if (resizeObserver) resizeObserver.disconnect();
    if (restoreVideo) restoreVideo();
    if (video) canvas.remove();
  }

  return handle;
}
