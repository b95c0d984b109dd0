// The CS231n case study as a test: plain full-batch gradient descent on the spiral data. A 2-layer
// relu network separates it; a linear softmax classifier cannot (about 50%, the case study's figure).
import { describe, expect, it } from 'vitest';
import { noGrad } from '../../src/context.js';
import { add } from '../../src/ops/add.js';
import { spiral } from '../../src/data/spiral.js';
import { accuracy } from '../../src/losses/accuracy.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { linear } from '../../src/nn/layers/linear.js';
import { relu } from '../../src/nn/layers/relu.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import type { Module } from '../../src/nn/module.js';
import { regularizationLoss } from '../../src/nn/regularizers.js';
import { Rng } from '../../src/tensor/rng.js';
import { tensor } from '../../src/tensor/create.js';
import { backward } from '../../src/autograd/backward.js';

const data = spiral({ classes: 3, pointsPerClass: 100, noise: 0.2 }, new Rng(0));
const x = tensor(data.x, { shape: [data.n, data.d] });
const labels = Int32Array.from(data.y);

/** The minimal loop of the case study (lr 1.0, l2 1e-3, full batch); 2000 steps reach 96-97% on four seeds tried. */
function train(model: Module, steps: number, lr: number, reg: number): number {
  for (let step = 0; step < steps; step++) {
    model.zeroGrad();
    const loss = add(
      softmaxCrossEntropy(model.forward(x), labels),
      regularizationLoss(model, { l2: reg }),
    );
    backward(loss);
    for (const p of model.parameters()) {
      for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! - lr * p.grad!.data[i]!;
    }
  }
  return noGrad(() => accuracy(model.forward(x), labels));
}

describe('spiral case study (CS231n)', () => {
  it('a 2-layer relu network reaches >= 95% training accuracy', () => {
    const rng = new Rng(1);
    const model = sequential(
      linear(2, 100, { init: 'small', rng }),
      relu(),
      linear(100, 3, { init: 'small', rng }),
    );
    const acc = train(model, 2000, 1.0, 1e-3);
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });

  it('a linear softmax classifier stays near 50%', () => {
    const model = sequential(linear(2, 3, { init: 'small', rng: new Rng(2) }));
    const acc = train(model, 200, 1.0, 1e-3);
    expect(acc).toBeGreaterThan(0.4);
    expect(acc).toBeLessThan(0.6);
  });
});
