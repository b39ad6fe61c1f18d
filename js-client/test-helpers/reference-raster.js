// Test oracle: a deliberately plain transcription of FORMAT.md section 10 (in BigInt, so no product can
// be inexact): per pixel, count the edges with the inequality of 10.2; outlines with the unclipped line
// procedure of 10.1, every step taken, pixels outside the canvas discarded. Slow and obviously correct.

/**
 * The mask rows `rows` (default: all) of `polygons` at w x h; other rows stay 0.
 * @returns {Uint8Array} w*h bytes
 */
export function referenceMask(polygons, w, h, rows) {
  const out = new Uint8Array(w * h);
  const wanted = rows ? new Set(rows) : null;
  const W = BigInt(w);
  const H = BigInt(h);
  for (let c = 0; c < polygons.channelCount; c++) {
    const s = polygons.start(c);
    const n = polygons.pointCount(c);
    if (n < 3) continue; // rule 1
    const a = [];
    const b = [];
    for (let k = 0; k < n; k++) {
      a.push(BigInt(polygons.xs[s + k]) * W);
      b.push(BigInt(polygons.ys[s + k]) * H);
    }
    for (let py = 0; py < h; py++) {
      if (wanted && !wanted.has(py)) continue;
      const sb = 512n * BigInt(2 * py + 1);
      for (let px = 0; px < w; px++) {
        const sa = 1024n * BigInt(2 * px + 1);
        let inside = false;
        for (let k = 0; k < n; k++) {
          let a0 = a[k], b0 = b[k], a1 = a[(k + 1) % n], b1 = b[(k + 1) % n];
          if ((b0 <= sb) === (b1 <= sb)) continue;
          if (b0 > b1) { [a0, b0, a1, b1] = [a1, b1, a0, b0]; }
          if ((sb - b0) * (a1 - a0) <= (sa - a0) * (b1 - b0)) inside = !inside;
        }
        if (inside) out[py * w + px] = 255;
      }
    }
    for (let k = 0; k < n; k++) {
      const j = (k + n - 1) % n; // edge j -> k, the closing edge included
      line(floorDiv(a[j], 2048n), floorDiv(b[j], 1024n), floorDiv(a[k], 2048n), floorDiv(b[k], 1024n), (x, y) => {
        if (x >= 0 && x < w && y >= 0 && y < h && (!wanted || wanted.has(y))) out[y * w + x] = 255;
      });
    }
  }
  return out;
}

function floorDiv(p, d) {
  const q = p / d;
  return Number(p % d !== 0n && p < 0n ? q - 1n : q);
}

/** The line procedure of FORMAT.md 10.1, literally. */
export function line(x0, y0, x1, y1, visit) {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx - dy;
  for (;;) {
    visit(x0, y0);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 > -dy) { err -= dy; x0 += sx; }
    if (e2 < dx) { err += dx; y0 += sy; }
  }
}
