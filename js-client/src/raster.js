// Polygons to an R8 mask by the canonical rule of FORMAT.md section 10, byte for byte what the Java
// Rasterizer produces (docs/raster.md describes the algorithm; js-client/README.md why doubles are exact).
//
// Per channel of three or more points: even-odd fill at pixel centres (scan lines over an active edge
// list whose crossing columns are exact quotient/remainder pairs stepped without division) united with
// the outline (the line procedure of 10.1, clipped exactly to the canvas). Channels are united.
//
// Exactness: all integers below 2^53 are exact doubles, and every value here is an integer. The only
// products that can pass 2^53 are those of an edge's first-row crossing; an edge whose bound says they
// might is set up in BigInt instead (only edges with end points far outside the canvas at large sizes).

/** Smallest and largest mask side (FORMAT.md 10.1). */
export const MIN_SIZE = 1;
export const MAX_SIZE = 16384;

const INSERTION_SORT_MAX = 48;
/** Scratch for channels up to this many points is kept between calls; larger is dropped after the frame. */
const RETAINED_EDGES_MAX = 1 << 16;
/** Above this, a sum of products might not be an exact double (2^52 leaves room for rounding of the bound). */
const EXACT_BOUND = 2 ** 52;

// Scratch of the current channel, shared by every call (JavaScript runs one call at a time per realm;
// a Worker has its own module instance).
let capacity = 0;
let quot; // Float64Array: floor((Nc - 1024 D) / 2048 D) for the current row
let rem; // remainder in [0, den)
let quotStep; // per-row increment of quot ...
let remStep; // ... and of rem, in [0, den)
let den; // 2048 D
let bottom; // Int32Array: row after the edge's last row (clamped)
let next; // Int32Array: next edge starting in the same row
let active; // Int32Array
let cross; // Int32Array
let packed = new Float64Array(0);
let rowHead = new Int32Array(0); // per row: first edge starting there; all -1 between channels

function ensureEdgeCapacity(count) {
  if (capacity >= count) return;
  const cap = Math.max(count, capacity * 2, 64);
  quot = new Float64Array(cap);
  rem = new Float64Array(cap);
  quotStep = new Float64Array(cap);
  remStep = new Float64Array(cap);
  den = new Float64Array(cap);
  bottom = new Int32Array(cap);
  next = new Int32Array(cap);
  active = new Int32Array(cap);
  cross = new Int32Array(cap);
  capacity = cap;
}

function releaseScratch() {
  capacity = 0;
  packed = new Float64Array(0);
  ensureEdgeCapacity(64);
}

/**
 * Accepts a Polygons or any object with its three arrays (a Polygons posted from a Worker arrives as a
 * plain object), checked as the Polygons constructor does: a bad starts array must not send the loops
 * past the point arrays.
 */
function checkPolygons(p) {
  if (p == null || !(p.starts instanceof Int32Array) || !(p.xs instanceof Int32Array) || !(p.ys instanceof Int32Array)) {
    throw new TypeError('polygons must be a Polygons (starts, xs, ys as Int32Arrays)');
  }
  const { starts } = p;
  if (starts.length < 1 || starts[0] !== 0 || p.xs.length !== p.ys.length || starts[starts.length - 1] !== p.xs.length) {
    throw new RangeError('inconsistent polygon arrays');
  }
  for (let c = 1; c < starts.length; c++) {
    if (starts[c] < starts[c - 1]) throw new RangeError('channel starts must not decrease');
  }
}

function checkSize(name, v) {
  if (!Number.isInteger(v) || v < MIN_SIZE || v > MAX_SIZE) {
    throw new RangeError(`${name} must be an integer in [${MIN_SIZE}, ${MAX_SIZE}]: ${v}`);
  }
}

/**
 * Rasterizes `polygons` into an R8 mask of `width` x `height` (0 / 255, row-major, stride = width):
 * into the first width*height bytes of `out` when given (cleared first; bytes beyond are left alone),
 * else into a new array.
 * @param {import('./polygons.js').Polygons} polygons
 * @param {number} width 1 .. 16384
 * @param {number} height 1 .. 16384
 * @param {Uint8Array} [out]
 * @returns {Uint8Array} out, or the new mask
 */
