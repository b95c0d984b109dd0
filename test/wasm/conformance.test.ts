// Conformance of the wasm backend, kernel by kernel: every kernel of the Backend interface runs in
// float32 on both builds (relaxed only where it validates) against cpuBackend in float64 on the same
// float32 inputs (the project's reference, itself checked against PyTorch), over odd shapes: 1xN, Nx1,
// primes such as 7x13x17, zero-size, the broadcasts of a training step, every transpose and accumulate
// of the GEMM with batch > 1, and the fused kernels. CASES is keyed by kernel name, so a kernel added to
// Backend without a case here fails to typecheck, and one present at run time without a case fails below.
// (test/conformance/ checks ops through Tensor on the default backend; this suite is one level lower.)
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, Buf, Shape, Window2d } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import type { Activation } from '../../src/backend/fused-kernels.js';
import { enableRelaxedSimdFlag } from '../../src/backend/node/relaxed-simd-flag.js';
import { loadWasmBackend, relaxedSimdSupported } from '../../src/backend/wasm/index.js';
import { loadWasmBackend as loadNodeWasmBackend } from '../../src/backend/wasm/node/load.js';
import { avgPoolBackwardRef, avgPoolRef, col2imRef, CONV_WINDOWS, im2colRef, maxPoolBackwardRef, maxPoolRef, POOL_WINDOWS, sizes } from '../helpers/window-reference.js';

enableRelaxedSimdFlag();

/** The float32 unit roundoff. */
const U = 2 ** -24;
const ELEMENTWISE = { rtol: 4 * U, atol: 1e-30 };

/** Members of Backend that are not kernels: its name and its optional tensor storage. */
const NOT_KERNELS = ['name', 'alloc'] as const;
type KernelName = Exclude<keyof Backend, (typeof NOT_KERNELS)[number]>;

const count = (shape: Shape): number => shape.reduce((p, d) => p * d, 1);

/**
 * Where the test's float32 arrays live: plain arrays, or (for the resident runs) views of the wasm
 * backend's memory from its `alloc`, which its kernels read and write in place.
 */
let place: ((n: number) => Float32Array | null) | null = null;
let placed = 0;

/** A zero-filled float32 array of n elements, in the module's memory during the resident runs. */
function zeros(n: number): Float32Array {
  const at = place?.(n) ?? null;
  if (at === null) return new Float32Array(n);
  placed++;
  return at.fill(0);
}

function copyF32(x: ArrayLike<number>, f: (v: number) => number = (v) => v): Float32Array {
  const out = zeros(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  return out;
}

/** Deterministic float32 values in (-scale, scale) (offset by `shift`), distinct per seed. */
function vals(n: number, seed: number, scale = 3, shift = 0): Float32Array {
  const out = zeros(n);
  for (let i = 0; i < n; i++) out[i] = shift + scale * Math.sin(seed * 12.9898 + i * 0.731 + i * i * 1e-4);
  return out;
}
const up = (x: Buf): Float64Array => Float64Array.from(x);

/** Fails at the first element where |got - want| > atol + rtol |want| (or bound(i)); NaN matches NaN only. */
function close(where: string, got: ArrayLike<number>, want: ArrayLike<number>,
  tol: { rtol: number; atol: number } | ((i: number) => number) = ELEMENTWISE): void {
  expect(got.length, `${where}: length`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      expect(Number.isNaN(g) && Number.isNaN(w), `${where} [${i}]: got ${g}, want ${w}`).toBe(true);
      continue;
    }
    if (g === w) continue; // also equal infinities
    const bound = typeof tol === 'function' ? tol(i) : tol.atol + tol.rtol * Math.abs(w);
    expect(Math.abs(g - w), `${where} [${i}]: got ${g}, want ${w}`).toBeLessThanOrEqual(bound);
  }
}

const SHAPES_2D: [number, number][] = [[1, 13], [13, 1], [7, 13], [31, 17], [3, 64], [0, 5], [5, 0]];
const SHAPES: Shape[] = [[1], [1, 13], [13, 1], [7, 13, 17], [31, 17], [0], [0, 5], [5, 0], []];

