// The fused kernels (bias + activation, its backward, softmax cross-entropy, optimizer steps): the
// native float32 versions and the TypeScript ones against oracles built from the cpu backend's
// primitives in float64, formulas written out here, and the worked momentum example of the notes.
import { describe, expect, it } from 'vitest';
import type { MatmulOptions } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { type Activation, cpuFused, type FusedKernels } from '../../src/backend/native/index.js';
import { IndexError } from '../../src/errors.js';
import { backendFor, configs, describeMismatch, firstMismatch, randomF32, skipReason, toF64 } from './helpers.js';

const ULP = 2 ** -23;
const ACTS: Activation[] = ['none', 'relu', 'tanh', 'sigmoid'];

function check(got: ArrayLike<number>, want: Float64Array, rtol: number, atol: number, what: string): void {
  const i = firstMismatch(got, want, rtol, atol);
  expect(i, `${what}: ${describeMismatch(i, got, want)}`).toBe(-1);
}

/** act(x + bias) from the cpu backend's own add and activation kernels, in float64. */
function biasActOracle(x: Float64Array, bias: Float64Array, rows: number, cols: number, act: Activation) {
  const pre = new Float64Array(rows * cols);
  cpuBackend.add(x, [rows, cols], bias, [cols], pre, [rows, cols]);
  if (act === 'none') return pre;
  const out = new Float64Array(rows * cols);
  cpuBackend[act](pre, out);
  return out;
}

describe('fused kernels in TypeScript (the float64 path)', () => {
  it('momentum reproduces the corrected worked example of the notes: 5, 4, 2.3, 0.31, -1.543, -2.9021', () => {
    const x = Float64Array.of(5);
    const buf = Float64Array.of(0);
    const seen = [5];
    for (let t = 0; t < 5; t++) {
      cpuFused.momentumUpdate(x, Float64Array.of(2 * x[0]!), buf,
        { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 });
      seen.push(x[0]!);
    }
    [5, 4, 2.3, 0.31, -1.543, -2.9021].forEach((v, i) => expect(seen[i]).toBeCloseTo(v, 10));
  });

  it('adam takes a first step of lr per weight (bias correction), as the corrected notes say', () => {
    const p = Float64Array.of(1, -2);
    const m = new Float64Array(2);
    const v = new Float64Array(2);
    cpuFused.adamUpdate(p, Float64Array.of(0.5, -3), m, v,
      { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 0, weightDecay: 0, step: 1, decoupled: false });
    expect(p[0]).toBeCloseTo(0.99, 12);
    expect(p[1]).toBeCloseTo(-1.99, 12);
    expect(m[0]).toBeCloseTo(0.05, 12);
    expect(v[1]).toBeCloseTo(0.009, 12);
  });

  it('softmaxCrossEntropy throws IndexError naming a bad label', () => {
    expect(() => cpuFused.softmaxCrossEntropy(new Float64Array(4), Int32Array.of(0, 2), 2, 2, null, 1))
      .toThrow(IndexError);
  });
});

/** act((acc ? init : 0) + op(a) op(b) + bias) from the cpu backend's matmul, add and activation, in float64. */
function linearOracle(a: Float64Array, b: Float64Array, init: Float64Array, m: number, k: number, n: number,
  flags: MatmulOptions, bias: Float64Array | null, act: Activation, batch: number): Float64Array {
  const pre = Float64Array.from(init);
  cpuBackend.matmul(a, b, pre, m, k, n, flags, batch);
  if (bias !== null) cpuBackend.add(pre, [batch, m, n], bias, [n], pre, [batch, m, n]);
  if (act === 'none') return pre;
  const out = new Float64Array(pre.length);
  cpuBackend[act](pre, out);
  return out;
}

const LINEAR_CASES: [string, number, number, number, MatmulOptions, boolean, number][] = [
  ['small NN', 5, 7, 9, { transA: false, transB: false }, true, 1],
  ['MLP-like NN split over threads', 128, 300, 200, { transA: false, transB: false }, true, 1],
  ['NT with accumulate', 33, 270, 65, { transA: false, transB: true, accumulate: true }, true, 1],
  ['TN without bias', 40, 20, 50, { transA: true, transB: false }, false, 1],
  ['batched TT', 9, 11, 35, { transA: true, transB: true }, true, 3],
  ['k = 0', 4, 0, 6, { transA: false, transB: false }, true, 1],
];