export function rasterize(polygons, width, height, out) {
  checkSize('width', width);
  checkSize('height', height);
  checkPolygons(polygons);
  const size = width * height;
  if (out === undefined || out === null) {
    out = new Uint8Array(size);
  } else {
    if (!(out instanceof Uint8Array)) throw new TypeError('out must be a Uint8Array');
    if (out.length < size) {
      throw new RangeError(`output buffer of ${out.length} bytes is too small for ${width}x${height} (${size} bytes)`);
    }
    out.fill(0, 0, size);
  }
  if (rowHead.length < height) {
    rowHead = new Int32Array(height).fill(-1);
  }
  const { starts, xs, ys } = polygons;
  try {
    for (let c = 0, n = starts.length - 1; c < n; c++) {
      const first = starts[c];
      const count = starts[c + 1] - first;
      if (count >= 3) { // rule 1: fewer points draw nothing, not even an outline
        fillChannel(xs, ys, first, count, width, height, out);
        outlineChannel(xs, ys, first, count, width, height, out);
      }
    }
  } catch (e) {
    rowHead.fill(-1); // an aborted channel may leave buckets filled; never let that reach the next call
    throw e;
  }
  if (capacity > RETAINED_EDGES_MAX) releaseScratch();
  return out;
}

/**
 * Sets up edge e for its first row `rowTop` exactly: with D = bb - tb, the crossing column is
 * c = ceil((Nc - 1024 D) / 2048 D), Nc = ta D + (sb - tb)(ba - ta), kept as quotient and remainder.
 */
function setUpEdge(e, ta, tb, ba, bb, rowTop) {
  const d = bb - tb; // < 2^31
  const da = ba - ta; // |da| < 2^31
  const dn = 2048 * d; // < 2^42
  const sb = 512 * (2 * rowTop + 1);
  const lift = sb - tb; // >= 0
  const step = 1024 * da; // |step| < 2^41: Nc grows by this per row
  let qs = Math.floor(step / dn);
  let rs = step - qs * dn; // exact: |qs * dn| <= |step| + dn
  if (rs < 0) { qs--; rs += dn; } else if (rs >= dn) { qs++; rs -= dn; }
  quotStep[e] = qs;
  remStep[e] = rs;
  den[e] = dn;
  // |num| <= |ta| D + lift |da| + 1024 D; when that bound is below 2^52 every partial result is exact.
  if (Math.abs(ta) * d + lift * Math.abs(da) + 1024 * d < EXACT_BOUND) {
    const num = ta * d + lift * da - 1024 * d;
    let q = Math.floor(num / dn);
    let r = num - q * dn; // exact: |q * dn| <= |num| + dn < 2^53
    if (r < 0) { q--; r += dn; } else if (r >= dn) { q++; r -= dn; }
    quot[e] = q;
    rem[e] = r;
  } else {
    // Up to about 2^61 (V20 coordinates at 16384): exact in BigInt. q itself is a column near the
    // crossing (|q| < 2^20) and r < dn < 2^42, so both are exact doubles again.
    const bd = BigInt(d);
    const bdn = BigInt(dn);
    const num = BigInt(ta) * bd + BigInt(lift) * BigInt(da) - 1024n * bd;
    let q = num / bdn; // truncates toward zero
    let r = num - q * bdn;
    if (r < 0n) { q -= 1n; r += bdn; }
    quot[e] = Number(q);
    rem[e] = Number(r);
  }
}