function unaryCase(name: 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'sigmoid' | 'tanh' | 'relu',
  domain: { scale: number; shift: number }) {
  return (be: Backend): void => {
    for (const shape of SHAPES) {
      const n = count(shape);
      const x = vals(n, 1, domain.scale, domain.shift);
      if (name === 'relu' || name === 'abs' || name === 'sign') x.fill(0, 0, Math.min(n, 2)); // the kink
      const want = new Float64Array(n);
      cpuBackend[name](up(x), want);
      const out = zeros(n).fill(7);
      const x0 = up(x);
      be[name](x, out);
      close(`${name} [${shape.join(',')}]`, out, want);
      close(`${name} left x alone`, x, x0, { rtol: 0, atol: 0 });
      // In place: out may be x.
      be[name](x, x);
      close(`${name} in place [${shape.join(',')}]`, x, want);
    }
  };
}

function scalarCase(run: (b: Backend, x: Buf, out: Buf) => void, label: string, domain = { scale: 3, shift: 0 }) {
  return (be: Backend): void => {
    for (const shape of SHAPES) {
      const n = count(shape);
      const x = vals(n, 2, domain.scale, domain.shift);
      const want = new Float64Array(n);
      run(cpuBackend, up(x), want);
      const out = zeros(n);
      run(be, x, out);
      close(`${label} [${shape.join(',')}]`, out, want);
    }
  };
}

/** Pairs of shapes a binary kernel broadcasts: same shape, rows, columns, scalars, both ways, and general. */
const BROADCASTS: [Shape, Shape][] = [
  [[7, 13], [7, 13]], [[1, 13], [1, 13]], [[13, 1], [13, 1]], [[7, 13, 17], [7, 13, 17]],
  [[7, 13], [13]], [[7, 13], [1, 13]], [[7, 13], [7, 1]], [[13], [7, 13]], [[7, 1], [7, 13]],
  [[7, 13, 17], [17]], [[7, 13, 17], [7, 13, 1]], [[7, 13, 17], [1]], [[1], [7, 13, 17]], [[], [5, 3]],
  [[5, 3], []], [[], []], [[7, 1, 17], [13, 1]], [[7, 13, 17], [13, 17]], [[0, 5], [5]], [[5, 0], [5, 1]],
];

function broadcastShape(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const da = a[a.length - rank + i] ?? 1, db = b[b.length - rank + i] ?? 1;
    return da === 1 ? db : da;
  });
}

function binaryCase(name: 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'greater' | 'equal') {
  return (be: Backend): void => {
    for (const [as, bs] of BROADCASTS) {
      const os = broadcastShape(as, bs);
      const positive = name === 'pow';
      const a = vals(count(as), 3, positive ? 1.5 : 3, positive ? 2 : 0);
      const b = name === 'div' ? vals(count(bs), 4, 1, 2) : vals(count(bs), 4, positive ? 1 : 3);
      // Ties (for maximum, minimum, greater, equal), signed zeros and a NaN.
      if (a.length > 3 && b.length > 3) {
        a[0] = b[0]!;
        a[1] = 0; b[1] = -0;
        if (name !== 'pow' && name !== 'div') a[2] = NaN;
      }
      const want = new Float64Array(count(os));
      cpuBackend[name](up(a), as, up(b), bs, want, os);
      const out = zeros(count(os));
      const a0 = up(a), b0 = up(b);
      be[name](a, as, b, bs, out, os);
      close(`${name} [${as.join(',')}] with [${bs.join(',')}]`, out, want);
      close(`${name} left a alone`, a, a0, { rtol: 0, atol: 0 });
      close(`${name} left b alone`, b, b0, { rtol: 0, atol: 0 });
    }
    // In place into a, same shape.
    const a = vals(91, 5, 3), b = vals(91, 6, 1, 2);
    const want = new Float64Array(91);
    cpuBackend[name](up(a), [7, 13], up(b), [7, 13], want, [7, 13]);
    be[name](a, [7, 13], b, [7, 13], a, [7, 13]);
    close(`${name} in place`, a, want);
  };
}