describe('matmulBiasActivation in TypeScript', () => {
  it('equals matmul, then add, then the activation', () => {
    const a = toF64(randomF32(6, 1)), b = toF64(randomF32(6, 2)), bias = Float64Array.of(0.5, -0.5);
    const out = new Float64Array(4);
    cpuFused.matmulBiasActivation(a, b, out, 2, 3, 2, { transA: false, transB: false }, bias, 'tanh');
    const want = linearOracle(a, b, new Float64Array(4), 2, 3, 2, { transA: false, transB: false }, bias, 'tanh', 1);
    check(out, want, 1e-15, 1e-15, 'cpu linear');
  });
});

describe.skipIf(skipReason !== null)(`native fused kernels${skipReason === null ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('has at least one SIMD level to test (portable is always built)', () => {
    expect(configs.map((c) => c.simd)).toContain('portable');
  });

  describe.each(configs)('$simd, $threads thread(s)', ({ simd, threads }) => {
    const fused: FusedKernels = backendFor(simd, threads);

    it.each(LINEAR_CASES)('matmulBiasActivation, %s, every activation', (_label, m, k, n, flags, withBias, batch) => {
      const a = randomF32(batch * m * k, m + k);
      const b = randomF32(batch * k * n, n);
      const init = randomF32(batch * m * n, 3);
      const bias = withBias ? randomF32(n, 4) : null;
      for (const act of ACTS) {
        const out = Float32Array.from(init);
        fused.matmulBiasActivation(a, b, out, m, k, n, flags, bias, act, batch);
        const want = linearOracle(toF64(a), toF64(b), flags.accumulate === true ? toF64(init) : new Float64Array(init.length),
          m, k, n, flags, bias === null ? null : toF64(bias), act, batch);
        // Inputs in [-1, 1): the product's error is below (k + 2) 2^-23 k, the activations' slopes are <= 1.
        check(out, want, 6 * ULP, (k + 2) * k * ULP + 2 * ULP, `${act}`);
      }
    });

    it.each(ACTS)('biasActivation %s matches add then the activation (float64 oracle)', (act) => {
      for (const [rows, cols] of [[1, 1], [7, 33], [128, 512], [0, 5]] as const) {
        const x = randomF32(rows * cols, rows + cols, -6, 6);
        const bias = randomF32(cols, 3, -1, 1);
        const got = new Float32Array(rows * cols);
        fused.biasActivation(x, bias, rows, cols, act, got);
        const want = biasActOracle(toF64(x), toF64(bias), rows, cols, act);
        // The bias add rounds to float32 first: allow that half ulp times the activation's slope (<= 1).
        check(got, want, 6 * ULP, ULP * 7, `${act} ${rows}x${cols}`);
      }
    });

    it.each(ACTS)('activationBackward %s: gradOut * act\'(y) and the bias gradient as column sums', (act) => {
      const [rows, cols] = [130, 70];
      const g = randomF32(rows * cols, 1);
      const y = randomF32(rows * cols, 2, act === 'relu' || act === 'none' ? -1 : 0, 1);
      const gin = new Float32Array(rows * cols);
      const gbias = new Float32Array(cols);
      fused.activationBackward(g, y, rows, cols, act, gin, gbias);
      const want = new Float64Array(rows * cols);
      for (let i = 0; i < want.length; i++) {
        const gv = g[i]!, yv = y[i]!;
        want[i] = act === 'relu' ? (yv > 0 ? gv : 0) : act === 'tanh' ? gv * (1 - yv * yv)
          : act === 'sigmoid' ? gv * yv * (1 - yv) : gv;
      }
      check(gin, want, 4 * ULP, 1e-30, `${act} gradIn`);
      const wantBias = new Float64Array(cols);
      cpuBackend.sum(want, [rows, cols], [0], wantBias);
      check(gbias, wantBias, 1e-5, 1e-5, `${act} gradBias`);
    });

    it('softmaxCrossEntropy: the loss is -sum of logSoftmax at the labels, the gradient softmax - onehot', () => {
      for (const [rows, cols] of [[1, 2], [128, 10], [33, 1001]] as const) {
        const logits = randomF32(rows * cols, cols, -8, 8);
        const labels = Int32Array.from({ length: rows }, (_, r) => (r * 7) % cols);
        const scale = 1 / rows;
        const grad = new Float32Array(rows * cols);
        const loss = fused.softmaxCrossEntropy(logits, labels, rows, cols, grad, scale);
        const logp = new Float64Array(rows * cols);
        cpuBackend.logSoftmax(toF64(logits), rows, cols, logp);
        const p = new Float64Array(rows * cols);
        cpuBackend.softmax(toF64(logits), rows, cols, p);
        let want = 0;
        for (let r = 0; r < rows; r++) {
          want -= logp[r * cols + labels[r]!]!;
          p[r * cols + labels[r]!]! -= 1;
        }
        expect(Math.abs(loss - want)).toBeLessThan(1e-5 * rows);
        check(grad, p.map((v) => v * scale), 1e-5, 1e-8, `grad ${rows}x${cols}`);
        expect(fused.softmaxCrossEntropy(logits, labels, rows, cols, null, scale)).toBe(loss);
      }
    });

    it('softmaxCrossEntropy rejects labels outside [0, cols) with IndexError', () => {
      expect(() => fused.softmaxCrossEntropy(new Float32Array(6), Int32Array.of(0, 3), 2, 3, null, 1))
        .toThrow(/label 3 at row 1/);
      expect(() => fused.softmaxCrossEntropy(new Float32Array(6), Int32Array.of(-1, 0), 2, 3, null, 1))
        .toThrow(IndexError);
    });

    const n = 70_001;
    const optimizers: [string, (f: FusedKernels, p: Float32Array | Float64Array, g: Float32Array | Float64Array,
      s1: Float32Array | Float64Array, s2: Float32Array | Float64Array, t: number) => void][] = [
      ['sgd', (f, p, g) => f.sgdUpdate(p, g, { lr: 0.1, weightDecay: 0.01 })],
      ['momentum', (f, p, g, s1) => f.momentumUpdate(p, g, s1,
        { lr: 0.05, momentum: 0.9, dampening: 0.1, nesterov: false, weightDecay: 1e-3 })],
      ['nesterov', (f, p, g, s1) => f.momentumUpdate(p, g, s1,
        { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 })],
      ['adam', (f, p, g, s1, s2, t) => f.adamUpdate(p, g, s1, s2,
        { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-2, step: t, decoupled: false })],
      ['adamw', (f, p, g, s1, s2, t) => f.adamUpdate(p, g, s1, s2,
        { lr: 1e-3, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, step: t, decoupled: true })],
      ['rmsprop', (f, p, g, s1) => f.rmspropUpdate(p, g, s1, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0 })],
      ['adagrad', (f, p, g, s1) => f.adagradUpdate(p, g, s1, { lr: 1e-2, eps: 1e-10, weightDecay: 1e-3 })],
    ];
    it.each(optimizers)('%s: three steps match the TypeScript update in float64', (_name, step) => {
      const p32 = randomF32(n, 1);
      const s132 = new Float32Array(n);
      const s232 = new Float32Array(n);
      const p64 = toF64(p32), s164 = new Float64Array(n), s264 = new Float64Array(n);
      for (let t = 1; t <= 3; t++) {
        const g = randomF32(n, 10 + t);
        step(fused, p32, g, s132, s232, t);
        step(cpuFused, p64, toF64(g), s164, s264, t);
      }
      check(p32, p64, 1e-5, 1e-6, 'param');
      check(s132, s164, 1e-5, 1e-7, 'state 1');
      check(s232, s264, 1e-5, 1e-9, 'state 2');
    });
  });
});
