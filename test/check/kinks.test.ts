// Kinks in gradcheck: a kink is a jump between the one-sided slopes that does not shrink with the
// step. Smooth functions are never kinks, so a wrong backward near 0 fails instead of being skipped;
// relu, |x| and max ties are still recognised; a check that compared nothing does not pass.
import { describe, expect, it } from 'vitest';
import { record } from '../../src/autograd/record.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { noGrad } from '../../src/context.js';
import { abs, add, exp, max, mul, relu, sum } from '../../src/ops/index.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

/** x^2 with a backward of factor * 2x (factor 1 is correct). */
function square(x: Tensor, factor: number): Tensor {
  const out = noGrad(() => mul(x, x));
  return record(out, 'square', [x], (g) => [mul(mul(g, x), 2 * factor)]);
}

/** relu with a backward scaled by `factor` where x > 0 (factor 1 is correct). */
function scaledRelu(x: Tensor, factor: number): Tensor {
  const out = noGrad(() => relu(x));
  const slope = f64(Array.from(x.data, (v) => (v > 0 ? factor : 0)));
  return record(out, 'scaledRelu', [x], (g) => [mul(g, slope)]);
}

describe('a smooth function has no kinks', () => {
  for (const x0 of [1e-4, 3e-4]) {
    it(`fails a backward of 1.5 * 2x for x^2 at x = ${x0} (relative error 1/3), with no kink`, () => {
      // analytic 3x, numeric 2x: |3x - 2x| / 3x = 1/3
      const scalar = gradcheck((t) => sum(square(t, 1.5)), [f64([x0])]);
      expect(scalar.passed).toBe(false);
      expect(scalar.inputs[0]).toMatchObject({ checked: 1, kinks: 0, verdict: 'wrong' });
      expect(scalar.maxRelativeError).toBeCloseTo(1 / 3, 6);
      const vector = gradcheck((t) => sum(square(t, 1.5)), [f64([x0, x0, x0])]);
      expect(vector.passed).toBe(false);
      expect(vector.inputs[0]).toMatchObject({ checked: 3, kinks: 0, verdict: 'wrong' });
    });
  }

  it('compares at a finer step when curvature, not a kink, defeats h', () => {
    // exp(100 x) at 0 with h = 1e-3: the centered difference is 100 sinh(0.1) / 0.1 = 100.17, off by
    // 1.7e-3; at h/16 it is 100 sinh(0.00625) / 0.00625 = 100.00065. The analytic 100 is right.
    const report = gradcheck((t) => exp(mul(t, 100)), [f64([0])], { h: 1e-3 });
    expect(report.passed).toBe(true);
    expect(report.inputs[0]).toMatchObject({ checked: 1, kinks: 0 });
    const worst = report.inputs[0]!.worst!;
    expect(worst.analytic).toBeCloseTo(100, 10);
    expect(Math.abs(worst.numeric - 100)).toBeLessThan(100 * 1e-4);
    expect(report.maxRelativeError).toBeLessThan(1e-4);
  });

  it('still fails a wrong relu backward away from the kink, and skips the kink', () => {
    const report = gradcheck((t) => scaledRelu(t, 1.5), [f64([1e-7, 0.5, -0.7])]);
    expect(report.passed).toBe(false);
    expect(report.inputs[0]!.kinks).toBe(1);
    expect(report.inputs[0]!.worst!.coordinate).toEqual([1]);
    // analytic 1.5, numeric 1: 0.5 / 1.5
    expect(report.maxRelativeError).toBeCloseTo(1 / 3, 6);
  });
});

describe('kinks are recognised', () => {
  const h = 1e-6;
  // Distances from the kink as fractions of h: well inside the step, inside h/4, and just inside
  // h (where a finer step no longer crosses it).
  for (const fraction of [1e-3, 0.07, 0.2, 0.6, 0.95]) {
    for (const side of [1, -1]) {
      const d = side * fraction * h;
      it(`relu, |x| and a near-tie of max at ${d.toExponential(1)} from the kink (h = ${h}): a kink, not a failure`, () => {
        for (const f of [relu, abs]) {
          const report = gradcheck(f, [f64([d, 0.5])], { h });
          expect(report.inputs[0]).toMatchObject({ kinks: 1, checked: 1, verdict: 'fine' });
          expect(report.passed).toBe(true);
        }
        // Both entries of a near-tie cross it; the third, never the max, has gradient 0.
        const m = gradcheck((t) => max(t), [f64([0.5 + d, 0.5, 0.1])], { h });
        expect(m.inputs[0]).toMatchObject({ kinks: 2, checked: 1, smallGradients: 1 });
      });
    }
  }

  it('relu exactly at 0 is a kink: subgradient 0, centered difference 1/2', () => {
    const report = gradcheck((t) => sum(relu(t)), [f64([0, 0.5])]);
    expect(report.inputs[0]).toMatchObject({ kinks: 1, checked: 1, verdict: 'fine' });
  });

  it('|x| at 0 and an exact max tie are no failures: the centered difference equals the subgradient', () => {
    // |x| at 0: (h - h) / 2h = 0 = |x|'(0). Max tie: (h - 0) / 2h = 1/2, the even split.
    const a = gradcheck((t) => sum(abs(t)), [f64([0, 0.5])]);
    expect(a.inputs[0]).toMatchObject({ kinks: 0, checked: 2, smallGradients: 1 });
    const m = gradcheck((t) => max(t), [f64([0.5, 0.5, 0.1])]);
    expect(m.inputs[0]).toMatchObject({ kinks: 0, checked: 3, smallGradients: 1 });
    expect(m.inputs[0]!.worst!.numeric).toBeCloseTo(0.5, 8);
  });
});

describe('a check that compared nothing does not pass', () => {
  it('fails, as inconclusive with a warning, when every sampled coordinate crossed a kink', () => {
    const report = gradcheck((t) => relu(t), [f64([0, 0])]);
    expect(report.passed).toBe(false);
    expect(report.inputs[0]).toMatchObject({ checked: 0, kinks: 2, verdict: 'inconclusive', passed: false, worst: null });
    expect(report.inputs[0]!.warning).toMatch(/kink at every one of the 2 sampled coordinates/);
    expect(report.warnings).toEqual([`input 0: ${report.inputs[0]!.warning!}`]);
  });

  it('judges each input on its own: a kinked input fails the report even when another passes', () => {
    const report = gradcheck((a, b) => sum(add(relu(a), mul(b, b))), [f64([0]), f64([2])]);
    expect(report.inputs.map((r) => r.passed)).toEqual([false, true]);
    expect(report.inputs[1]!.verdict).toBe('fine');
    expect(report.passed).toBe(false);
  });
});