const REDUCTIONS: [Shape, number[]][] = [
  [[7, 13, 17], [0, 1, 2]], [[7, 13, 17], [2]], [[7, 13, 17], [1, 2]], [[7, 13, 17], [0]], [[7, 13, 17], [0, 1]],
  [[7, 13, 17], [1]], [[7, 13, 17], [0, 2]], [[1, 13], [1]], [[1, 13], [0]], [[13, 1], [0]], [[13, 1], [1]],
  [[31, 17], [0]], [[31, 17], [1]], [[4, 1, 5], [2]], [[4, 1, 5], [0, 1]], [[0, 5], [0]], [[0, 5], [1]],
  [[5, 0], [1]], [[5, 0], [0]], [[513], [0]], [[7, 13], []],
];

function reduceCase(name: 'sum' | 'max') {
  return (be: Backend): void => {
    for (const [shape, axes] of REDUCTIONS) {
      for (const withNaN of [false, true]) {
        const n = count(shape);
        const x = vals(n, 7, 3, 0.5);
        if (withNaN && n > 5) x[5] = NaN;
        const kept = shape.filter((_, i) => !axes.includes(i));
        const want = new Float64Array(count(kept));
        cpuBackend[name](up(x), shape, axes, want);
        const out = zeros(want.length).fill(3);
        be[name](x, shape, axes, out);
        // Max selects, so it is exact. A sum of r float32 terms is off by a few roundings of its partial
        // sums: sqrt(r + 1) u sum|x| holds for these inputs with room, and is far below any one |x| dropped.
        const absSum = new Float64Array(want.length);
        cpuBackend.sum(Float64Array.from(x, Math.abs), shape, axes, absSum);
        const r = axes.reduce((p, a) => p * shape[a]!, 1);
        close(`${name} [${shape.join(',')}] over [${axes.join(',')}]${withNaN ? ' with NaN' : ''}`, out, want,
          (i) => (name === 'max' ? 0 : 2 * U * Math.abs(want[i]!) + Math.sqrt(r + 1) * U * absSum[i]!));
      }
    }
  };
}

/** matmul, or matmulBiasActivation with every activation and bias, on the shapes a GEMM gets wrong first. */
function gemmCase(be: Backend, fused: boolean): void {
  const acts: Activation[] = fused ? ['none', 'relu', 'tanh', 'sigmoid'] : ['none'];
  const dims: [number, number, number][] = [[1, 1, 1], [1, 13, 1], [13, 1, 7], [1, 17, 13], [13, 17, 1], [7, 13, 17],
    [31, 64, 9], [0, 5, 3], [3, 0, 5], [3, 5, 0], [6, 300, 8]];
  for (const [m, k, n] of dims) {
    for (const batch of [1, 3]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            for (const act of acts) {
              for (const withBias of fused ? [false, true] : [false]) {
                const a = vals(batch * m * k, 11, 1), b = vals(batch * k * n, 12, 1);
                const bias = withBias ? vals(n, 13) : null;
                const init = vals(batch * m * n, 14);
                const want = up(init), out = copyF32(init);
                const options = { transA, transB, accumulate };
                const where = `${fused ? 'matmulBiasActivation' : 'matmul'} ${m}x${k}x${n} batch ${batch} `
                  + `transA ${transA} transB ${transB} accumulate ${accumulate} ${act}${withBias ? ' bias' : ''}`;
                if (fused) {
                  cpuBackend.matmulBiasActivation(up(a), up(b), want, m, k, n, options, bias === null ? null : up(bias), act, batch);
                  be.matmulBiasActivation(a, b, out, m, k, n, options, bias, act, batch);
                } else {
                  cpuBackend.matmul(up(a), up(b), want, m, k, n, options, batch);
                  be.matmul(a, b, out, m, k, n, options, batch);
                }
                // |a| and |b| are below 1, and so is each activation's slope: k + 3 roundings of terms below 1.
                close(where, out, want, (i) => (k + 4) * U * (k + 3 + Math.abs(want[i]!)));
              }
            }
          }
        }
      }
    }
  }
}

