// The model gradient check's other steps: a wrong gradient that happens to agree with centered
// differences at one step must still fail, while a correct one that only the default step cannot
// judge passes at two steps that agree.
import { describe, expect, it } from 'vitest';
import type { DType } from '../../src/backend/backend.js';
import { record } from '../../src/autograd/record.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { noGrad } from '../../src/context.js';
import { gradcheckModel } from '../../src/doctor/gradcheck-model.js';
import { judgeAcrossSteps } from '../../src/doctor/gradcheck-steps.js';
import { linear } from '../../src/nn/layers/linear.js';
import { relu } from '../../src/nn/layers/relu.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { Module } from '../../src/nn/module.js';
import { Parameter } from '../../src/nn/parameter.js';
import { add, mul, sum } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import { allocBuf, type Tensor } from '../../src/tensor/tensor.js';
import { fixture } from './fixtures.js';

// sin(k x) / k has derivative cos(k x); its centered difference at step h is cos(k x) sin(k h) / (k h).
// With k h = 1 at h = 1e-4 that is sin(1) cos(k x): a backward reporting sin(1) cos(k x), 16% low,
// agrees exactly at that one step and at no other.
const K = 1e4;
const LUCKY = Math.sin(1);
const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

/** sin(k x) / k elementwise, with a backward of `factor` cos(k x) (factor 1 is correct). */
function sine(x: Tensor, factor: number): Tensor {
  const out = f64(Array.from(x.data, (v) => Math.sin(K * v) / K));
  return record(out, 'sine', [x], (g) => [mul(g, f64(Array.from(x.data, (v) => factor * Math.cos(K * v))))]);
}

const X = [0.3 / K, -1 / K, 2 / K];

describe('judgeAcrossSteps', () => {
  const run = (factor: number) => (h: number) => gradcheck((t) => sum(sine(t, factor)), [f64(X)], { h });

  it('the premise: at h = 1e-4 alone the wrong backward passes; at 1e-5 it fails', () => {
    expect(run(LUCKY)(1e-4).passed).toBe(true);
    // analytic sin(1) cos, numeric ~cos: |sin(1) - 1| / 1 = 0.16
    expect(run(LUCKY)(1e-5).maxRelativeError).toBeCloseTo(1 - LUCKY, 2);
  });

  it('fails the wrong backward although one step agrees with it, listing every step tried', () => {
    const choice = judgeAcrossSteps(run(LUCKY), 1e-5);
    expect(choice.report.passed).toBe(false);
    expect(choice.h).toBe(1e-5);
    expect(choice.retries.map((r) => [r.h, r.passed])).toEqual([[1e-4, true], [1e-6, false], [1e-3, false], [1e-7, false]]);
  });

  it('passes the correct backward at the default step, with no other step tried', () => {
    expect(judgeAcrossSteps(run(1), 1e-5)).toMatchObject({ h: 1e-5, retries: [] });
    expect(judgeAcrossSteps(run(1), 1e-5).report.passed).toBe(true);
  });

  // f = 1e8 + 30 x: roundoff 8 eps 1e8 = 1.8e-7 per evaluation puts the noise floor at 1.8e-7 / (h 1e-4):
  // 178 at h = 1e-5 (30 is below it: inconclusive), 17.8 at 1e-4 and 1.8 at 1e-3 (30 is judged).
  const offset = (slope: number) => (h: number) =>
    gradcheck((t) => {
      const out = noGrad(() => add(mul(t, 30), 1e8));
      return record(out, 'offset', [t], (g) => [mul(g, slope)]);
    }, [f64([0.25])], { h });

  it('passes a correct gradient the default step cannot judge, at the nearer of two larger steps that both pass', () => {
    expect(offset(30)(1e-5).inputs[0]!.verdict).toBe('inconclusive');
    const choice = judgeAcrossSteps(offset(30), 1e-5);
    expect(choice.report.passed).toBe(true);
    expect(choice.h).toBe(1e-4);
    expect(choice.retries.filter((r) => r.passed).map((r) => r.h)).toEqual([1e-4, 1e-3]);
  });

  it('and fails the same function with a backward of 60', () => {
    expect(judgeAcrossSteps(offset(60), 1e-5).report.passed).toBe(false);
  });
});

/**
 * y = x + sin(k w) / k, w per feature; the backward for w is `factor` cos(k w) times the batch sum
 * of g. Here k = 1e6, so k h = 1 at h = 1e-6: a step small enough that the loss's own curvature
 * adds nothing to the centered difference, which is then sin(1) cos(k w) times the upstream sum.
 */
const K_MODEL = 1e6;
class SineShift extends Module {
  weight: Parameter;

  constructor(features: number, dtype: DType, readonly factor: number) {
    super();
    const data = allocBuf(dtype, features);
    for (let i = 0; i < features; i++) data[i] = (0.3 + 0.2 * i) / K_MODEL;
    this.weight = new Parameter(data, [features], 'weight');
  }

  forward(x: Tensor): Tensor {
    const w = this.weight;
    const shift = tensor(Array.from(w.data, (v) => Math.sin(K_MODEL * v) / K_MODEL), { dtype: x.dtype });
    const out = noGrad(() => add(x, shift));
    const slope = tensor(Array.from(w.data, (v) => this.factor * Math.cos(K_MODEL * v)), { dtype: x.dtype });
    return record(out, 'sineShift', [x, w], (g) => [g, mul(sum(g, 0), slope)]);
  }
}

describe('gradcheckModel does not pass a wrong gradient on the one step that suits it', () => {
  const withSine = (factor: number) => (dtype: DType) => {
    const rng = new Rng(3);
    return sequential(linear(4, 8, { rng, dtype }), new SineShift(8, dtype, factor), relu(), linear(8, 3, { rng, dtype }));
  };

  it('fails layers.1.weight, whose backward agrees with centered differences only at h = 1e-6', () => {
    const report = gradcheckModel(fixture({ model: withSine(LUCKY) }));
    const p = report.parameters.find((q) => q.name === 'layers.1.weight')!;
    expect(p.passed).toBe(false);
    expect(p.retries.map((r) => [r.h, r.passed])).toEqual([[1e-4, false], [1e-6, true], [1e-3, false], [1e-7, false]]);
    expect(report.passed).toBe(false);
  });

  it('the control: the correct backward passes', () => {
    expect(gradcheckModel(fixture({ model: withSine(1) })).passed).toBe(true);
  });
});
