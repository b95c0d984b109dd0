// Module reflection: names and order, modes, state dicts, RNG states.
import { describe, expect, it } from 'vitest';
import { DataError, ShapeError } from '../../src/errors.js';
import { mul } from '../../src/ops/mul.js';
import { sum } from '../../src/ops/sum.js';
import { backward } from '../../src/autograd/backward.js';
import { BatchNorm } from '../../src/nn/layers/batch-norm.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { ReLU } from '../../src/nn/layers/relu.js';
import { Sequential, sequential } from '../../src/nn/layers/sequential.js';
import { Module } from '../../src/nn/module.js';
import { Parameter } from '../../src/nn/parameter.js';
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';

function model(seed = 0): Sequential {
  const rng = new Rng(seed);
  return sequential(
    new Linear(2, 4, { rng }),
    new BatchNorm(4),
    new ReLU(),
    new Dropout(0.5, { rng }),
    new Linear(4, 3, { rng }),
  );
}

describe('Module', () => {
  it('finds parameters by reflection over own fields, in order, with dotted names', () => {
    const m = model();
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.role}:${p.shape.join('x')}`)).toEqual([
      'layers.0.weight:weight:2x4',
      'layers.0.bias:bias:4',
      'layers.1.gamma:norm:4',
      'layers.1.beta:norm:4',
      'layers.4.weight:weight:4x3',
      'layers.4.bias:bias:3',
    ]);
    expect(m.namedBuffers().map(([n]) => n)).toEqual([
      'layers.1.runningMean',
      'layers.1.runningVar',
    ]);
    expect(m.parameterCount()).toBe(2 * 4 + 4 + 4 + 4 + 4 * 3 + 3);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
  });

  it('works for a user-defined module with nested children', () => {
    class Block extends Module {
      scale = new Parameter(new Float32Array([2]), [1], 'weight');
      inner = new Linear(1, 1, { rng: new Rng(0) });
      forward(x: Tensor): Tensor {
        return this.inner.forward(mul(x, this.scale));
      }
    }
    expect(new Block().namedParameters().map(([n]) => n)).toEqual([
      'scale',
      'inner.weight',
      'inner.bias',
    ]);
    expect(new Block().namedModules().map(([n]) => n)).toEqual(['', 'inner']);
  });

  it('sets train and eval modes recursively', () => {
    const m = model();
    m.eval();
    expect(m.namedModules().every(([, mod]) => !mod.training)).toBe(true);
    m.train();
    expect(m.namedModules().every(([, mod]) => mod.training)).toBe(true);
  });

  it('stateDict is a snapshot that loadStateDict copies back in place', () => {
    const m = model(1);
    const snapshot = m.stateDict();
    expect(Object.values(snapshot).every((t) => !t.requiresGrad)).toBe(true);
    const weight = m.parameters()[0]!;
    const before = weight.data[0]!;
    weight.data[0] = 123;
    expect(snapshot['layers.0.weight']!.data[0]).toBe(before);
    m.loadStateDict(snapshot);
    expect(weight.data[0]).toBe(before);
    expect(m.parameters()[0]).toBe(weight); // same object: optimizers keep their references
  });

  it('loadStateDict names missing, unexpected and mis-shaped entries', () => {
    const m = model();
    const state = m.stateDict();
    const { ['layers.0.bias']: _dropped, ...missing } = state;
    expect(() => m.loadStateDict(missing)).toThrow(DataError);
    expect(() => m.loadStateDict(missing)).toThrow('missing entry layers.0.bias');
    expect(() => m.loadStateDict({ ...state, extra: tensor([1]) })).toThrow(
      'unexpected entries extra',
    );
    expect(() => m.loadStateDict({ ...state, 'layers.0.bias': tensor([1, 2]) })).toThrow(
      ShapeError,
    );
    expect(() => m.loadStateDict({ ...state, 'layers.0.bias': tensor([1, 2]) })).toThrow(
      'layers.0.bias has shape (2)',
    );
  });

  it('zeroGrad clears accumulated gradients', () => {
    const m = new Linear(2, 1, { rng: new Rng(0) });
    backward(sum(m.forward(tensor([[1, 2]]))));
    expect(m.weight.grad?.toArray()).toEqual([[1], [2]]);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('rngStates and loadRngStates round-trip and check names', () => {
    const m = model(2);
    const states = m.rngStates();
    expect(Object.keys(states)).toEqual(['layers.3.rng']);
    expect(JSON.parse(JSON.stringify(states))).toEqual(states); // plain data
    expect(() => m.loadRngStates({})).toThrow('missing entry layers.3.rng');
    expect(() => m.loadRngStates({ ...states, 'layers.9.rng': states['layers.3.rng']! })).toThrow(
      'unexpected',
    );
  });

  it('sequential rejects things that are not modules', () => {
    expect(() => new Sequential([new ReLU(), {} as Module])).toThrow(/layers\.1/);
  });
});