function rowwiseCase(name: 'softmax' | 'logSoftmax') {
  return (be: Backend): void => {
    for (const [rows, cols] of SHAPES_2D) {
      for (const shift of [0, 1000]) {
        const x = vals(rows * cols, 15, 8, shift);
        const want = new Float64Array(rows * cols);
        cpuBackend[name](up(x), rows, cols, want);
        const out = zeros(rows * cols);
        be[name](x, rows, cols, out);
        // logSoftmax is x - c: its error is relative to the size of the logits, not of the result.
        const tol = name === 'softmax' ? { rtol: (cols + 4) * U, atol: 1e-30 } : { rtol: 4 * U, atol: (cols + 4) * U * (8 + shift) };
        close(`${name} ${rows}x${cols} shift ${shift}`, out, want, tol);
      }
    }
  };
}

type Optim = 'sgdUpdate' | 'momentumUpdate' | 'adamUpdate' | 'rmspropUpdate' | 'adagradUpdate';

/** Runs an optimizer step from the same start on both backends and compares every buffer it writes. */
function optimCase(name: Optim) {
  return (be: Backend): void => {
    for (const n of [1, 13, 97, 1547, 0]) {
      for (const variant of [0, 1]) {
        const p0 = vals(n, 16), g = vals(n, 17);
        const s0 = copyF32(vals(n, 18), (v) => v * v);
        const m0 = vals(n, 19, 0.1);
        const run = (b: Backend, p: Buf, grad: Buf, s: Buf, m: Buf): void => {
          if (name === 'sgdUpdate') b.sgdUpdate(p, grad, { lr: 0.1, weightDecay: variant * 0.01 });
          else if (name === 'momentumUpdate') {
            b.momentumUpdate(p, grad, m, { lr: 0.1, momentum: 0.9, dampening: 0.2 * variant, nesterov: variant === 1, weightDecay: 0.01 });
          } else if (name === 'adamUpdate') {
            b.adamUpdate(p, grad, m, s, { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step: 1 + 4 * variant, decoupled: variant === 1 });
          } else if (name === 'rmspropUpdate') {
            b.rmspropUpdate(p, grad, s, { lr: 0.01, alpha: 0.99, eps: 1e-8 * variant, weightDecay: 0.05 * variant });
          } else b.adagradUpdate(p, grad, s, { lr: 0.1, eps: 1e-10, weightDecay: 0.05 * variant });
        };
        const wp = up(p0), ws = up(s0), wm = up(m0);
        run(cpuBackend, wp, up(g), ws, wm);
        const p = copyF32(p0), s = copyF32(s0), m = copyF32(m0);
        run(be, p, g, s, m);
        const where = `${name} n ${n} variant ${variant}`;
        // The update is a few roundings of lr-sized terms on top of p.
        close(`${where} param`, p, wp, { rtol: 4 * U, atol: 8 * U });
        close(`${where} state`, s, ws, { rtol: 8 * U, atol: 1e-30 });
        close(`${where} moment`, m, wm, { rtol: 8 * U, atol: 8 * U });
      }
    }
  };
}

const ACTS: Activation[] = ['none', 'relu', 'tanh', 'sigmoid'];

/** A window's label for failure messages. */
const winLabel = (g: Window2d): string => `${g.n}x${g.c}x${g.h}x${g.w} k ${g.kh}x${g.kw} s ${g.sh},${g.sw} p ${g.ph},${g.pw} d ${g.dh},${g.dw}`;

/** Values on a grid of halves: many exact ties inside a pooling window (the first max must win). */
const tied = (n: number, seed: number): Float32Array => copyF32(vals(n, seed, 2), (v) => Math.round(v * 2) / 2);

type WindowKernel = 'im2col' | 'col2im' | 'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d' | 'avgPool2dBackward';

