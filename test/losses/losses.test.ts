// Every loss against values computed independently (by hand or from Math functions), and gradcheck.
import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { DataError, IndexError, ShapeError } from '../../src/errors.js';
import { accuracy } from '../../src/losses/accuracy.js';
import { binaryCrossEntropy } from '../../src/losses/binary-cross-entropy.js';
import { huber } from '../../src/losses/huber.js';
import { l1 } from '../../src/losses/l1.js';
import { mse } from '../../src/losses/mse.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { svm } from '../../src/losses/svm.js';
import { randn, tensor } from '../../src/tensor/create.js';

const f64 = (v: number[][]) => tensor(v, { dtype: 'float64' });

describe('softmaxCrossEntropy', () => {
  it('of logits [0, 0, 0] is ln 3', () => {
    expect(softmaxCrossEntropy(f64([[0, 0, 0]]), [2]).item()).toBeCloseTo(Math.log(3), 15);
  });

  it('matches -log(softmax) by hand, averaged over the batch, and stays finite for huge logits', () => {
    const rows = [
      [1, 2, 3],
      [0.5, -1, 2],
    ];
    const labels = [0, 2];
    const ref = rows.map(
      (r, i) => -Math.log(Math.exp(r[labels[i]!]!) / r.reduce((s, v) => s + Math.exp(v), 0)),
    );
    expect(softmaxCrossEntropy(f64(rows), labels).item()).toBeCloseTo((ref[0]! + ref[1]!) / 2, 14);
    expect(softmaxCrossEntropy(f64(rows), labels, { reduction: 'sum' }).item()).toBeCloseTo(
      ref[0]! + ref[1]!,
      14,
    );
    expect(softmaxCrossEntropy(f64([[1000, 0, -1000]]), [1]).item()).toBeCloseTo(1000, 10);
  });

  it('accepts labels as Int32Array, number[] or a tensor of whole numbers, and rejects bad ones', () => {
    const x = f64([
      [1, 2],
      [3, 4],
    ]);
    const ref = softmaxCrossEntropy(x, [1, 0]).item();
    expect(softmaxCrossEntropy(x, Int32Array.from([1, 0])).item()).toBe(ref);
    expect(softmaxCrossEntropy(x, tensor([1, 0])).item()).toBe(ref);
    expect(() => softmaxCrossEntropy(x, [1, 2])).toThrow(IndexError);
    expect(() => softmaxCrossEntropy(x, [1, 2])).toThrow('label 2 of example 1');
    expect(() => softmaxCrossEntropy(x, [1])).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(tensor([1, 2]), [1])).toThrow(ShapeError);
  });
});

