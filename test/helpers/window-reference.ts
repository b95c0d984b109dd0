// The window kernels' definitions, one output element at a time in float64, written apart from the
// kernels (src/backend/cpu/window.ts, pool2d.ts, the native and wasm ones) so that each backend's
// kernel is checked against the formula rather than against another implementation. Also the window
// geometries the kernel conformance suites run: odd sizes, strides, padding, dilation, 1x1 and
// non-square windows, one and several channels, batch 1 and 3.
import type { Window2d } from '../../src/backend/backend.js';

const out = (size: number, k: number, s: number, pBefore: number, pTotal: number, d: number): number =>
  Math.floor((size + pTotal - d * (k - 1) - 1) / s) + 1;

/** A window from its parts; `extra` adds one pad after (as 'same' with an even kernel does). */
export function window2d(o: { n: number; c: number; h: number; w: number; kh: number; kw: number; sh?: number; sw?: number;
  ph?: number; pw?: number; dh?: number; dw?: number; extra?: boolean }): Window2d {
  const sh = o.sh ?? 1, sw = o.sw ?? 1, ph = o.ph ?? 0, pw = o.pw ?? 0, dh = o.dh ?? 1, dw = o.dw ?? 1;
  const e = o.extra === true ? 1 : 0;
  return {
    n: o.n, c: o.c, h: o.h, w: o.w, kh: o.kh, kw: o.kw, sh, sw, ph, pw, dh, dw,
    oh: out(o.h, o.kh, sh, ph, 2 * ph + e, dh), ow: out(o.w, o.kw, sw, pw, 2 * pw + e, dw),
  };
}

/** Convolution windows (any dilation). */
export const CONV_WINDOWS: readonly Window2d[] = [
  window2d({ n: 1, c: 1, h: 5, w: 5, kh: 3, kw: 3 }),
  window2d({ n: 3, c: 2, h: 7, w: 6, kh: 3, kw: 3, ph: 1, pw: 1 }),
  window2d({ n: 2, c: 3, h: 9, w: 8, kh: 3, kw: 2, sh: 2, sw: 2, ph: 1, pw: 0 }),
  window2d({ n: 1, c: 2, h: 11, w: 7, kh: 3, kw: 3, dh: 2, dw: 2, ph: 2, pw: 1 }),
  window2d({ n: 3, c: 4, h: 5, w: 7, kh: 1, kw: 1 }),
  window2d({ n: 2, c: 1, h: 6, w: 6, kh: 2, kw: 2, ph: 0, pw: 0, extra: true }),
  window2d({ n: 1, c: 3, h: 13, w: 28, kh: 5, kw: 3, sh: 3, sw: 1, ph: 2, pw: 1 }),
];

/** Pooling windows (dilation 1, padding at most half the window). */
export const POOL_WINDOWS: readonly Window2d[] = [
  window2d({ n: 1, c: 1, h: 4, w: 4, kh: 2, kw: 2, sh: 2, sw: 2 }),
  window2d({ n: 3, c: 2, h: 7, w: 5, kh: 2, kw: 2, sh: 2, sw: 2 }),
  window2d({ n: 2, c: 3, h: 7, w: 7, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1 }),
  window2d({ n: 1, c: 2, h: 6, w: 9, kh: 3, kw: 2, sh: 1, sw: 2, ph: 1, pw: 1 }),
  window2d({ n: 2, c: 1, h: 5, w: 5, kh: 1, kw: 1 }),
  window2d({ n: 1, c: 4, h: 28, w: 28, kh: 2, kw: 2, sh: 2, sw: 2 }),
];

/** The (i, j) tap of output (oy, ox): its row and column in x, either maybe outside. */
const tap = (g: Window2d, oy: number, ox: number, i: number, j: number): [number, number] =>
  [oy * g.sh - g.ph + i * g.dh, ox * g.sw - g.pw + j * g.dw];
const inside = (g: Window2d, r: number, q: number): boolean => r >= 0 && q >= 0 && r < g.h && q < g.w;
const xAt = (g: Window2d, b: number, c: number, r: number, q: number): number => ((b * g.c + c) * g.h + r) * g.w + q;