/** The window kernels against the definitions in test/helpers/window-reference.ts. */
const WINDOW_CASES = {
  im2col(be: Backend): void {
    for (const g of CONV_WINDOWS) {
      const x = vals(sizes(g).x, 40);
      const cols = zeros(sizes(g).cols).fill(7);
      be.im2col(x, g, cols);
      close(`im2col ${winLabel(g)}`, cols, im2colRef(x, g), { rtol: 0, atol: 0 });
    }
  },
  col2im(be: Backend): void {
    for (const g of CONV_WINDOWS) {
      const cols = vals(sizes(g).cols, 41);
      const dx = zeros(sizes(g).x).fill(7);
      be.col2im(cols, g, dx);
      // Up to kh kw float32 terms per input value, each of magnitude < 3.
      close(`col2im ${winLabel(g)}`, dx, col2imRef(cols, g), { rtol: 0, atol: 3 * g.kh * g.kw * 2 * U });
    }
  },
  maxPool2d(be: Backend): void {
    for (const g of POOL_WINDOWS) {
      const x = tied(sizes(g).x, 42);
      const y = zeros(sizes(g).y), argmax = new Int32Array(sizes(g).y).fill(-7);
      be.maxPool2d(x, g, y, argmax);
      const want = maxPoolRef(x, g);
      close(`maxPool2d ${winLabel(g)}`, y, want.y, { rtol: 0, atol: 0 });
      expect(Array.from(argmax), `maxPool2d argmax ${winLabel(g)}`).toEqual(Array.from(want.argmax));
    }
  },
  maxPool2dBackward(be: Backend): void {
    for (const g of POOL_WINDOWS) {
      const { argmax } = maxPoolRef(tied(sizes(g).x, 43), g);
      const gy = vals(sizes(g).y, 44);
      const dx = zeros(sizes(g).x).fill(7);
      be.maxPool2dBackward(gy, argmax, dx);
      // Overlapping windows can send several terms to one input.
      close(`maxPool2dBackward ${winLabel(g)}`, dx, maxPoolBackwardRef(gy, argmax, sizes(g).x), { rtol: 0, atol: 3 * g.kh * g.kw * 2 * U });
    }
  },
  avgPool2d(be: Backend): void {
    for (const g of POOL_WINDOWS) {
      const x = vals(sizes(g).x, 45);
      const y = zeros(sizes(g).y).fill(7);
      be.avgPool2d(x, g, y);
      close(`avgPool2d ${winLabel(g)}`, y, avgPoolRef(x, g), { rtol: 0, atol: 3 * (g.kh * g.kw + 1) * 2 * U });
    }
  },
  avgPool2dBackward(be: Backend): void {
    for (const g of POOL_WINDOWS) {
      const gy = vals(sizes(g).y, 46);
      const dx = zeros(sizes(g).x).fill(7);
      be.avgPool2dBackward(gy, g, dx);
      close(`avgPool2dBackward ${winLabel(g)}`, dx, avgPoolBackwardRef(gy, g), { rtol: 0, atol: 3 * (g.kh * g.kw + 1) * 2 * U });
    }
  },
};

