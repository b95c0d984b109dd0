// Rows of the window ops over (N, C, H, W) images: conv2d (with and without a bias; stride,
// padding, dilation) and the two pools. The references are the definitions, one output element at
// a time, with padding read as zeros.
import * as ops from '../../../src/ops/index.js';
import { at, build, type Nd } from '../nd-reference.js';
import { distinct, type OpCase, type OpRow } from './types.js';

interface Window {
  readonly k: [number, number];
  readonly s: [number, number];
  readonly p: [number, number];
  readonly d: [number, number];
}

const outSize = (n: number, k: number, s: number, p: number, d: number): number => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/** The input value at (b, c, i, j) of the padded image: zero outside. */
const padded = (x: Nd, b: number, c: number, i: number, j: number): number =>
  i < 0 || j < 0 || i >= x.shape[2]! || j >= x.shape[3]! ? 0 : at(x, [b, c, i, j]);

function convRef(x: Nd, w: Nd, bias: Nd | null, win: Window): Nd {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const f = w.shape[0]!;
  const oh = outSize(h, win.k[0], win.s[0], win.p[0], win.d[0]);
  const ow = outSize(wd, win.k[1], win.s[1], win.p[1], win.d[1]);
  return build([n, f, oh, ow], ([b, o, i, j]) => {
    let sum = bias === null ? 0 : at(bias, [o!]);
    for (let ch = 0; ch < c; ch++) {
      for (let u = 0; u < win.k[0]; u++) {
        for (let v = 0; v < win.k[1]; v++) {
          const r = i! * win.s[0] - win.p[0] + u * win.d[0];
          const q = j! * win.s[1] - win.p[1] + v * win.d[1];
          sum += padded(x, b!, ch, r, q) * at(w, [o!, ch, u, v]);
        }
      }
    }
    return sum;
  });
}

function poolRef(x: Nd, win: Window, kind: 'max' | 'avg'): Nd {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const oh = outSize(h, win.k[0], win.s[0], win.p[0], 1);
  const ow = outSize(wd, win.k[1], win.s[1], win.p[1], 1);
  return build([n, c, oh, ow], ([b, ch, i, j]) => {
    const seen: number[] = [];
    for (let u = 0; u < win.k[0]; u++) {
      for (let v = 0; v < win.k[1]; v++) {
        const r = i! * win.s[0] - win.p[0] + u;
        const q = j! * win.s[1] - win.p[1] + v;
        const inside = r >= 0 && q >= 0 && r < h && q < wd;
        // Max pooling never picks padding; average pooling counts it as zeros.
        if (inside || kind === 'avg') seen.push(inside ? at(x, [b!, ch!, r, q]) : 0);
      }
    }
    return kind === 'max' ? Math.max(...seen) : seen.reduce((a, v) => a + v, 0) / (win.k[0] * win.k[1]);
  });
}

const win = (k: [number, number], s: [number, number] = [1, 1], p: [number, number] = [0, 0], d: [number, number] = [1, 1]): Window => ({ k, s, p, d });

function convCases(): OpCase[] {
  const shapes: [string, number[], number[], Window][] = [
    ['3x3 pad 1 on 2x5x4', [2, 2, 5, 4], [3, 2, 3, 3], win([3, 3], [1, 1], [1, 1])],
    ['stride 2, 2x3 kernel', [1, 1, 6, 5], [2, 1, 2, 3], win([2, 3], [2, 2])],
    ['dilation 2', [1, 2, 6, 6], [2, 2, 2, 2], win([2, 2], [1, 1], [0, 0], [2, 2])],
    ['1x1', [3, 3, 2, 3], [2, 3, 1, 1], win([1, 1])],
  ];
  const out: OpCase[] = [];
  for (const [label, xs, ws, w] of shapes) {
    const o = { stride: w.s, padding: w.p, dilation: w.d };
    out.push({ label: `${label}, bias`, shapes: [xs, ws, [ws[0]!]], run: (x, k, b) => ops.conv2d(x, k, b, o), reference: (x, k, b) => convRef(x, k, b!, w) });
    out.push({ label: `${label}, no bias`, shapes: [xs, ws], run: (x, k) => ops.conv2d(x, k, null, o), reference: (x, k) => convRef(x, k, null, w) });
  }
  return out;
}

function poolCases(kind: 'max' | 'avg'): OpCase[] {
  const op = kind === 'max' ? ops.maxPool2d : ops.avgPool2d;
  const shapes: [string, number[], Window][] = [
    ['2x2 on 2x3x4x4', [2, 3, 4, 4], win([2, 2], [2, 2])],
    ['3x3 stride 2 pad 1 on 5x5', [1, 2, 5, 5], win([3, 3], [2, 2], [1, 1])],
    ['2x3 stride 1 on 3x5', [1, 1, 3, 5], win([2, 3])],
  ];
  return shapes.map(([label, xs, w]) => ({
    label,
    shapes: [xs],
    run: (x) => op(x, { kernel: w.k, stride: w.s, padding: w.p }),
    reference: (x) => poolRef(x, w, kind),
  }));
}

export const WINDOW_ROWS: readonly OpRow[] = [
  { name: 'conv2d', op: 'conv2d', cases: convCases() },
  // distinct(): no two values of an input close enough to tie inside a window (a kink of max).
  { name: 'maxPool2d', op: 'maxPool2d', cases: poolCases('max'), draw: distinct(-2, 2) },
  { name: 'avgPool2d', op: 'avgPool2d', cases: poolCases('avg') },
];