/** Even-odd fill of one channel at pixel centres (FORMAT.md 10.1 rule 4, exact form of 10.2). */
function fillChannel(xs, ys, first, count, w, h, out) {
  ensureEdgeCapacity(count);
  const bot = bottom;
  const nxt = next;
  const head = rowHead;
  let edges = 0;
  let minRow = h;
  let maxRow = 0;
  const last = first + count - 1;
  let a0 = xs[last] * w; // the closing edge last -> first comes first; order is irrelevant
  let b0 = ys[last] * h; // |a|, |b| < 2^30: exact, and int32 for the shifts below
  for (let k = first; k <= last; k++) {
    const a1 = xs[k] * w;
    const b1 = ys[k] * h;
    if (b0 !== b1) { // horizontal edges never count
      let ta = a0, tb = b0, ba = a1, bb = b1;
      if (b0 > b1) { ta = a1; tb = b1; ba = a0; bb = b0; }
      // Rows whose centre sb = 512 (2 py + 1) satisfies tb <= sb < bb: [ceil((tb-512)/1024), ceil((bb-512)/1024)).
      const rowTop = Math.max((tb + 511) >> 10, 0);
      const rowEnd = Math.min((bb + 511) >> 10, h);
      if (rowTop < rowEnd) {
        setUpEdge(edges, ta, tb, ba, bb, rowTop);
        bot[edges] = rowEnd;
        nxt[edges] = head[rowTop]; // bucket by first row
        head[rowTop] = edges;
        if (rowTop < minRow) minRow = rowTop;
        if (rowEnd > maxRow) maxRow = rowEnd;
        edges++;
      }
    }
    a0 = a1;
    b0 = b1;
  }
  const act = active;
  const xc = cross;
  const qa = quot;
  const ra = rem;
  const qsa = quotStep;
  const rsa = remStep;
  const dna = den;
  let n = 0;
  for (let y = minRow; y < maxRow; y++) {
    for (let e = head[y]; e >= 0; e = nxt[e]) act[n++] = e;
    head[y] = -1; // leave the buckets empty for the next channel
    // One pass: drop edges that ended above this row, take the crossing column, step to the next row.
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const e = act[i];
      if (bot[e] > y) {
        let q = qa[e];
        let r = ra[e];
        const c = r !== 0 ? q + 1 : q; // ceil of the exact quotient
        xc[kept] = c <= 0 ? 0 : (c >= w ? w : c);
        act[kept++] = e;
        r += rsa[e];
        q += qsa[e];
        const dn = dna[e];
        if (r >= dn) { r -= dn; q++; }
        qa[e] = q;
        ra[e] = r;
      }
    }
    n = kept;
    sortCrossings(n);
    const row = y * w;
    for (let i = 0; i + 1 < n; i += 2) { // a closed polygon always crosses a row an even number of times
      const from = xc[i];
      const to = xc[i + 1];
      if (from < to) out.fill(255, row + from, row + to);
    }
  }
}

/**
 * Sorts cross[0..n) ascending, carrying active along so the next row starts nearly sorted: a swap for
 * two crossings, insertion sort up to 48, a sort of packed (column, edge) keys beyond.
 */
function sortCrossings(n) {
  const xc = cross;
  const act = active;
  if (n === 2) {
    if (xc[0] > xc[1]) {
      const x = xc[0]; xc[0] = xc[1]; xc[1] = x;
      const e = act[0]; act[0] = act[1]; act[1] = e;
    }
    return;
  }
  if (n <= INSERTION_SORT_MAX) {
    for (let i = 1; i < n; i++) {
      const x = xc[i];
      const e = act[i];
      let j = i - 1;
      while (j >= 0 && xc[j] > x) {
        xc[j + 1] = xc[j];
        act[j + 1] = act[j];
        j--;
      }
      xc[j + 1] = x;
      act[j + 1] = e;
    }
    return;
  }
  if (packed.length < n) packed = new Float64Array(Math.max(n, packed.length * 2));
  const keys = packed.subarray(0, n);
  const EDGE_SPAN = 2 ** 31; // edge indices are below 2^31, columns at most 16384: keys below 2^46
  for (let i = 0; i < n; i++) keys[i] = xc[i] * EDGE_SPAN + act[i];
  keys.sort(); // typed arrays sort numerically
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    const x = Math.floor(k / EDGE_SPAN);
    xc[i] = x;
    act[i] = k - x * EDGE_SPAN;
  }
}

/** Outline of one channel: every edge, closing edge included (FORMAT.md 10.1 rule 5). */
function outlineChannel(xs, ys, first, count, w, h, out) {
  const last = first + count - 1;
  // End pixels floor(a / 2048), floor(b / 1024): |a|, |b| < 2^30, so the arithmetic shift floors exactly.
  let x0 = (xs[last] * w) >> 11;
  let y0 = (ys[last] * h) >> 10;
  for (let k = first; k <= last; k++) {
    const x1 = (xs[k] * w) >> 11;
    const y1 = (ys[k] * h) >> 10;
    drawLine(out, w, h, x0, y0, x1, y1);
    x0 = x1;
    y0 = y1;
  }
}