/** cols[(c kh + i) kw + j][(b OH + oy) OW + ox] = x at that tap, 0 outside. */
export function im2colRef(x: ArrayLike<number>, g: Window2d): Float64Array {
  const width = g.n * g.oh * g.ow;
  const cols = new Float64Array(g.c * g.kh * g.kw * width);
  for (let c = 0; c < g.c; c++) for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
    for (let b = 0; b < g.n; b++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) {
      const [r, q] = tap(g, oy, ox, i, j);
      cols[((c * g.kh + i) * g.kw + j) * width + (b * g.oh + oy) * g.ow + ox] = inside(g, r, q) ? x[xAt(g, b, c, r, q)]! : 0;
    }
  }
  return cols;
}

/** The adjoint of im2col: every cols entry added at its tap. */
export function col2imRef(cols: ArrayLike<number>, g: Window2d): Float64Array {
  const width = g.n * g.oh * g.ow;
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  for (let c = 0; c < g.c; c++) for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
    for (let b = 0; b < g.n; b++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) {
      const [r, q] = tap(g, oy, ox, i, j);
      if (inside(g, r, q)) dx[xAt(g, b, c, r, q)]! += cols[((c * g.kh + i) * g.kw + j) * width + (b * g.oh + oy) * g.ow + ox]!;
    }
  }
  return dx;
}

/** Each window's max and the flat index of its first maximum (row-major scan), padding never chosen. */
export function maxPoolRef(x: ArrayLike<number>, g: Window2d): { y: Float64Array; argmax: Int32Array } {
  const y = new Float64Array(g.n * g.c * g.oh * g.ow);
  const argmax = new Int32Array(y.length);
  let k = 0;
  for (let b = 0; b < g.n; b++) for (let c = 0; c < g.c; c++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++, k++) {
    let best = -Infinity;
    let at = -1;
    for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
      const [r, q] = tap(g, oy, ox, i, j);
      if (!inside(g, r, q)) continue;
      const v = x[xAt(g, b, c, r, q)]!;
      if (at < 0 || v > best) [best, at] = [v, xAt(g, b, c, r, q)];
    }
    y[k] = best;
    argmax[k] = at;
  }
  return { y, argmax };
}

/** Each window's sum over the padded input (zeros outside) divided by kh kw. */
export function avgPoolRef(x: ArrayLike<number>, g: Window2d): Float64Array {
  const y = new Float64Array(g.n * g.c * g.oh * g.ow);
  let k = 0;
  for (let b = 0; b < g.n; b++) for (let c = 0; c < g.c; c++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++, k++) {
    let sum = 0;
    for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
      const [r, q] = tap(g, oy, ox, i, j);
      if (inside(g, r, q)) sum += x[xAt(g, b, c, r, q)]!;
    }
    y[k] = sum / (g.kh * g.kw);
  }
  return y;
}

/** The adjoint of the average pool: gy[k] / (kh kw) added at each in-bounds tap of window k. */
export function avgPoolBackwardRef(gy: ArrayLike<number>, g: Window2d): Float64Array {
  const dx = new Float64Array(g.n * g.c * g.h * g.w);
  let k = 0;
  for (let b = 0; b < g.n; b++) for (let c = 0; c < g.c; c++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++, k++) {
    for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
      const [r, q] = tap(g, oy, ox, i, j);
      if (inside(g, r, q)) dx[xAt(g, b, c, r, q)]! += gy[k]! / (g.kh * g.kw);
    }
  }
  return dx;
}

/** Where gy[k] lands: dx[argmax[k]] += gy[k]. */
export function maxPoolBackwardRef(gy: ArrayLike<number>, argmax: Int32Array, size: number): Float64Array {
  const dx = new Float64Array(size);
  for (let k = 0; k < argmax.length; k++) dx[argmax[k]!]! += gy[k]!;
  return dx;
}

/** Elements of a window's input, patch matrix and output. */
export const sizes = (g: Window2d): { x: number; cols: number; y: number } => ({
  x: g.n * g.c * g.h * g.w, cols: g.c * g.kh * g.kw * g.n * g.oh * g.ow, y: g.n * g.c * g.oh * g.ow,
});
