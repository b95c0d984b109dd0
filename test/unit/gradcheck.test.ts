// The gradient checker itself: it must catch a wrong backward, pass a right one, tell a kink from a
// bug, honour its options, and leave its inputs exactly as it found them.
import { describe, expect, it } from 'vitest';
import { record } from '../../src/autograd/record.js';
import { gradcheck, relativeError, verdictOf } from '../../src/check/gradcheck.js';
import { noGrad } from '../../src/context.js';
import { DTypeError, ShapeError } from '../../src/errors.js';
import { add, mul, relu, reshape, sum } from '../../src/ops/index.js';
import { onesLike, randn, tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** x^2 with a backward scaled by `factor` (1 is correct). */
function square(x: Tensor, factor: number): Tensor {
  const out = noGrad(() => mul(x, x));
  return record(out, 'badSquare', [x], (g) => [mul(mul(g, x), 2 * factor)]);
}

/** x^2 whose backward is wrong at one flat position only. */
function squareWrongAt(x: Tensor, flat: number): Tensor {
  const out = noGrad(() => mul(x, x));
  return record(out, 'squareWrongAt', [x], (g) => {
    const grad = mul(mul(g, x), 2);
    grad.data[flat] = grad.data[flat]! + 0.5;
    return [grad];
  });
}

/** x^2 whose backward ignores the incoming gradient (as if gradOut were all ones). */
function squareIgnoringGradOut(x: Tensor): Tensor {
  const out = noGrad(() => mul(x, x));
  return record(out, 'squareIgnoringGradOut', [x], () => [mul(x, 2)]);
}

const x64 = (seed: number, shape = [2, 3]): Tensor => randn(shape, { dtype: 'float64', seed });

describe('gradcheck catches wrong gradients', () => {
  it('flags a backward scaled by 1.01 as suspicious or wrong, with relative error 0.01 / 1.01', () => {
    const report = gradcheck((x) => sum(square(x, 1.01)), [x64(1)]);
    expect(report.passed).toBe(false);
    expect(['suspicious', 'wrong']).toContain(report.inputs[0]!.verdict);
    // analytic = 1.01 n, so |a - n| / max(|a|, |n|) = 0.01 / 1.01 at every coordinate
    expect(report.maxRelativeError).toBeCloseTo(0.01 / 1.01, 6);
    const worst = report.inputs[0]!.worst!;
    expect(worst.analytic / worst.numeric).toBeCloseTo(1.01, 6);
    expect(worst.coordinate).toHaveLength(2);
  });

  it('reports the one wrong coordinate as the worst', () => {
    expect(gradcheck((x) => square(x, 1), [x64(2)]).passed).toBe(true);
    const bad = gradcheck((x) => squareWrongAt(x, 5), [x64(2)]);
    expect(bad.passed).toBe(false);
    expect(bad.inputs[0]!.worst!.coordinate).toEqual([1, 2]);
    expect(bad.inputs[0]!.verdict).toBe('wrong');
  });

  it('catches a backward that ignores gradOut (non-scalar output, random projection)', () => {
    const report = gradcheck((x) => squareIgnoringGradOut(x), [x64(3)]);
    expect(report.passed).toBe(false);
  });

  it('projects a non-scalar output with weights of random sign and size in [0.5, 1.5)', () => {
    // Regression: normal weights near 0 shrank some gradients into the finite-difference noise,
    // and a correct mul read as "suspicious" (relative error 2e-4).
    let seen: number[] = [];
    const spy = (x: Tensor): Tensor => {
      const out = noGrad(() => mul(x, 1));
      return record(out, 'spy', [x], (g) => {
        seen = Array.from(g.data);
        return [g];
      });
    };
    expect(gradcheck(spy, [x64(10, [200])]).passed).toBe(true);
    expect(seen).toHaveLength(200);
    expect(seen.every((w) => Math.abs(w) >= 0.5 && Math.abs(w) < 1.5)).toBe(true);
    expect(seen.some((w) => w < 0) && seen.some((w) => w > 0)).toBe(true);
    expect(new Set(seen).size).toBe(200);
  });

  it('passes a correct op with a fine verdict', () => {
    const report = gradcheck((x, y) => sum(add(mul(x, y), mul(x, x))), [x64(4), x64(5)]);
    expect(report.passed).toBe(true);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
    expect(report.inputs.map((r) => r.verdict)).toEqual(['fine', 'fine']);
    expect(report.inputs.map((r) => r.checked)).toEqual([6, 6]);
  });
});

describe('gradcheck kinks and sampling', () => {
  it('flags relu with an input within h of 0 as a kink, not a failure', () => {
    const x = tensor([1e-7, 0.5, -0.7], { dtype: 'float64' });
    const report = gradcheck((t) => relu(t), [x]);
    expect(report.passed).toBe(true);
    expect(report.inputs[0]!.kinks).toBe(1);
    expect(report.inputs[0]!.checked).toBe(2);
  });

  it('reports that kink as a failure when kink detection is off', () => {
    const x = tensor([1e-7, 0.5, -0.7], { dtype: 'float64' });
    const report = gradcheck((t) => relu(t), [x], { detectKinks: false });
    expect(report.passed).toBe(false);
    expect(report.inputs[0]!.worst!.coordinate).toEqual([0]);
  });

  it('checks only `samples` coordinates, reproducibly for a seed', () => {
    const x = x64(6, [4, 5]);
    const report = gradcheck((t) => sum(mul(t, t)), [x], { samples: 5, seed: 3 });
    expect(report.inputs[0]!.checked + report.inputs[0]!.kinks).toBe(5);
    let calls = 0;
    gradcheck(
      (t) => {
        calls++;
        return sum(mul(t, t));
      },
      [x],
      { samples: 5 },
    );
    // one recorded forward, one unperturbed objective, then two per sampled coordinate
    expect(calls).toBe(2 + 2 * 5);
    const again = gradcheck((t) => sum(square(t, 1.01)), [x], { samples: 5, seed: 3 });
    const twice = gradcheck((t) => sum(square(t, 1.01)), [x], { samples: 5, seed: 3 });
    expect(again.inputs[0]!.worst).toEqual(twice.inputs[0]!.worst);
  });
});

describe('verdicts and relative error', () => {
  it('verdictOf follows the notes: <= 1e-7 fine, >= 1e-4 suspicious, >= 1e-2 wrong', () => {
    expect(verdictOf(0)).toBe('fine');
    expect(verdictOf(1e-7)).toBe('fine');
    expect(verdictOf(2e-7)).toBe('acceptable');
    expect(verdictOf(9.9e-5)).toBe('acceptable');
    expect(verdictOf(1e-4)).toBe('suspicious');
    expect(verdictOf(9.9e-3)).toBe('suspicious');
    expect(verdictOf(1e-2)).toBe('wrong');
    expect(verdictOf(Number.NaN)).toBe('wrong');
    expect(verdictOf(1e-3, { fine: 1e-8, suspicious: 1e-2, wrong: 1e-1 })).toBe('acceptable');
  });

  it('relativeError is |a - n| / max(|a|, |n|, floor), 0 when both are 0', () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(-0, 0)).toBe(0);
    expect(relativeError(1, 1.01)).toBeCloseTo(0.01 / 1.01, 15);
    expect(relativeError(1.01, 1)).toBeCloseTo(0.01 / 1.01, 15);
    expect(relativeError(0, 3)).toBe(1);
    expect(relativeError(-2, 2)).toBe(2);
    expect(relativeError(1e-12, 0, 1e-8)).toBeCloseTo(1e-4, 15);
  });
});

