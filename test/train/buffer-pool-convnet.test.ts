// The allocation-free steady state for a convnet: conv2d's patch matrices and column gradients, the
// max pool's argmax, batch norm over channels and dropout on images all come back from the step's
// buffer pool, and the weights are bitwise those of the same steps without a pool.
import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { backward } from '../../src/autograd/backward.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { buildModel } from '../../src/nn/from-config.js';
import { adam } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { BufferPool } from '../../src/tensor/buffer-pool.js';
import { randn } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';

const LAYERS = [
  { type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'batchNorm' }, 'relu', { type: 'maxPool2d', size: 2 },
  { type: 'dropout', rate: 0.2 }, { type: 'conv2d', filters: 6, kernel: 2, stride: 2 }, 'relu', { type: 'avgPool2d', size: 2, stride: 1 },
  'flatten', { type: 'linear', units: 3 },
];

function train(steps: number, pool: BufferPool | null, onStep?: (pool: BufferPool) => void): Float32Array[] {
  const model = buildModel(LAYERS, { inputShape: [2, 9, 9], seed: 3, dtype: 'float32', outputSize: 3 });
  const optimizer = new Optimizer(model.parameters(), adam({ lr: 0.01 }));
  const rng = new Rng(5);
  for (let s = 0; s < steps; s++) {
    const x = randn([6, 2 * 9 * 9], { seed: 100 + s });
    const y = Int32Array.from({ length: 6 }, () => rng.int(3));
    const step = (): void => {
      const loss = softmaxCrossEntropy(model.forward(x), y);
      optimizer.zeroGrad();
      backward(loss);
      optimizer.step();
    };
    if (pool === null) step();
    else {
      pool.run(step);
      pool.endStep();
      onStep?.(pool);
    }
  }
  return [...model.parameters().map((p) => Float32Array.from(p.data)), ...model.namedBuffers().map(([, b]) => Float32Array.from(b.data))];
}

describe('BufferPool in a convnet training step', () => {
  it('allocates nothing new once warm', () => {
    const allocated: number[] = [];
    train(6, new BufferPool(), (p) => allocated.push(p.allocated));
    expect(allocated[0]!).toBeGreaterThan(10);
    expect(allocated).toEqual(new Array(6).fill(allocated[0]));
  });

  it('gives bitwise the weights and running statistics of the same steps without a pool', () => {
    const withPool = train(6, new BufferPool());
    const without = train(6, null);
    expect(withPool.length).toBe(without.length);
    withPool.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(without[i]!)));
  });
});
