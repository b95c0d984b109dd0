// Each doctor check on an input built to pass it and on one built to fail it.
import { describe, expect, it } from 'vitest';
import { backward } from '../../src/autograd/backward.js';
import { architectureFindings, architectureLintCheck } from '../../src/doctor/architecture-lint.js';
import { classBalanceCheck, constantFeaturesCheck, finiteCheck, overlapCheck, preprocessingCheck } from '../../src/doctor/data-checks.js';
import { deadUnitsCheck } from '../../src/doctor/dead-units.js';
import { expectedInitialLoss, initialLossCheck, regularizationCheck } from '../../src/doctor/initial-loss.js';
import { lrRangeCheck } from '../../src/doctor/lr-range.js';
import { overfitTinyCheck } from '../../src/doctor/overfit-tiny.js';
import { signalPropagationCheck } from '../../src/doctor/signal-propagation.js';
import { symmetryCheck } from '../../src/doctor/symmetry.js';
import { updateRatioCheck, updateRatios } from '../../src/doctor/update-ratio.js';
import { lossByName } from '../../src/losses/loss-by-name.js';
import { batchNorm } from '../../src/nn/layers/batch-norm.js';
import { dropout } from '../../src/nn/layers/dropout.js';
import { linear } from '../../src/nn/layers/linear.js';
import { relu } from '../../src/nn/layers/relu.js';
import { sigmoid } from '../../src/nn/layers/sigmoid.js';
import { tanh } from '../../src/nn/layers/tanh.js';
import type { Module } from '../../src/nn/module.js';
import { Rng } from '../../src/tensor/rng.js';
import { batchOf } from '../../src/train/batch.js';
import { blobs, fixture, scaleWeights, trainingData } from './fixtures.js';

const TANH = [{ type: 'linear', units: 16 }, 'tanh', { type: 'linear', units: 3 }];

/** The blobs with their features standardized per column (by hand, in float64). */
function standardized() {
  const ds = blobs();
  const x = new Float32Array(ds.x.length);
  for (let j = 0; j < ds.d; j++) {
    let m = 0;
    for (let i = 0; i < ds.n; i++) m += ds.x[i * ds.d + j]!;
    m /= ds.n;
    let v = 0;
    for (let i = 0; i < ds.n; i++) v += (ds.x[i * ds.d + j]! - m) ** 2;
    const s = Math.sqrt(v / ds.n);
    for (let i = 0; i < ds.n; i++) x[i * ds.d + j] = (ds.x[i * ds.d + j]! - m) / s;
  }
  return { ...ds, x };
}

describe('1. data', () => {
  it('fails a NaN feature and passes clean data', () => {
    const ds = blobs();
    const x = ds.x.slice();
    x[7] = NaN;
    const bad = finiteCheck(fixture({ ds: { ...ds, x } }));
    expect(bad.status).toBe('fail');
    expect(bad.value).toContain('1 training features');
    expect(finiteCheck(fixture()).status).toBe('pass');
  });

  it('warns for constant features', () => {
    const ds = blobs();
    const x = ds.x.slice();
    for (let i = 0; i < ds.n; i++) x[i * ds.d + 2] = 3;
    expect(constantFeaturesCheck(fixture({ ds: { ...ds, x } }))).toMatchObject({ status: 'warn', value: '1 of 4 features' });
    expect(constantFeaturesCheck(fixture()).status).toBe('pass');
  });

  it('grades class balance: 40/40 passes, 4/40 warns, a missing class fails', () => {
    expect(classBalanceCheck(fixture()).value).toContain('40/40 = 1');
    const ds = blobs();
    // Keep every row of classes 1 and 2 and 4 of the 40 rows of class 0.
    const keep = Array.from({ length: ds.n }, (_, i) => i).filter((i) => ds.y[i] !== 0 || i < 12);
    const sub = (rows: number[]) => ({ ...ds, n: rows.length, x: Float32Array.from(rows.flatMap((i) => Array.from(ds.x.subarray(i * 4, i * 4 + 4)))), y: Float32Array.from(rows.map((i) => ds.y[i]!)) });
    expect(classBalanceCheck(fixture({ ds: sub(keep) }))).toMatchObject({ status: 'warn', value: 'smallest/largest class = 4/40 = 0.1' });
    expect(classBalanceCheck(fixture({ ds: sub(keep.filter((i) => ds.y[i] !== 0)) })).status).toBe('fail');
  });

  it('checks that standardize left the features centred and scaled', () => {
    expect(preprocessingCheck(fixture({ ds: standardized(), preprocess: ['standardize'] })).status).toBe('pass');
    // The config asks for standardize but the features are raw: the preprocessing did not happen.
    expect(preprocessingCheck(fixture({ preprocess: ['standardize'] })).status).toBe('fail');
    const ds = blobs();
    const far = { ...ds, x: ds.x.map((v, i) => (i % 4 === 0 ? 1000 + 500 * v : v)) };
    expect(preprocessingCheck(fixture({ ds: far })).status).toBe('warn');
  });

  it('judges per-channel standardization per channel: a border always 0 and a centre of ones pass as one channel', () => {
    // One channel of 2x2 pixels, 2 images: pixels 0 and 3 always -1, pixels 1 and 2 always +1. The
    // channel has mean 0 and std 1; each pixel has mean +-1 and std 0.
    const x = Float32Array.from([-1, 1, 1, -1, -1, 1, 1, -1]);
    const ds = { ...blobs(), x, n: 2, d: 4, y: Float32Array.of(0, 1), shape: [1, 2, 2] };
    expect(preprocessingCheck(fixture({ ds, preprocess: ['standardize per channel'] }))).toMatchObject({ status: 'pass', value: 'per channel: max |mean| 0, std 1 .. 1' });
    // Judged per pixel, the same features fail (each pixel's mean is +-1, its std 0).
    expect(preprocessingCheck(fixture({ ds, preprocess: ['standardize'] })).status).toBe('fail');
    // Off by a constant: the channel is not centred.
    expect(preprocessingCheck(fixture({ ds: { ...ds, x: x.map((v) => v + 0.5) }, preprocess: ['center per channel'] })).status).toBe('fail');
  });

  it('finds validation rows that repeat training rows', () => {
    const val = blobs(10, 99);
    expect(overlapCheck(fixture({ validation: val })).status).toBe('pass');
    const x = val.x.slice();
    x.set(blobs().x.subarray(0, 8), 0); // two training rows copied into validation
    expect(overlapCheck(fixture({ validation: { ...val, x } }))).toMatchObject({ status: 'warn', value: '2 of 30 validation rows' });
    expect(overlapCheck(fixture({ validation: blobs() })).status).toBe('fail');
  });
});

