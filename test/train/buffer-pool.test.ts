// The training step's buffer pool (issue 8's allocation-free steady state): after the first steps a
// step allocates no new buffer, and the trained weights are bitwise those of the same steps without
// a pool (so no buffer was handed out while something still read it).
import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { backward } from '../../src/autograd/backward.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { buildModel } from '../../src/nn/from-config.js';
import { adam } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { activeBufferPool } from '../../src/context.js';
import { BufferPool } from '../../src/tensor/buffer-pool.js';
import { randn } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';

const LAYERS = [
  { type: 'linear', units: 32 }, 'relu', { type: 'batchNorm' }, { type: 'dropout', rate: 0.3 },
  { type: 'linear', units: 16 }, 'tanh', { type: 'linear', units: 4 },
];

function train(steps: number, pool: BufferPool | null, onStep?: (pool: BufferPool) => void): Float32Array[] {
  const model = buildModel(LAYERS, { inputSize: 10, seed: 3, dtype: 'float32', outputSize: 4 });
  const optimizer = new Optimizer(model.parameters(), adam({ lr: 0.01 }));
  const rng = new Rng(5);
  for (let s = 0; s < steps; s++) {
    const x = randn([24, 10], { seed: 100 + s });
    const y = Int32Array.from({ length: 24 }, () => rng.int(4));
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

describe('BufferPool in a training step', () => {
  it('allocates nothing new once warm: every buffer of a step comes from the previous one', () => {
    const allocated: number[] = [];
    const pool = new BufferPool();
    train(8, pool, (p) => allocated.push(p.allocated));
    // The first step allocates its activations, masks and temporaries (the gradients it creates are
    // made outside the pool); every later step takes exactly those back.
    const first = allocated[0]!;
    expect(first).toBeGreaterThan(10);
    expect(allocated).toEqual(new Array(8).fill(first));
    expect(pool.reused).toBe(7 * first);
  });

  it('gives bitwise the weights and running statistics of the same steps without a pool', () => {
    const withPool = train(8, new BufferPool());
    const without = train(8, null);
    expect(withPool.length).toBe(without.length);
    withPool.forEach((a, i) => expect(Array.from(a)).toEqual(Array.from(without[i]!)));
  });

  it('serves allocBuf only inside run, and the previous (no) pool is back afterwards', () => {
    const pool = new BufferPool();
    pool.run(() => randn([5, 5], { seed: 1 }));
    expect([pool.allocated, pool.reused]).toEqual([1, 0]);
    expect(activeBufferPool()).toBeNull();
    randn([5, 5], { seed: 1 });
    expect([pool.allocated, pool.reused]).toEqual([1, 0]);
    pool.endStep();
    pool.run(() => randn([5, 5], { seed: 2 }));
    expect([pool.allocated, pool.reused]).toEqual([1, 1]);
  });
});
