// Gradients too small for centered differences to judge by relative error: below the noise floor
// roundoff in f decides their relative error, so they are judged by |analytic - numeric| against
// the roundoff bound instead; within it they are counted but do not decide the verdict, beyond it
// they are a disagreement like any other. An input with nothing judged is inconclusive, never passed.
import { describe, expect, it } from 'vitest';
import { record } from '../../src/autograd/record.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { noiseFloor } from '../../src/check/noise-floor.js';
import { noGrad } from '../../src/context.js';
import { add, crossEntropyFromLogits, matmul, mul, sum, tanh } from '../../src/ops/index.js';
import { randn, tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const eps = Number.EPSILON;
const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

describe('noiseFloor', () => {
  it('is 8 eps max(1, |f|) / (h * suspicious)', () => {
    // Written out: roundoff bound 8 eps |f| per evaluation, over h, over the 1e-4 threshold.
    expect(noiseFloor(5, 1e-5)).toBeCloseTo((8 * eps * 5) / (1e-5 * 1e-4), 20);
    expect(noiseFloor(5, 1e-5) / ((8 * eps * 5) / 1e-9)).toBeCloseTo(1, 12);
    expect(noiseFloor(-0.01, 1e-6) / ((8 * eps) / 1e-10)).toBeCloseTo(1, 12);
    expect(noiseFloor(5, 1e-5, 1e-2) / ((8 * eps * 5) / 1e-7)).toBeCloseTo(1, 12);
  });

  it('keeps the roundoff of a centered difference under the suspicious threshold above it', () => {
    // Worst case for a correct gradient m at the floor: f(x+h) and f(x-h) each off by 8 eps |f|.
    for (const [f, h] of [[5, 1e-5], [0.3, 1e-6], [1e3, 3e-5]] as const) {
      // The floor written out: 8 eps max(1, |f|) / (h * 1e-4).
      const m = (8 * eps * Math.max(1, Math.abs(f))) / (h * 1e-4);
      expect(noiseFloor(f, h) / m).toBeCloseTo(1, 12);
      const worstNumeric = m + (2 * 8 * eps * Math.max(1, Math.abs(f))) / (2 * h);
      expect(Math.abs(worstNumeric - m) / worstNumeric).toBeLessThanOrEqual(1e-4);
    }
  });
});

describe('gradients below the noise floor', () => {
  // f = 5 + 1e-9 x: the gradient 1e-9 moves f by 2e-14 over 2h = 2e-5, about 22 ulps of 5.
  const tiny = (t: Tensor): Tensor => sum(add(mul(t, 1e-9), 5));
  const h = 1e-5;

  it('are roundoff-dominated here (the premise, computed by hand)', () => {
    const x = 0.3;
    const numeric = (5 + 1e-9 * (x + h) - (5 + 1e-9 * (x - h))) / (2 * h);
    expect(Math.abs(numeric - 1e-9) / 1e-9).toBeGreaterThan(1e-2);
  });

  it('make an input inconclusive with a warning: not a fail, and not a pass either', () => {
    const report = gradcheck(tiny, [f64([0.3])], { h });
    const r = report.inputs[0]!;
    expect(r).toMatchObject({ checked: 1, kinks: 0, smallGradients: 1, verdict: 'inconclusive', worst: null, passed: false });
    expect(r.noiseFloor / ((8 * eps * 5) / (h * 1e-4))).toBeCloseTo(1, 8);
    expect(r.warning).toMatch(/all 1 compared gradients are below the noise floor/);
    expect(report.passed).toBe(false);
    expect(report.warnings).toHaveLength(1);
  });

  it('do not decide the verdict of an input that has resolvable coordinates', () => {
    // Gradients r0 * 1e-9 and r1 * 1 (r = the random output weights, |r| in [0.5, 1.5)).
    const f = (t: Tensor): Tensor => add(mul(t, f64([1e-9, 1])), 5);
    const report = gradcheck(f, [f64([0.3, 0.7])], { h });
    const r = report.inputs[0]!;
    expect(r).toMatchObject({ checked: 2, smallGradients: 1, warning: null, passed: true });
    expect(r.worst!.coordinate).toEqual([1]);
    // A linear function: the centered difference is exact up to roundoff (~1e-10 here), so 'fine'.
    expect(r.verdict).toBe('fine');
    expect(report.warnings).toEqual([]);
  });

  it('still let a wrong gradient above the floor fail', () => {
    // c x + 5 with c = (1e-9, 1), whose backward reports c' = (1e-9, 2): wrong on coordinate 1 only.
    const f = (t: Tensor): Tensor => {
      const out = noGrad(() => add(mul(t, f64([1e-9, 1])), 5));
      return record(out, 'affineWrongAt1', [t], (g) => [mul(g, f64([1e-9, 2]))]);
    };
    const report = gradcheck(f, [f64([0.3, 0.7])], { h });
    expect(report.passed).toBe(false);
    expect(report.inputs[0]).toMatchObject({ smallGradients: 1, verdict: 'wrong' });
    // |2 - 1| / 2
    expect(report.maxRelativeError).toBeCloseTo(0.5, 6);
  });
});

describe('a wrong gradient below the noise floor', () => {
  // f = 1000 + c x with c = 1e-3, and a backward that reports 2c. At the default h = 1e-6 the floor
  // is 8 eps 1000 / (1e-6 1e-4) = 0.018 > 2c: both gradients are "small", yet they differ by
  // c = 1e-3, while roundoff can move the centered difference by at most 8 eps 1000 / 1e-6 = 1.8e-6.
  const c = 1e-3;
  const doubled = (t: Tensor): Tensor => {
    const out = noGrad(() => add(mul(t, c), 1000));
    return record(out, 'affineTimesTwo', [t], (g) => [mul(g, 2 * c)]);
  };

  it('is below the floor here (the premise, computed by hand)', () => {
    const floor = (8 * eps * 1000) / (1e-6 * 1e-4);
    expect(floor).toBeGreaterThan(2 * c);
    expect(noiseFloor(1000, 1e-6) / floor).toBeCloseTo(1, 12);
    // The difference's roundoff bound, far below the discrepancy c.
    expect((8 * eps * 1000) / 1e-6).toBeLessThan(c / 100);
  });

  it('fails: |analytic - numeric| = c is beyond roundoff, relative error |2c - c| / 2c = 0.5', () => {
    const report = gradcheck((t) => sum(doubled(t)), [f64([0.3, -0.7, 2])]);
    const r = report.inputs[0]!;
    expect(r).toMatchObject({ checked: 3, kinks: 0, smallGradients: 0, verdict: 'wrong', passed: false });
    expect(r.worst!.analytic).toBe(2 * c);
    expect(Math.abs(r.worst!.numeric - c)).toBeLessThan((8 * eps * 1000) / 1e-6);
    // |2c - n| / 2c with n within 1.8e-6 of c: 0.5 to within 1e-3.
    expect(Math.abs(report.maxRelativeError - 0.5)).toBeLessThan(1e-3);
    expect(report.passed).toBe(false);
  });

  it('the control: the correct backward c agrees within roundoff, and is inconclusive (not passed)', () => {
    const right = (t: Tensor): Tensor => sum(add(mul(t, c), 1000));
    const r = gradcheck(right, [f64([0.3, -0.7, 2])]).inputs[0]!;
    expect(r).toMatchObject({ checked: 3, smallGradients: 3, verdict: 'inconclusive', worst: null, passed: false });
  });
});

describe('a correct tanh network on unscaled inputs (the digits case)', () => {
  it('passes at h = 1e-5, where tiny first-layer gradients used to read as suspicious', () => {
    // 3 examples of 64 "pixels" in 0..16, 64 -> 16 tanh -> 10 logits, mean cross-entropy (~2.3+).
    const rng = new Rng(11);
    const x = tensor(Array.from({ length: 3 * 64 }, () => rng.int(17)), { shape: [3, 64], dtype: 'float64' });
    const labels = Int32Array.from([3, 7, 1]);
    const w1 = mul(randn([64, 16], { dtype: 'float64', seed: 12 }), 0.125);
    const w2 = mul(randn([16, 10], { dtype: 'float64', seed: 13 }), 0.25);
    const loss = (a: Tensor, b: Tensor): Tensor => crossEntropyFromLogits(matmul(tanh(matmul(x, a)), b), labels);
    const report = gradcheck(loss, [w1, w2], { h: 1e-5, samples: 300, seed: 1 });
    expect(report.inputs.map((r) => r.verdict).every((v) => v === 'fine' || v === 'acceptable')).toBe(true);
    expect(report.passed).toBe(true);
    expect(report.inputs.map((r) => r.kinks)).toEqual([0, 0]);
  });
});