describe('2-3. initial loss and regularization', () => {
  it('expects ln C for softmax and (C - 1) x margin for svm at zero scores', () => {
    const batch = batchOf(trainingData(blobs()), Int32Array.from([0, 1, 2, 3]), 'float32');
    expect(expectedInitialLoss(lossByName('softmaxCrossEntropy'), batch, 3).value).toBeCloseTo(Math.log(3), 6);
    expect(expectedInitialLoss(lossByName('svm'), batch, 3).value).toBeCloseTo(2, 6);
    expect(expectedInitialLoss(lossByName('svm', { delta: 2 }), batch, 3).value).toBeCloseTo(4, 6);
  });

  it('passes a small initialization and fails init scale x100', () => {
    const good = initialLossCheck(fixture({ layers: TANH, tweak: scaleWeights(0.1) }));
    expect(good.status).toBe('pass');
    expect(Number.parseFloat(good.value)).toBeCloseTo(Math.log(3), 1);
    expect(initialLossCheck(fixture({ layers: TANH, tweak: scaleWeights(100) })).status).toBe('fail');
  });

  it('regularization raises the loss, unless every weight is zero', () => {
    const good = regularizationCheck(fixture({ regularization: { l2: 0.1 } }));
    expect(good.status).toBe('pass');
    expect(regularizationCheck(fixture({ regularization: { l2: 0.1 }, tweak: scaleWeights(0) })).status).toBe('fail');
    expect(regularizationCheck(fixture()).value).toBe('no regularization configured');
  });
});

describe('5. overfit a tiny subset', () => {
  it('memorizes 20 examples, even with labels shuffled against the features', () => {
    expect(overfitTinyCheck(fixture()).status).toBe('pass');
    const ds = blobs();
    const perm = new Rng(4).permutation(ds.n);
    const shuffled = { ...ds, y: Float32Array.from(perm, (i) => ds.y[i]!) };
    expect(overfitTinyCheck(fixture({ ds: shuffled })).status).toBe('pass');
  });

  it('fails when the learning rate is far too low to get anywhere', () => {
    expect(overfitTinyCheck(fixture({ optimizer: { type: 'sgd', lr: 1e-7 } }), { steps: 200 }).status).toBe('fail');
  });
});

