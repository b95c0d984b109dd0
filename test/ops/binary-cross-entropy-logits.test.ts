// The binary cross-entropy primitive: its gradient at z = 0 (where a zero-initialized model starts),
// gradchecks at 0 and at large |z|, float32 and float64, the native backend, and a logistic
// regression from zero init that has to move.
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/backward.js';
import { loadNativeBackend, nativeUnavailableReason } from '../../src/backend/native/index.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { binaryCrossEntropy } from '../../src/losses/binary-cross-entropy.js';
import { binaryCrossEntropyFromLogits } from '../../src/ops/binary-cross-entropy-logits.js';
import { matmul, sum } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = (values: number[], shape = [values.length]): Tensor => tensor(values, { dtype: 'float64', shape });
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('binaryCrossEntropyFromLogits', () => {
  it('has gradient sigmoid(0) - y = 0.5 - y at a logit of exactly 0', () => {
    const y = [0, 1, 0.25];
    const z = f64([0, 0, 0]);
    z.requiresGrad = true;
    backward(sum(binaryCrossEntropyFromLogits(z, f64(y))));
    expect(Array.from(z.grad!.data)).toEqual(y.map((v) => 0.5 - v));
  });

  it('through the loss: the mean over 2 logits of 0 gives (0.5 - y) / 2', () => {
    const z = f64([0, 0], [2, 1]);
    z.requiresGrad = true;
    backward(binaryCrossEntropy(z, [1, 0]));
    expect(Array.from(z.grad!.data)).toEqual([(0.5 - 1) / 2, (0.5 - 0) / 2]);
  });

  it('scales the upstream gradient: g (sigmoid(z) - y) to z and -g z to y', () => {
    const z = f64([0.7, -1.2]);
    const y = f64([0.3, 1]);
    z.requiresGrad = true;
    y.requiresGrad = true;
    backward(binaryCrossEntropyFromLogits(z, y), f64([2, -3]));
    expect(z.grad!.data[0]).toBeCloseTo(2 * (sigmoid(0.7) - 0.3), 15);
    expect(z.grad!.data[1]).toBeCloseTo(-3 * (sigmoid(-1.2) - 1), 15);
    expect(Array.from(y.grad!.data)).toEqual([-2 * 0.7, -3 * 1.2]);
  });

  it('passes gradcheck in float64 at z = 0, near 0 and at large |z|, for both inputs', () => {
    const z = f64([0, 0, 1e-9, -1e-9, 30, -30, 200, -200, 3, -0.5]);
    const y = f64([1, 0, 0.5, 1, 0, 1, 1, 0, 0.2, 0.9]);
    const report = gradcheck(binaryCrossEntropyFromLogits, [z, y], { h: 1e-5 });
    expect(report.inputs.map((r) => r.kinks)).toEqual([0, 0]);
    expect(report.passed, JSON.stringify(report.inputs.map((r) => r.worst))).toBe(true);
  });

  it('forward matches -(y log s + (1 - y) log(1 - s)) in float32 and float64, and stays finite at |z| = 500', () => {
    const z = [0, 2, -1.5, 0.25];
    const y = [1, 0, 0.25, 0.5];
    const want = z.map((v, i) => -(y[i]! * Math.log(sigmoid(v)) + (1 - y[i]!) * Math.log(1 - sigmoid(v))));
    for (const dtype of ['float32', 'float64'] as const) {
      const out = binaryCrossEntropyFromLogits(tensor(z, { dtype }), tensor(y, { dtype }));
      expect(out.dtype).toBe(dtype);
      Array.from(out.data).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, dtype === 'float32' ? 6 : 14));
    }
    // log(1 + e^-500) underflows to 0 in the exact formula as well: the loss is 500 y and 500 (1 - y).
    expect(Array.from(binaryCrossEntropyFromLogits(f64([-500, 500]), f64([1, 0])).data)).toEqual([500, 500]);
  });

  it('refuses logits and targets of different shapes or dtypes', () => {
    expect(() => binaryCrossEntropyFromLogits(f64([0, 1]), f64([0]))).toThrow(/differ in shape/);
    expect(() => binaryCrossEntropyFromLogits(f64([0]), tensor([0], { dtype: 'float32' }))).toThrow(/convert one/);
  });

  it.skipIf(nativeUnavailableReason() !== null)('gives the same loss and gradient on the native backend', () => {
    const native = loadNativeBackend({ threads: 1 })!;
    const values = [0, 0.5, -2, 40];
    const targets = [1, 0, 0.5, 1];
    const run = (backend?: typeof native): [number, number[]] => {
      const z = tensor(values, { dtype: 'float32', ...(backend === undefined ? {} : { backend }) });
      const y = tensor(targets, { dtype: 'float32', ...(backend === undefined ? {} : { backend }) });
      z.requiresGrad = true;
      const loss = binaryCrossEntropy(z, y);
      backward(loss);
      expect(loss.backend).toBe(backend ?? z.backend);
      return [loss.item(), Array.from(z.grad!.data)];
    };
    const [lossNative, gradNative] = run(native);
    const [lossTs, gradTs] = run();
    expect(lossNative).toBeCloseTo(lossTs, 6);
    // (sigmoid(z) - y) / 4, written out.
    gradNative.forEach((g, i) => expect(g).toBeCloseTo((sigmoid(values[i]!) - targets[i]!) / 4, 6));
    gradNative.forEach((g, i) => expect(g).toBeCloseTo(gradTs[i]!, 6));
  });
});

describe('a logistic regression from zero init', () => {
  it('moves: one gradient step on w = 0 changes w by lr * mean((0.5 - y) x)', () => {
    // x (4, 2), y = [1, 1, 0, 0]; at w = 0 every logit is 0, so dL/dw = mean_i (0.5 - y_i) x_i.
    const xs = [[1, 2], [2, 1], [-1, -1], [-2, 0]];
    const y = [1, 1, 0, 0];
    const x = f64(xs.flat(), [4, 2]);
    const w = f64([0, 0], [2, 1]);
    w.requiresGrad = true;
    backward(binaryCrossEntropy(matmul(x, w), y));
    const want = [0, 1].map((j) => xs.reduce((a, row, i) => a + (sigmoid(0) - y[i]!) * row[j]!, 0) / 4);
    // = [(-0.5 - 1 - 0.5 - 1) / 4, (-1 - 0.5 - 0.5 + 0) / 4] = [-0.75, -0.5]
    expect(want).toEqual([-0.75, -0.5]);
    expect(Array.from(w.grad!.data)).toEqual(want);
    // The step w -= lr g moves w off 0, and the loss drops below its starting value ln 2.
    const lr = 0.5;
    const stepped = f64(Array.from(w.grad!.data, (g) => -lr * g), [2, 1]);
    expect(binaryCrossEntropy(matmul(x, stepped), y).item()).toBeLessThan(Math.LN2);
  });
});