const CASES: Record<KernelName, (be: Backend) => void> = {
  neg: unaryCase('neg', { scale: 3, shift: 0 }),
  exp: unaryCase('exp', { scale: 20, shift: 0 }),
  log: unaryCase('log', { scale: 4.99, shift: 5 }),
  sqrt: unaryCase('sqrt', { scale: 4.99, shift: 5 }),
  abs: unaryCase('abs', { scale: 3, shift: 0 }),
  sign: unaryCase('sign', { scale: 3, shift: 0 }),
  sigmoid: unaryCase('sigmoid', { scale: 30, shift: 0 }),
  tanh: unaryCase('tanh', { scale: 10, shift: 0 }),
  relu: unaryCase('relu', { scale: 3, shift: 0 }),
  leakyRelu: scalarCase((b, x, out) => b.leakyRelu(x, 0.1, out), 'leakyRelu'),
  clamp: scalarCase((b, x, out) => b.clamp(x, -0.5, 0.7, out), 'clamp'),
  powScalar(be) {
    scalarCase((b, x, out) => b.powScalar(x, 2, out), 'powScalar 2')(be);
    scalarCase((b, x, out) => b.powScalar(x, 0.5, out), 'powScalar 0.5', { scale: 2, shift: 3 })(be);
    scalarCase((b, x, out) => b.powScalar(x, 3, out), 'powScalar 3')(be);
  },
  scale: scalarCase((b, x, out) => b.scale(x, -1.7, out), 'scale'),
  add: binaryCase('add'),
  sub: binaryCase('sub'),
  mul: binaryCase('mul'),
  div: binaryCase('div'),
  pow: binaryCase('pow'),
  maximum: binaryCase('maximum'),
  minimum: binaryCase('minimum'),
  greater: binaryCase('greater'),
  equal: binaryCase('equal'),
  where(be) {
    for (const [cs, as, bs] of [[[7, 13], [7, 13], [7, 13]], [[7, 13], [13], [7, 1]], [[7, 1], [], [7, 13]], [[0, 3], [3], [0, 1]]] as Shape[][]) {
      const os = broadcastShape(broadcastShape(cs!, as!), bs!);
      const cond = copyF32(vals(count(cs!), 20), (v) => (v > 0 ? 1 : 0));
      const a = vals(count(as!), 21), b = vals(count(bs!), 22);
      const want = new Float64Array(count(os));
      cpuBackend.where(up(cond), cs!, up(a), as!, up(b), bs!, want, os);
      const out = zeros(count(os));
      be.where(cond, cs!, a, as!, b, bs!, out, os);
      close(`where [${cs!.join(',')}]`, out, want, { rtol: 0, atol: 0 });
    }
  },
  sum: reduceCase('sum'),
  max: reduceCase('max'),
  matmul: (be) => gemmCase(be, false),
  matmulBiasActivation: (be) => gemmCase(be, true),
  softmax: rowwiseCase('softmax'),
  logSoftmax: rowwiseCase('logSoftmax'),
  biasActivation(be) {
    for (const [rows, cols] of SHAPES_2D) {
      for (const act of ACTS) {
        for (const withBias of [false, true]) {
          const x = vals(rows * cols, 23, 4), bias = withBias ? vals(cols, 24) : null;
          const want = new Float64Array(rows * cols);
          cpuBackend.biasActivation(up(x), bias === null ? null : up(bias), rows, cols, act, want);
          const out = zeros(rows * cols);
          const before = up(x);
          be.biasActivation(x, bias, rows, cols, act, out);
          close(`biasActivation ${rows}x${cols} ${act}`, out, want);
          // The input of a separate output is left alone; then in place.
          expect(Array.from(x), 'biasActivation input').toEqual(Array.from(before));
          be.biasActivation(x, bias, rows, cols, act, x);
          close(`biasActivation in place ${rows}x${cols} ${act}`, x, want);
        }
      }
    }
  },
  activationBackward(be) {
    for (const [rows, cols] of SHAPES_2D) {
      for (const act of ACTS) {
        const g = vals(rows * cols, 25), y = vals(rows * cols, 26, 0.9);
        const wantIn = new Float64Array(rows * cols), wantBias = new Float64Array(cols);
        cpuBackend.activationBackward(up(g), up(y), rows, cols, act, wantIn, wantBias);
        const gin = zeros(rows * cols), gb = zeros(cols).fill(7);
        be.activationBackward(g, y, rows, cols, act, gin, gb);
        close(`activationBackward ${rows}x${cols} ${act}`, gin, wantIn);
        close(`activationBackward bias ${rows}x${cols} ${act}`, gb, wantBias, () => (rows + 2) * U * 3 * (rows + 1));
        const gin2 = zeros(rows * cols);
        be.activationBackward(g, y, rows, cols, act, gin2, null);
        close(`activationBackward no bias ${rows}x${cols} ${act}`, gin2, wantIn);
      }
    }
  },
  softmaxCrossEntropy(be) {
    for (const [rows, cols] of SHAPES_2D) {
      if (cols === 0 && rows > 0) continue; // no class for a label to name
      const x = vals(rows * cols, 27, 6);
      const labels = Int32Array.from({ length: rows }, (_, r) => (r * 7) % cols);
      const scale = 1 / Math.max(rows, 1);
      const wantGrad = new Float64Array(rows * cols);
      const want = cpuBackend.softmaxCrossEntropy(up(x), labels, rows, cols, wantGrad, scale);
      const grad = zeros(rows * cols);
      const got = be.softmaxCrossEntropy(x, labels, rows, cols, grad, scale);
      close(`softmaxCrossEntropy loss ${rows}x${cols}`, [got], [want], { rtol: 1e-12, atol: 1e-12 * rows });
      close(`softmaxCrossEntropy grad ${rows}x${cols}`, grad, wantGrad, { rtol: (cols + 4) * U, atol: (cols + 4) * U * scale });
      const noGrad = be.softmaxCrossEntropy(x, labels, rows, cols, null, 1);
      close(`softmaxCrossEntropy no grad ${rows}x${cols}`, [noGrad], [want], { rtol: 1e-12, atol: 1e-12 * rows });
    }
    expect(() => be.softmaxCrossEntropy(vals(6, 1), Int32Array.of(0, 3), 2, 3, null, 1)).toThrow(/label 3 at row 1/);
  },
  sgdUpdate: optimCase('sgdUpdate'),
  momentumUpdate: optimCase('momentumUpdate'),
  adamUpdate: optimCase('adamUpdate'),
  rmspropUpdate: optimCase('rmspropUpdate'),
  adagradUpdate: optimCase('adagradUpdate'),
  permute(be) {
    for (const [shape, perm] of [[[7, 13, 17], [2, 0, 1]], [[7, 13, 17], [1, 2, 0]], [[1, 13], [1, 0]], [[0, 5], [1, 0]]] as [Shape, number[]][]) {
      const x = vals(count(shape), 28);
      const want = new Float64Array(x.length);
      cpuBackend.permute(up(x), shape, perm, want);
      const out = zeros(x.length);
      be.permute(x, shape, perm, out);
      close(`permute [${shape.join(',')}]`, out, want, { rtol: 0, atol: 0 });
    }
  },
  slice(be) {
    const x = vals(7 * 13 * 17, 29);
    const want = new Float64Array(3 * 5 * 17);
    cpuBackend.slice(up(x), [7, 13, 17], [2, 4, 0], want, [3, 5, 17]);
    const out = zeros(want.length);
    be.slice(x, [7, 13, 17], [2, 4, 0], out, [3, 5, 17]);
    close('slice', out, want, { rtol: 0, atol: 0 });
  },
  sliceAdd(be) {
    const src = vals(3 * 5 * 2, 30), base = vals(7 * 13 * 17, 31);
    const want = up(base), out = copyF32(base);
    cpuBackend.sliceAdd(up(src), [3, 5, 2], [2, 4, 11], want, [7, 13, 17]);
    be.sliceAdd(src, [3, 5, 2], [2, 4, 11], out, [7, 13, 17]);
    close('sliceAdd', out, want);
  },
  gather(be) {
    const x = vals(13 * 17, 32), idx = Int32Array.from({ length: 13 }, (_, i) => (i * 5) % 17);
    const want = new Float64Array(13);
    cpuBackend.gather(up(x), 13, 17, idx, want);
    const out = zeros(13);
    be.gather(x, 13, 17, idx, out);
    close('gather', out, want, { rtol: 0, atol: 0 });
  },
  scatterAdd(be) {
    const src = vals(13, 33), idx = Int32Array.from({ length: 13 }, (_, i) => (i * 5) % 17), base = vals(13 * 17, 34);
    const want = up(base), out = copyF32(base);
    cpuBackend.scatterAdd(up(src), 13, 17, idx, want);
    be.scatterAdd(src, 13, 17, idx, out);
    close('scatterAdd', out, want);
  },
  fill(be) {
    for (const n of [0, 1, 13, 1547]) {
      const out = vals(n, 35);
      be.fill(out, 0.3);
      close(`fill ${n}`, out, new Float64Array(n).fill(Math.fround(0.3)), { rtol: 0, atol: 0 });
    }
  },
  ...WINDOW_CASES,
};

