// evaluate(): mean loss and accuracy over a dataset, checked against the formulas written out by
// hand; independent of the batch size; eval mode without a graph; the caller's mode restored.
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { dropout } from '../../src/nn/layers/dropout.js';
import { linear, type Linear } from '../../src/nn/layers/linear.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import type { TrainingData } from '../../src/train/batch.js';
import { evaluate } from '../../src/train/evaluate.js';

// Two features -> two classes; W = [[1, -1], [0, 2]] (in x out), b = [0.5, 0].
const X = [[1, 0], [0, 1], [2, 1], [-1, -1], [0.5, 0.5]];
const LABELS = [0, 1, 1, 0, 0];

function model(dtype: 'float32' | 'float64' = 'float32') {
  const layer = linear(2, 2, { rng: new Rng(0), dtype });
  layer.weight.data.set([1, -1, 0, 2]);
  layer.bias!.data.set([0.5, 0]);
  return { net: sequential(layer), layer };
}

function classification(): TrainingData {
  const ds: Dataset = { x: Float32Array.from(X.flat()), n: X.length, d: 2, y: Float32Array.from(LABELS), yDim: 1, source: 'inline', classes: 2 };
  return { ds, labels: Int32Array.from(LABELS) };
}

/** Logits x W + b, by hand. */
const logits = (x: number[]) => [x[0]! * 1 + x[1]! * 0 + 0.5, x[0]! * -1 + x[1]! * 2];

describe('evaluate', () => {
  it('softmax cross-entropy and accuracy equal the formulas', () => {
    const { net } = model();
    let loss = 0;
    let correct = 0;
    X.forEach((x, i) => {
      const z = logits(x);
      const lse = Math.log(Math.exp(z[0]!) + Math.exp(z[1]!));
      loss += lse - z[LABELS[i]!]!;
      const pred = z[1]! > z[0]! ? 1 : 0;
      if (pred === LABELS[i]) correct++;
    });
    const r = evaluate(net, classification(), lossByName('softmaxCrossEntropy'), 'float32');
    expect(r.loss).toBeCloseTo(loss / X.length, 5);
    expect(r.accuracy).toBe(correct / X.length);
    // Logits: (1.5,-1) ok, (0.5,2) ok, (2.5,0) wrong, (-0.5,-1) ok, (1,0.5) ok.
    expect(r.accuracy).toBe(0.8);
  });

  it('does not depend on the batch size (a mean over rows, not over batches)', () => {
    const { net } = model('float64');
    const loss = lossByName('softmaxCrossEntropy');
    const whole = evaluate(net, classification(), loss, 'float64');
    for (const size of [1, 2, 3]) {
      const r = evaluate(net, classification(), loss, 'float64', size);
      expect(r.loss).toBeCloseTo(whole.loss, 12);
      expect(r.accuracy).toBe(whole.accuracy);
    }
  });

  it('regression: mean squared error, and no accuracy', () => {
    const layer: Linear = linear(2, 1, { rng: new Rng(0) });
    layer.weight.data.set([2, -1]);
    layer.bias!.data.set([1]);
    // Predictions 2x0 - x1 + 1 = 3, 0, 2, 1; the targets differ from them by 0, 0.5, -1, 2.
    const y = [3, -0.5, 3, -1];
    const x = [[1, 0], [0, 1], [1, 1], [0, 0]];
    const ds: Dataset = { x: Float32Array.from(x.flat()), n: 4, d: 2, y: Float32Array.from(y), yDim: 1, source: 'inline' };
    const r = evaluate(sequential(layer), { ds, labels: null }, lossByName('mse'), 'float32');
    const preds = x.map((v) => 2 * v[0]! - v[1]! + 1);
    const mse = preds.reduce((s, p, i) => s + (p - y[i]!) ** 2, 0) / 4;
    expect(r.loss).toBeCloseTo(mse, 6);
    expect(r.loss).toBeCloseTo((0 + 0.25 + 1 + 4) / 4, 6);
    expect(r).not.toHaveProperty('accuracy');
  });

  it('runs in eval mode without recording a graph, and restores the mode', () => {
    // Dropout with rate 0.9 in training mode would zero most logits and change the loss.
    const { layer } = model();
    const net = sequential(layer, dropout(0.9, { rng: new Rng(1) }));
    const loss = lossByName('softmaxCrossEntropy');
    const plain = evaluate(sequential(model().layer), classification(), loss, 'float32');
    net.train();
    expect(evaluate(net, classification(), loss, 'float32')).toEqual(plain);
    expect(net.training).toBe(true);
    net.eval();
    evaluate(net, classification(), loss, 'float32');
    expect(net.training).toBe(false);
    for (const p of net.parameters()) expect(p.grad).toBeNull();
  });
});