describe('6-7. learning-rate range and update ratio', () => {
  it('passes a sensible rate, fails a rate of 10, warns a rate far too low', () => {
    expect(lrRangeCheck(fixture()).status).toBe('pass');
    const high = lrRangeCheck(fixture({ optimizer: { type: 'sgd', lr: 10 } }));
    expect(high.status).toBe('fail');
    expect(lrRangeCheck(fixture({ optimizer: { type: 'sgd', lr: 1e-6 } })).status).toBe('warn');
  });

  it('measures ||lr * grad|| / ||W|| for one plain SGD step', () => {
    const ds = blobs(10);
    const input = fixture({ ds, layers: [{ type: 'linear', units: 3 }], optimizer: { type: 'sgd', lr: 0.1 }, batchSize: ds.n });
    // The oracle: the gradient of the mean loss over all rows, from backward, before any step.
    const model = input.model('float32');
    const batch = batchOf(input.train, Int32Array.from({ length: ds.n }, (_, i) => i), 'float32');
    backward(input.loss.fn(model.forward(batch.x), batch.target));
    const [, w] = model.namedParameters()[0]!;
    const norm = (a: ArrayLike<number>) => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));
    const expected = (0.1 * norm(w.grad!.data)) / norm(w.data);
    expect(updateRatios(input, 1)['layers.0.weight']).toBeCloseTo(expected, 5);
  });

  it('passes ratios near 1e-3 and fails a learning rate of 10', () => {
    expect(updateRatioCheck(fixture({ optimizer: { type: 'adam', lr: 5e-4 } })).status).toBe('pass');
    expect(updateRatioCheck(fixture({ optimizer: { type: 'sgd', lr: 10 } })).status).toBe('fail');
  });
});

describe('8. dead and saturated units', () => {
  it('passes a healthy relu net, fails tanh at init scale x100 and relus with a bias of -100', () => {
    expect(deadUnitsCheck(fixture()).status).toBe('pass');
    const saturated = deadUnitsCheck(fixture({ layers: TANH, tweak: scaleWeights(100) }));
    expect(saturated.status).toBe('fail');
    expect(saturated.value).toMatch(/saturated layers\.1 0\.9/);
    const deadBias = (m: Module) => {
      const b = m.namedParameters().find(([n]) => n === 'layers.0.bias')![1];
      b.data.fill(-100);
      return m;
    };
    const dead = deadUnitsCheck(fixture({ tweak: deadBias }));
    expect(dead.status).toBe('fail');
    expect(dead.value).toContain('dead layers.1 1');
  });
});

describe('9. initialization symmetry', () => {
  it('passes random weights, fails zeros and identical units', () => {
    expect(symmetryCheck(fixture()).status).toBe('pass');
    expect(symmetryCheck(fixture({ tweak: scaleWeights(0) })).value).toContain('layers.0.weight all zero');
    const identical = (m: Module) => {
      const [, w] = m.namedParameters()[0]!; // (4, 16): copy column 0 into every column
      for (let i = 0; i < 4; i++) for (let j = 1; j < 16; j++) w.data[i * 16 + j] = w.data[i * 16]!;
      return m;
    };
    const bad = symmetryCheck(fixture({ tweak: identical }));
    expect(bad.status).toBe('fail');
    expect(bad.value).toBe('layers.0.weight identical units');
  });
});

describe('10. signal propagation', () => {
  const deep = [1, 2, 3, 4].flatMap(() => [{ type: 'linear', units: 32 }, 'tanh']).concat([{ type: 'linear', units: 3 }]);
  it('passes xavier/tanh, warns when every layer shrinks the signal, fails all-zero weights', () => {
    expect(signalPropagationCheck(fixture({ layers: deep })).status).toBe('pass');
    const shrinking = signalPropagationCheck(fixture({ layers: deep, tweak: scaleWeights(0.2) }));
    expect(shrinking.status).toBe('warn');
    expect(shrinking.hint).toMatch(/collapse/);
    expect(signalPropagationCheck(fixture({ tweak: scaleWeights(0) })).status).toBe('fail');
  });
});

describe('11. architecture lint', () => {
  const rng = () => new Rng(0);
  it('finds sigmoid in a hidden layer, linear after linear, dropout before a regression output, batch norm with batch size 1', () => {
    expect(architectureFindings([linear(2, 4, { rng: rng() }), sigmoid(), linear(4, 1, { rng: rng() })], 'regression', 8)[0]).toMatch(/layer 1: sigmoid/);
    expect(architectureFindings([linear(2, 4, { rng: rng() }), dropout(0.5), linear(4, 1, { rng: rng() })], 'classification', 8)[0]).toMatch(/layers 0 and 2: two linear/);
    const reg = architectureFindings([linear(2, 4, { rng: rng() }), relu(), dropout(0.5), linear(4, 1, { rng: rng() })], 'regression', 8);
    expect(reg).toEqual([expect.stringMatching(/layer 2: dropout directly before a regression output/)]);
    expect(architectureFindings([linear(2, 4, { rng: rng() }), batchNorm(4), tanh(), linear(4, 1, { rng: rng() })], 'classification', 1)[0]).toMatch(/batch size 1/);
    // A sigmoid output layer and a clean net raise nothing.
    expect(architectureFindings([linear(2, 4, { rng: rng() }), relu(), linear(4, 1, { rng: rng() }), sigmoid()], 'classification', 8)).toEqual([]);
  });

  it('warns through the check and passes the default fixture', () => {
    expect(architectureLintCheck(fixture()).status).toBe('pass');
    expect(architectureLintCheck(fixture({ layers: [{ type: 'linear', units: 8 }, 'sigmoid', { type: 'linear', units: 3 }] })).status).toBe('warn');
  });
});
