import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { ConfigError, ShapeError } from '../../src/errors.js';
import { adagrad, adam, rmsprop, sgd } from '../../src/optim/aliases.js';
import { clipGradNorm } from '../../src/optim/clip-grad-norm.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import { chain } from '../../src/optim/transform.js';
import { addDecayedWeights } from '../../src/optim/transforms/add-decayed-weights.js';
import { clipByGlobalNorm } from '../../src/optim/transforms/clip-by-global-norm.js';
import { scaleByAdam } from '../../src/optim/transforms/scale-by-adam.js';
import { scaleByLearningRate } from '../../src/optim/transforms/scale-by-learning-rate.js';
import { traceMomentum } from '../../src/optim/transforms/trace-momentum.js';
import { tensor } from '../../src/tensor/create.js';
import { param } from './problems.js';

describe('Optimizer wrapper', () => {
  it('zeroGrad zeroes gradients in place, keeping the buffers', () => {
    const w = param([1, 2]);
    w.grad!.data.set([3, 4]);
    const buffer = w.grad!.data;
    new Optimizer([w], sgd()).zeroGrad();
    expect(w.grad!.data).toBe(buffer);
    expect(Array.from(buffer)).toEqual([0, 0]);
  });

  it('skips parameters whose grad is null (PyTorch), and counts steps', () => {
    const a = param([1]);
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    const opt = new Optimizer([a, b], sgd({ lr: 0.5, momentum: 0.9 }));
    a.grad!.data[0] = 2;
    opt.step();
    expect([a.item(), b.item()]).toEqual([0, 1]);
    expect(opt.stepCount).toBe(1);
  });

  it('accepts named parameters and frozen ones (no grad), and rejects bad lists', () => {
    const w = param([1]);
    const frozen = tensor([1], { requiresGrad: false });
    expect(
      new Optimizer(
        new Map([
          ['w', w],
          ['frozen', frozen],
        ]),
        sgd(),
      ).names,
    ).toEqual(['w', 'frozen']);
    expect(new Optimizer({ w }, sgd()).names).toEqual(['w']);
    expect(() => new Optimizer([], sgd())).toThrow(/empty parameter list/);
    expect(() => new Optimizer([w, w], sgd())).toThrow(/appears twice/);
    const derived = w.mul(2);
    expect(() => new Optimizer([derived], sgd())).toThrow(/can only optimize leaf tensors/);
    expect(() => new Optimizer([3 as never], sgd())).toThrow(ConfigError);
  });

  it('a step with a closure calls it first and returns its loss', () => {
    const x = tensor([3], { dtype: 'float64', requiresGrad: true });
    const opt = new Optimizer([x], sgd({ lr: 0.1 }));
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = x.mul(x).sum();
      l.backward();
      return l;
    });
    expect(loss).toBe(9);
    expect(x.item()).toBeCloseTo(3 - 0.1 * 6, 12);
  });

  it('lr and momentum are validated; optimizers without momentum say so', () => {
    const opt = new Optimizer([param([1])], adagrad());
    expect(() => (opt.lr = -1)).toThrow(/lr: invalid value -1/);
    expect(() => (opt.lr = NaN)).toThrow(ConfigError);
    expect(opt.momentum).toBeUndefined();
    expect(() => (opt.momentum = 0.9)).toThrow(/adagrad has no momentum to set/);
    expect(new Optimizer([param([1])], rmsprop()).momentum).toBeUndefined();
    const withMomentum = new Optimizer([param([1])], sgd({ momentum: 0.5 }));
    expect(() => (withMomentum.momentum = 1)).toThrow(/momentum: invalid value 1/);
  });

  it('a transform without a learning rate is refused', () => {
    expect(() => new Optimizer([param([1])], scaleByAdam())).toThrow(/has no learning rate/);
  });

  it('a wrong-sized gradient is a ShapeError naming the parameter', () => {
    const w = param([1, 2]);
    w.grad = tensor(new Float64Array(3));
    expect(() => new Optimizer({ w }, sgd()).step()).toThrow(ShapeError);
    expect(() => new Optimizer({ w }, sgd()).step()).toThrow(/'w' has 3 elements/);
  });

  it('records update and weight norms per parameter when asked (update-to-weight ratio)', () => {
    const a = param([3, 4]);
    const b = param([1]);
    const opt = new Optimizer([a, b], sgd({ lr: 0.1 }), { trackUpdateNorms: true });
    a.grad!.data.set([6, 8]);
    b.grad!.data.set([-2]);
    opt.step();
    // updates: -0.1 * [6, 8] (norm 1) and 0.2 (norm 0.2); weights before: norm 5 and 1
    expect(Array.from(opt.lastUpdateNorms())).toEqual([1, 0.2]);
    expect(Array.from(opt.lastParamNorms())).toEqual([5, 1]);
    opt.trackUpdateNorms = false;
    opt.step();
    expect(Array.from(opt.lastUpdateNorms())).toEqual([0, 0]);
  });

  it('keeps its state buffers across steps (no reallocation once warm)', () => {
    const w = param([1, 2, 3]);
    const opt = new Optimizer([w], adam());
    w.grad!.data.set([1, 1, 1]);
    opt.step();
    const state = (
      opt as unknown as { state: [unknown, { mu: Float64Array[]; nu: Float64Array[] }] }
    ).state;
    const [mu, nu] = [state[1].mu[0], state[1].nu[0]];
    for (let i = 0; i < 5; i++) opt.step();
    expect(state[1].mu[0]).toBe(mu);
    expect(state[1].nu[0]).toBe(nu);
  });
});

