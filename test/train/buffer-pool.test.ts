// The training step's buffer pool (the allocation-free steady state): after the first steps a step
// allocates no new buffer, and the trained weights are bitwise those of the same steps without a pool
// (so no buffer was handed out while something still read it, and no unzeroed scratch buffer was
// read before being written). For an MLP, and for a convnet (patch matrices, the max pool's argmax,
// batch norm over channels, dropout on images).
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

interface Net {
  readonly layers: readonly unknown[];
  /** Features per row, and the sample shape of an image model. */
  readonly d: number;
  readonly shape?: readonly number[];
  readonly classes: number;
}

const MLP: Net = {
  layers: [
    { type: 'linear', units: 32 }, 'relu', { type: 'batchNorm' }, { type: 'dropout', rate: 0.3 },
    { type: 'linear', units: 16 }, 'tanh', { type: 'linear', units: 4 },
  ],
  d: 10,
  classes: 4,
};

const CONVNET: Net = {
  layers: [
    { type: 'conv2d', filters: 4, kernel: 3, padding: 1 }, { type: 'batchNorm' }, 'relu', { type: 'maxPool2d', size: 2 },
    { type: 'dropout', rate: 0.2 }, { type: 'conv2d', filters: 6, kernel: 2, stride: 2 }, 'relu', { type: 'avgPool2d', size: 2, stride: 1 },
    'flatten', { type: 'linear', units: 3 },
  ],
  d: 2 * 9 * 9,
  shape: [2, 9, 9],
  classes: 3,
};

function train(steps: number, pool: BufferPool | null, onStep?: (pool: BufferPool) => void, net: Net = MLP): Float32Array[] {
  const shape = net.shape === undefined ? { inputSize: net.d } : { inputShape: net.shape };
  const model = buildModel(net.layers, { ...shape, seed: 3, dtype: 'float32', outputSize: net.classes });
  const optimizer = new Optimizer(model.parameters(), adam({ lr: 0.01 }));
  const rng = new Rng(5);
  for (let s = 0; s < steps; s++) {
    const x = randn([24, net.d], { seed: 100 + s });
    const y = Int32Array.from({ length: 24 }, () => rng.int(net.classes));
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

  it('a convnet allocates nothing new once warm, and trains bitwise as without a pool', () => {
    const allocated: number[] = [];
    train(6, new BufferPool(), (p) => allocated.push(p.allocated), CONVNET);
    expect(allocated[0]!).toBeGreaterThan(10);
    expect(allocated).toEqual(new Array(6).fill(allocated[0]));
    const withPool = train(6, new BufferPool(), undefined, CONVNET);
    const without = train(6, null, undefined, CONVNET);
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