/**
 * Sets to 255 every pixel inside [0, w) x [0, h) that the line procedure of FORMAT.md 10.1 visits from
 * (x0, y0) to (x1, y1). Exact clipping as in the Java Rasterizer (proof in docs/raster.md): after k steps
 * along the major axis (delta n) the minor axis (delta m) has moved ceil((2 m k - n) / 2n) steps, so the
 * visible pixels are one run of k whose ends and starting error term are computed directly. End pixels
 * lie within +-2^20, so every product here stays below 2^43: exact doubles.
 */
export function drawLine(out, w, h, x0, y0, x1, y1) {
  if ((x0 < 0 && x1 < 0) || (x0 >= w && x1 >= w) || (y0 < 0 && y1 < 0) || (y0 >= h && y1 >= h)) {
    return; // both ends beyond the same side: the monotone line never enters the canvas
  }
  if (x0 >= 0 && x0 < w && x1 >= 0 && x1 < w && y0 >= 0 && y0 < h && y1 >= 0 && y1 < h) {
    const dx = Math.abs(x1 - x0);
    const dy = Math.abs(y1 - y0);
    const xMajor = dx >= dy;
    walk(out, y0 * w + x0, dx - dy, dx, dy, x0 < x1 ? 1 : -1, y0 < y1 ? w : -w, xMajor, xMajor ? dx : dy);
    return;
  }
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  // Admissible step counts per axis: t in [tLo, tHi] keeps that coordinate inside the canvas.
  const txLo = sx > 0 ? -x0 : x0 - (w - 1);
  const txHi = sx > 0 ? (w - 1) - x0 : x0;
  const tyLo = sy > 0 ? -y0 : y0 - (h - 1);
  const tyHi = sy > 0 ? (h - 1) - y0 : y0;
  const xMajor = dx >= dy;
  const n = xMajor ? dx : dy;
  const m = xMajor ? dy : dx;
  let kLo = Math.max(0, xMajor ? txLo : tyLo);
  let kHi = Math.min(n, xMajor ? txHi : tyHi);
  const minorLo = xMajor ? tyLo : txLo;
  const minorHi = xMajor ? tyHi : txHi;
  if (minorLo > 0) { // first k with ceil((2mk - n) / 2n) >= minorLo
    if (minorLo > m) return;
    kLo = Math.max(kLo, floorDiv(n * (2 * minorLo - 1), 2 * m) + 1);
  }
  if (minorHi < m) { // last k with ceil((2mk - n) / 2n) <= minorHi
    if (minorHi < 0) return;
    kHi = Math.min(kHi, floorDiv(n * (2 * minorHi + 1), 2 * m));
  }
  if (kLo > kHi) return;
  const minor = n === 0 ? 0 : -floorDiv(n - 2 * m * kLo, 2 * n); // ceil((2mk - n) / 2n)
  const i = xMajor ? kLo : minor; // x steps taken
  const j = xMajor ? minor : kLo; // y steps taken
  const err = dx * (1 + j) - dy * (1 + i); // |err| <= 2 max(dx, dy) < 2^22
  walk(out, (y0 + sy * j) * w + (x0 + sx * i), err, dx, dy, sx, sy * w, xMajor, kHi - kLo);
}

/**
 * floor(p / d) for integers |p| < 2^52, 0 < d < 2^52: the rounded quotient can land on the wrong side of
 * an integer, so the remainder, exact at this size, corrects it.
 */
function floorDiv(p, d) {
  let q = Math.floor(p / d);
  const r = p - q * d;
  if (r < 0) q--; else if (r >= d) q++;
  return q;
}

/**
 * Runs `steps` steps of the line procedure from pixel index idx with error term err, setting every
 * visited pixel (all in the canvas). The major axis moves on every step; only the minor step is tested.
 */
function walk(out, idx, err, dx, dy, stepX, stepY, xMajor, steps) {
  if (xMajor) {
    for (let s = 0; ; s++) {
      out[idx] = 255;
      if (s === steps) return;
      if (2 * err < dx) { err += dx; idx += stepY; }
      err -= dy;
      idx += stepX;
    }
  }
  for (let s = 0; ; s++) {
    out[idx] = 255;
    if (s === steps) return;
    if (2 * err > -dy) { err -= dy; idx += stepX; }
    err += dx;
    idx += stepY;
  }
}
