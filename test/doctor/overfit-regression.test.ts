// The regression branch of "overfit a tiny subset": with mse the check asks for the loss on 20
// examples to fall below 1% of its initial value. A small tanh MLP with Adam memorizes them; at a
// learning rate of 0 the loss cannot move, and at a huge one it blows up: both fail.
import { describe, expect, it } from 'vitest';
import type { DoctorInput } from '../../src/doctor/doctor-input.js';
import { overfitTinyCheck } from '../../src/doctor/overfit-tiny.js';
import type { Dataset } from '../../src/data/dataset.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { buildModel } from '../../src/nn/from-config.js';
import { optimizerFromConfig } from '../../src/optim/from-config.js';
import { Rng } from '../../src/tensor/rng.js';

/** 60 rows of 3 Gaussian features with the smooth target y = x0 - 2 x1 + 0.5 x2^2 + 1. */
function regressionData(): Dataset {
  const rng = new Rng(11);
  const n = 60;
  const d = 3;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal();
    y[i] = x[i * d]! - 2 * x[i * d + 1]! + 0.5 * x[i * d + 2]! ** 2 + 1;
  }
  return { x, y, n, d, yDim: 1, source: 'regression fixture' };
}

function input(optimizer: unknown): DoctorInput {
  const ds = regressionData();
  const spec = optimizerFromConfig(optimizer);
  const layers = [{ type: 'linear', units: 32 }, 'tanh', { type: 'linear', units: 1 }];
  return {
    model: (dtype) => buildModel(layers, { inputSize: 3, seed: 2, dtype, outputSize: 1 }),
    train: { ds, labels: null },
    loss: lossByName('mse'),
    optimizer: (m) => spec.create(m.namedParameters()),
    batchSize: 16,
    seed: 0,
  };
}

/** The first and last loss the check reports ("loss A -> B on 20 examples in S steps"). */
function reported(value: string): { first: number; last: number; steps: number } {
  const m = /^loss (\S+) -> (\S+) on 20 examples in (\d+) steps$/.exec(value);
  expect(m, value).not.toBeNull();
  return { first: Number(m![1]), last: Number(m![2]), steps: Number(m![3]) };
}

describe('overfit a tiny subset, regression (mse)', () => {
  it('passes when the loss falls below 1% of its initial value, and stops there', () => {
    const check = overfitTinyCheck(input({ type: 'adam', lr: 0.01 }));
    expect(check.status, check.value).toBe('pass');
    expect(check.expected).toBe('below 1% of the initial loss within 2000 steps');
    const { first, last, steps } = reported(check.value);
    expect(last).toBeLessThanOrEqual(0.01 * first * 1.01); // fmt rounds to 3 digits
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThan(2000);
  });

  it('fails when the loss cannot fall (learning rate 0)', () => {
    const check = overfitTinyCheck(input({ type: 'sgd', lr: 0 }), { steps: 50 });
    expect(check.status).toBe('fail');
    const { first, last } = reported(check.value);
    expect(last).toBe(first);
    expect(check.hint).toMatch(/cannot fit 20 examples/);
  });

  it('fails when the loss blows up (learning rate 1e6)', () => {
    const check = overfitTinyCheck(input({ type: 'sgd', lr: 1e6 }), { steps: 200 });
    expect(check.status).toBe('fail');
    // With lr 1e6 on mse the loss overflows within a few steps.
    expect(check.value).toMatch(/-> (NaN|Infinity) on 20 examples/);
    expect(check.hint).toMatch(/learning rate far off/);
  });
});