describe('gradcheck inputs and outputs', () => {
  it('throws DTypeError for a float32 input or output', () => {
    expect(() => gradcheck((t) => sum(t), [randn([3], { seed: 1 })])).toThrow(DTypeError);
    expect(() => gradcheck((t) => sum(t).to('float32'), [x64(1)])).toThrow(DTypeError);
  });

  it('restores data, grad and requiresGrad of its inputs', () => {
    const x = x64(7);
    const before = Array.from(x.data);
    const preset = onesLike(x);
    x.grad = preset;
    x.requiresGrad = false;
    const y = x64(8);
    gradcheck((a, b) => sum(mul(a, b)), [x, y]);
    expect(Array.from(x.data)).toEqual(before);
    expect(x.grad).toBe(preset);
    expect(x.requiresGrad).toBe(false);
    expect(y.grad).toBeNull();
    expect(y.requiresGrad).toBe(false);
  });

  it('restores the data even when f throws part-way (its output changes shape)', () => {
    const x = x64(9, [3]);
    const before = Array.from(x.data);
    const original = x.data[0]!;
    const f = (t: Tensor): Tensor =>
      t.data[0] === original ? mul(t, 2) : reshape(mul(t, 2), [3, 1]);
    expect(() => gradcheck(f, [x])).toThrow(ShapeError);
    expect(Array.from(x.data)).toEqual(before);
  });
});