describe('svm (multiclass hinge, delta = 1)', () => {
  it("gives the CS231n worked example's losses", () => {
    // Scores of three images for classes (cat, car, frog); labels cat, car, frog.
    const scores = f64([
      [3.2, 5.1, -1.7],
      [1.3, 4.9, 2.0],
      [2.2, 2.5, -3.1],
    ]);
    // max(0, 5.1-3.2+1) + max(0, -1.7-3.2+1) = 2.9; max(0, 1.3-4.9+1) + max(0, 2.0-4.9+1) = 0;
    // max(0, 2.2+3.1+1) + max(0, 2.5+3.1+1) = 6.3 + 6.6 = 12.9
    expect(svm(scores, [0, 1, 2]).item()).toBeCloseTo((2.9 + 0 + 12.9) / 3, 12);
    expect(Array.from(svm(scores, [0, 1, 2], { reduction: 'none' }).data)).toEqual(
      [2.9, 0, 12.9].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('takes another margin', () => {
    expect(svm(f64([[3.2, 5.1, -1.7]]), [0], { delta: 2 }).item()).toBeCloseTo(3.9, 12);
  });
});

describe('regression losses', () => {
  const pred = f64([[1.5], [-2], [4]]);
  const target = tensor([1, 1, 0], { dtype: 'float64' });
  const d = [0.5, -3, 4];

  it('mse is the mean of squared differences', () => {
    expect(mse(pred, target).item()).toBeCloseTo((0.25 + 9 + 16) / 3, 14);
  });

  it('l1 is the mean of absolute differences', () => {
    expect(l1(pred, target).item()).toBeCloseTo((0.5 + 3 + 4) / 3, 14);
  });

  it('huber is quadratic inside delta and linear outside', () => {
    const ref = (delta: number) =>
      d.map((v) => (Math.abs(v) <= delta ? 0.5 * v * v : delta * (Math.abs(v) - 0.5 * delta)));
    expect(huber(pred, target).item()).toBeCloseTo(ref(1).reduce((a, b) => a + b) / 3, 14);
    expect(huber(pred, target, { delta: 3.5 }).item()).toBeCloseTo(
      ref(3.5).reduce((a, b) => a + b) / 3,
      14,
    );
    // an outlier's gradient is bounded by delta/N, not proportional to the error as with mse
    const p = f64([[100]]);
    p.requiresGrad = true;
    huber(p, [0]).backward();
    expect(p.grad!.item()).toBe(1);
  });

  it('reject targets of the wrong size', () => {
    expect(() => mse(pred, tensor([1, 2]))).toThrow(ShapeError);
  });
});

describe('binaryCrossEntropy from logits', () => {
  it('matches -(y log s + (1 - y) log(1 - s)) and stays finite for large logits', () => {
    const z = [0, 2, -1.5];
    const y = [1, 0, 0.25];
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const ref = z.map((v, i) => -(y[i]! * Math.log(s(v)) + (1 - y[i]!) * Math.log(1 - s(v))));
    expect(
      binaryCrossEntropy(f64([[0], [2], [-1.5]]), tensor(y, { dtype: 'float64' })).item(),
    ).toBeCloseTo(ref.reduce((a, b) => a + b) / 3, 14);
    expect(binaryCrossEntropy(f64([[0]]), [1]).item()).toBeCloseTo(Math.LN2, 15);
    expect(binaryCrossEntropy(f64([[-500]]), [1]).item()).toBeCloseTo(500, 10);
    // log(1 + e^-500) = e^-500 (1 - e^-500 / 2 + ...): the tail survives, as log1p keeps it.
    expect(binaryCrossEntropy(f64([[500]]), [1]).item()).toBe(Math.exp(-500));
    expect(() => binaryCrossEntropy(f64([[0]]), [2])).toThrow(DataError);
  });
});

describe('gradcheck in float64', () => {
  const logits = randn([5, 4], { dtype: 'float64', seed: 1 });
  const labels = [0, 3, 1, 1, 2];
  const values = randn([5, 4], { dtype: 'float64', seed: 2, std: 2 });
  const probabilities = randn([5, 4], { dtype: 'float64', seed: 3 }).sigmoid();
  const cases: [string, () => ReturnType<typeof mse>][] = [
    ['softmaxCrossEntropy', () => softmaxCrossEntropy(logits, labels)],
    ['svm', () => svm(logits, labels)],
    ['mse', () => mse(logits, values)],
    ['l1', () => l1(logits, values)],
    ['huber', () => huber(logits, values, { delta: 0.8 })],
    ['binaryCrossEntropy', () => binaryCrossEntropy(logits, probabilities)],
    [
      'softmaxCrossEntropy, reduction none',
      () => softmaxCrossEntropy(logits, labels, { reduction: 'none' }),
    ],
  ];
  it.each(cases)('%s', (_, loss) => {
    const report = gradcheck(() => loss(), [logits]);
    expect(report.passed, JSON.stringify(report.inputs[0]!.worst)).toBe(true);
    expect(report.inputs[0]!.checked).toBeGreaterThan(10);
  });
});

describe('accuracy', () => {
  it('counts rows whose top score is the label; one column is a binary classifier', () => {
    expect(
      accuracy(
        f64([
          [2, 1, 0],
          [0, 3, 1],
          [1, 1, 5],
          [4, 4, 0],
        ]),
        [0, 2, 2, 0],
      ),
    ).toBe(0.75);
    expect(accuracy(f64([[0.3], [-2], [1]]), [1, 1, 1])).toBeCloseTo(2 / 3, 15);
  });
});