describe('building blocks', () => {
  it('chain applies transforms in order and collects their hyperparameters', () => {
    const t = chain(
      addDecayedWeights(0.5),
      scaleByLearningRate(0.1),
      traceMomentum({ momentum: 0.9 }),
    );
    expect(t.hyperparams).toEqual({ lr: 0.1, momentum: 0.9 });
    const w = param([2]);
    w.grad!.data[0] = 1;
    new Optimizer([w], t).step();
    // u = -0.1 * (1 + 0.5 * 2) = -0.2; v = -0.2
    expect(w.item()).toBeCloseTo(1.8, 12);
  });

  it('chain refuses two transforms reading the same hyperparameter', () => {
    expect(() => chain(scaleByAdam(), traceMomentum(), scaleByLearningRate(1))).toThrow(
      /two transforms read the hyperparameter 'momentum'/,
    );
  });

  it('clipByGlobalNorm scales all updates together to the max norm', () => {
    const a = param([0, 0]);
    const b = param([0]);
    const opt = new Optimizer([a, b], chain(clipByGlobalNorm(1), scaleByLearningRate(1)));
    a.grad!.data.set([3, 0]);
    b.grad!.data.set([4]);
    opt.step();
    // norm 5 -> factor 1 / (5 + 1e-6)
    const f = 1 / (5 + 1e-6);
    expect(a.toFlatArray()).toEqual([-3 * f, 0]);
    expect(b.item()).toBeCloseTo(-4 * f, 15);
  });
});

describe('clipGradNorm', () => {
  it('returns the norm before clipping and scales the gradients to maxNorm', () => {
    const a = param([0, 0]);
    const b = param([0]);
    const none = tensor([1], { requiresGrad: true });
    a.grad!.data.set([3, 0]);
    b.grad!.data.set([4]);
    expect(clipGradNorm([a, b, none], 2.5)).toBe(5);
    const f = 2.5 / (5 + 1e-6);
    expect(a.grad!.toFlatArray()).toEqual([3 * f, 0]);
    expect(b.grad!.item()).toBeCloseTo(4 * f, 15);
  });

  it('leaves small gradients and non-finite norms alone', () => {
    const a = param([0]);
    a.grad!.data[0] = 0.5;
    expect(clipGradNorm([a], 1)).toBe(0.5);
    expect(a.grad!.item()).toBe(0.5);
    a.grad!.data[0] = Infinity;
    expect(clipGradNorm([a], 1)).toBe(Infinity);
    expect(a.grad!.item()).toBe(Infinity);
    expect(() => clipGradNorm([a], 0)).toThrow(/maxNorm/);
  });
});