const BUILDS = [false, ...(relaxedSimdSupported() ? [true] : [])];

// Each build on one thread, and the last on two: there the memory is a SharedArrayBuffer, which every
// kernel must read and write through the same views (large products are also split; see threads.test.ts).
const VARIANTS = [...BUILDS.map((relaxed) => ({ relaxed, threads: 1 })), { relaxed: BUILDS.at(-1)!, threads: 2 }];

for (const { relaxed, threads } of VARIANTS) {
  for (const resident of [false, true]) {
    describe(`wasm ${relaxed ? 'relaxed' : 'simd128'}${threads > 1 ? `, ${threads} threads` : ''} conformance${resident ? ', operands in the module\'s memory' : ''}`, () => {
      const loaded = threads > 1 ? loadNodeWasmBackend({ relaxed, threads, memoryMiB: 64 }) : loadWasmBackend({ relaxed, memoryMiB: 64 });
      afterAll(async () => (await loaded).dispose());

      it('has a case for every kernel of Backend, and the wasm backend has each', async () => {
        const be = await loaded;
        // cpuBackend implements exactly the Backend interface; the wasm backend adds members of its own
        // (storage, workers) that are not kernels.
        const isKernel = (x: object, key: string): boolean => typeof (x as Record<string, unknown>)[key] === 'function'
          && !(NOT_KERNELS as readonly string[]).includes(key);
        const kernels = Object.keys(cpuBackend).filter((key) => isKernel(cpuBackend, key));
        expect(kernels.filter((key) => !(key in CASES))).toEqual([]);
        expect(Object.keys(CASES).filter((key) => !kernels.includes(key) || !isKernel(be, key))).toEqual([]);
      });

      for (const [name, run] of Object.entries(CASES)) {
        it(`${name} matches cpuBackend in float64`, async () => {
          const be = await loaded;
          const alloc = be.alloc;
          place = resident && alloc !== undefined ? (n) => alloc('float32', n) as Float32Array | null : null;
          placed = 0;
          try {
            run(be);
          } finally {
            place = null;
          }
          // The resident run must really have placed its operands in the module's memory.
          if (resident && alloc !== undefined) expect(placed).toBeGreaterThan(0);
        });
      }

      it('runs the window kernels in the module, not on cpuBackend', async () => {
        const be = await loaded;
        const conv = CONV_WINDOWS[1]!, pool = POOL_WINDOWS[2]!;
        const array = (n: number): Float32Array => (resident ? be.alloc!('float32', n) as Float32Array : new Float32Array(n));
        const argmax = new Int32Array(sizes(pool).y);
        const calls: [WindowKernel, () => void][] = [
          ['im2col', () => be.im2col(array(sizes(conv).x), conv, array(sizes(conv).cols))],
          ['col2im', () => be.col2im(array(sizes(conv).cols), conv, array(sizes(conv).x))],
          ['maxPool2d', () => be.maxPool2d(array(sizes(pool).x), pool, array(sizes(pool).y), argmax)],
          ['maxPool2dBackward', () => be.maxPool2dBackward(array(sizes(pool).y), argmax, array(sizes(pool).x))],
          ['avgPool2d', () => be.avgPool2d(array(sizes(pool).x), pool, array(sizes(pool).y))],
          ['avgPool2dBackward', () => be.avgPool2dBackward(array(sizes(pool).y), pool, array(sizes(pool).x))],
        ];
        for (const [name, call] of calls) {
          expect(be[name], name).not.toBe(cpuBackend[name]);
          // cpuBackend never touches the arena: plain float32 operands pass through it only on the way into
          // the module; resident ones (argmax aside, an Int32Array) are used in place, with no copy at all.
          const before = be.arena.copiesIn + be.arena.copiesOut;
          call();
          const copies = be.arena.copiesIn + be.arena.copiesOut - before;
          const argmaxCopies = name === 'maxPool2d' || name === 'maxPool2dBackward' ? 1 : 0;
          expect(copies, name).toBe((resident ? 0 : 2) + argmaxCopies);
        }
      });

      it('falls back to cpuBackend for float64, bit for bit', async () => {
        const be = await loaded;
        const a = up(vals(91, 36)), b = up(vals(13, 37));
        const want = new Float64Array(91), got = new Float64Array(91);
        cpuBackend.add(a, [7, 13], b, [13], want, [7, 13]);
        be.add(a, [7, 13], b, [13], got, [7, 13]);
        expect(Array.from(got)).toEqual(Array.from(want));
        cpuBackend.exp(a, want);
        be.exp(a, got);
        expect(Array.from(got)).toEqual(Array.from(want));
      });
    });
  }
}
