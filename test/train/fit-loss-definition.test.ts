// What "loss" means in fit's records: the data loss, in the iteration records as in the epoch's
// trainLoss, with an L2 run's penalty beside it (the weights' 0.5 * l2 * sum(w^2), by hand here).
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { linear } from '../../src/nn/layers/linear.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { optimizerFromConfig } from '../../src/optim/from-config.js';
import { Rng } from '../../src/tensor/rng.js';
import { fit } from '../../src/train/fit.js';
import type { IterationEvent } from '../../src/train/run-log.js';

const x = [-2, -1, 1, 2];
const y = [0, 0, 1, 1];
const ds: Dataset = { x: Float32Array.from(x), n: 4, d: 1, y: Float32Array.from(y), yDim: 1, source: 'inline', classes: 2 };
const train = { ds, labels: Int32Array.from(y) };

/** Softmax cross-entropy of logits (w0 x + b0, w1 x + b1), averaged over the rows, by hand. */
function dataLoss(w: number[], b: number[]): number {
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const z = [w[0]! * x[i]! + b[0]!, w[1]! * x[i]! + b[1]!];
    total += Math.log(Math.exp(z[0]!) + Math.exp(z[1]!)) - z[y[i]!]!;
  }
  return total / x.length;
}

describe('fit: the loss of the iteration and epoch records', () => {
  it('is the data loss in both; an L2 run records the penalty beside it', async () => {
    const l2 = 0.5;
    const model = sequential(linear(1, 2, { rng: new Rng(3) }));
    const [weight, bias] = model.parameters().map((p) => (p.toArray() as number[] | number[][]).flat());
    // One full batch, one epoch: the only step sees the initial weights.
    const expectedData = dataLoss(weight!, bias!);
    const expectedPenalty = 0.5 * l2 * (weight![0]! ** 2 + weight![1]! ** 2);
    expect(expectedPenalty).toBeGreaterThan(1e-4);
    const iterations: IterationEvent[] = [];
    const optimizer = optimizerFromConfig({ type: 'sgd', lr: 0.1 }).create(model.namedParameters());
    const r = await fit({
      model, loss: lossByName('softmaxCrossEntropy'), optimizer, train, epochs: 1, batchSize: 4, rng: new Rng(1),
      regularization: { l2 }, callbacks: { onIteration: (e) => void iterations.push(e) },
    });
    expect(iterations).toHaveLength(1);
    expect(iterations[0]!.loss).toBeCloseTo(expectedData, 5);
    expect(iterations[0]!.penalty).toBeCloseTo(expectedPenalty, 5);
    expect(r.history[0]!.trainLoss).toBeCloseTo(expectedData, 5);
  });

  it('records no penalty without regularization', async () => {
    const model = sequential(linear(1, 2, { rng: new Rng(3) }));
    const iterations: IterationEvent[] = [];
    const optimizer = optimizerFromConfig({ type: 'sgd', lr: 0.1 }).create(model.namedParameters());
    await fit({
      model, loss: lossByName('softmaxCrossEntropy'), optimizer, train, epochs: 1, batchSize: 4, rng: new Rng(1),
      callbacks: { onIteration: (e) => void iterations.push(e) },
    });
    expect(iterations[0]).not.toHaveProperty('penalty');
  });
});
