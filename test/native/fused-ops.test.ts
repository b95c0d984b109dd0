// The fused primitives (affine, crossEntropyFromLogits) against independent references and gradcheck
// in float64 (the conformance rows of test/conformance/op-specs/fused.ts, run here until the suite
// includes them), the same ops on the native backend against the TypeScript one in float32, and the
// fused Backend methods present on both backends.
import { describe, expect, it } from 'vitest';
import type { DType } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { cpuFused } from '../../src/backend/cpu/fused.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import { backward } from '../../src/autograd/backward.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { affine } from '../../src/ops/affine.js';
import { crossEntropyFromLogits } from '../../src/ops/cross-entropy-logits.js';
import { sum } from '../../src/ops/sum.js';
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { count, nd, type Nd } from '../conformance/nd-reference.js';
import { FUSED_ROWS } from '../conformance/op-specs/fused.js';
import { DEFAULT_DRAW, DEFAULT_H } from '../conformance/op-specs/types.js';

const toTensor = (x: Nd, dtype: DType): Tensor => tensor([...x.data], { shape: x.shape, dtype });

describe('fused primitives: float64 reference and gradcheck', () => {
  for (const row of FUSED_ROWS) {
    for (const [ci, c] of row.cases.entries()) {
      it(`${row.name} ${c.label}`, () => {
        const rng = new Rng(101 + ci);
        let xs: Nd[] = [];
        for (let attempt = 0; attempt < 200; attempt++) {
          xs = c.shapes.map((shape) => nd(shape, DEFAULT_DRAW(rng, count(shape))));
          if (row.accept === undefined || row.accept(...xs)) break;
        }
        const want = c.reference(...xs);
        const got = c.run(...xs.map((x) => toTensor(x, 'float64')));
        expect(got.shape).toEqual(want.shape);
        got.data.forEach((v, i) => expect(Math.abs(v - want.data[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(want.data[i]!))));
        const report = gradcheck(c.run, xs.map((x) => toTensor(x, 'float64')), { seed: 7, h: row.h ?? DEFAULT_H });
        expect(report.maxRelativeError).toBeLessThanOrEqual(1e-6);
        expect(report.passed).toBe(true);
        report.inputs.forEach((r) => expect(r.kinks).toBe(0));
      });
    }
  }

  it('rejects mismatched shapes and labels out of range', () => {
    const x = tensor([[1, 2]]);
    expect(() => affine(x, tensor([[1, 2]]))).toThrow(/affine: expects x \(m, k\) and weight \(k, n\)/);
    expect(() => affine(x, tensor([[1], [2]]), tensor([1, 2]))).toThrow(/bias \(n\)/);
    expect(() => crossEntropyFromLogits(tensor([[0, 0]]), Int32Array.of(2))).toThrow(/label 2 at row 0 is out of range/);
    expect(() => crossEntropyFromLogits(tensor([[0, 0]]), Int32Array.of(0, 1))).toThrow(/one label per row/);
  });
});

const native = loadNativeBackend({ threads: 2 });

describe.skipIf(native === null)('fused primitives on the native backend match the TypeScript backend (float32)', () => {
  const rng = new Rng(5);
  const rand = (n: number, scale = 1) => Float32Array.from({ length: n }, () => scale * rng.uniformIn(-1, 1));
  const [m, k, n] = [37, 70, 45];
  const xData = rand(m * k);
  const wData = rand(k * n, 0.3);
  const bData = rand(n, 0.3);
  const labels = Int32Array.from({ length: m }, (_, i) => (i * 7) % n);

  for (const activation of ['none', 'relu', 'tanh', 'sigmoid'] as const) {
    it(`affine ${activation} + crossEntropyFromLogits: loss and every gradient`, () => {
      const run = (backend: typeof cpuBackend) => {
        const opts = { backend, requiresGrad: true };
        const x = new Tensor(xData.slice(), [m, k], opts);
        const w = new Tensor(wData.slice(), [k, n], opts);
        const b = new Tensor(bData.slice(), [n], opts);
        const loss = crossEntropyFromLogits(affine(x, w, b, activation), labels);
        backward(loss);
        return [loss.data, x.grad!.data, w.grad!.data, b.grad!.data];
      };
      const want = run(cpuBackend);
      const got = run(native!);
      got.forEach((g, t) => {
        const scale = Math.max(...Array.from(want[t]!, Math.abs));
        g.forEach((v, i) => expect(Math.abs(v - want[t]![i]!)).toBeLessThanOrEqual(1e-5 * scale + 1e-7));
      });
    });
  }
});

describe('fused kernels are Backend methods', () => {
  const names = Object.keys(cpuFused) as (keyof typeof cpuFused)[];
  it('the TypeScript backend has each one, as the reference implementation', () => {
    expect(names.length).toBe(9);
    for (const name of names) expect(cpuBackend[name]).toBe(cpuFused[name]);
  });

  it.skipIf(native === null)('the native backend has its own for each one', () => {
    for (const name of names) {
      expect(typeof native![name]).toBe('function');
      expect(native![name], name).not.toBe(cpuFused[name]);
    }
    // float64 goes to the TypeScript versions: ln 2 for two equal logits, label 1 (written out).
    expect(native!.softmaxCrossEntropy(Float64Array.of(0, 0), Int32Array.of(1), 1, 2, null, 1)).toBeCloseTo(Math.LN2, 15);
  });

  it('affine backward = hand-computed gradients for a 1x2 @ 2x1 relu case', () => {
    // z = 1*3 + 2*(-1) + 0.5 = 1.5 > 0: dz = 1, dx = W^T = [3, -1], dW = x^T = [1, 2], db = 1.
    const opts = { dtype: 'float64' as const, requiresGrad: true };
    const x = tensor([[1, 2]], opts);
    const w = tensor([[3], [-1]], opts);
    const b = tensor([0.5], opts);
    const y = affine(x, w, b, 'relu');
    expect(Array.from(y.data)).toEqual([1.5]);
    backward(sum(y));
    expect(Array.from(x.grad!.data)).toEqual([3, -1]);
    expect(Array.from(w.grad!.data)).toEqual([1, 2]);
    expect(Array.from(b.grad!.data)).toEqual([1]);
  });
});
