import { describe, expect, it } from 'vitest';
import type { DType } from '../../src/backend/backend.js';
import { gradcheckModel } from '../../src/doctor/gradcheck-model.js';
import { formatGradcheck } from '../../src/cli/commands/gradcheck.js';
import { gradientCheck, summarizeGradcheck } from '../../src/doctor/gradient-check.js';
import { runDoctor } from '../../src/doctor/doctor.js';
import { linear } from '../../src/nn/layers/linear.js';
import { relu } from '../../src/nn/layers/relu.js';
import { sequential } from '../../src/nn/layers/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { ScaleWithBackward } from './bad-backward.js';
import { fixture, scaleWeights } from './fixtures.js';

const withScale = (factor: number) => (dtype: DType) => {
  const rng = new Rng(3);
  return sequential(linear(4, 8, { rng, dtype }), new ScaleWithBackward(8, dtype, factor), relu(), linear(8, 3, { rng, dtype }));
};

describe('gradcheckModel', () => {
  it('passes every tensor of a correct model, biases included, and checks the penalty alone', () => {
    const report = gradcheckModel(fixture({ regularization: { l2: 0.1, l1: 0.01 } }));
    expect(report.passed).toBe(true);
    expect(report.examples).toBe(3);
    expect(report.parameters.map((p) => p.name)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.2.weight', 'layers.2.bias', 'regularization']);
    // Small tensors are checked in full: 4x16 weight, 16 biases, 16x3 weight, 3 biases (less kinks).
    const sizes = [64, 16, 48, 3];
    report.parameters.slice(0, 4).forEach((p, i) => expect(p.checked + p.kinks).toBe(sizes[i]));
    for (const p of report.parameters) expect(p.maxRelativeError).toBeLessThan(1e-4);
  });

  it('samples at most `coordinates` per tensor', () => {
    const report = gradcheckModel(fixture(), { coordinates: 5 });
    for (const p of report.parameters) expect(p.checked + p.kinks).toBe(Math.min(5, [64, 16, 48, 3][report.parameters.indexOf(p)]!));
  });

  it('fails exactly the tensor whose backward is wrong, and the control passes', () => {
    const bad = gradcheckModel(fixture({ model: withScale(2) }));
    expect(bad.passed).toBe(false);
    const failed = bad.parameters.filter((p) => !p.passed).map((p) => p.name);
    expect(failed).toEqual(['layers.1.weight']);
    const wrong = bad.parameters.find((p) => p.name === 'layers.1.weight')!;
    // Analytic = 2 x numeric: |2n - n| / |2n| = 0.5 wherever the gradient is not ~0.
    expect(wrong.maxRelativeError).toBeCloseTo(0.5, 3);
    // Every other step was tried (10h, h/10, 100h, h/100) and failed too.
    expect(wrong.retries.map((r) => [r.h, r.passed])).toEqual([[1e-4, false], [1e-6, false], [1e-3, false], [1e-7, false]]);
    expect(gradcheckModel(fixture({ model: withScale(1) })).passed).toBe(true);
  });

  it('the doctor fails its gradient check (and only that) on the wrong backward', () => {
    const report = runDoctor(fixture({ model: withScale(2) }));
    expect(report.passed).toBe(false);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.name)).toEqual(['gradient check']);
    expect(gradientCheck(fixture({ model: withScale(1) })).status).toBe('pass');
  });

  it('warns when the gradients are too small to compare (all-zero weights)', () => {
    const report = gradcheckModel(fixture({ tweak: scaleWeights(0) }));
    // With every weight 0, the first layer's gradients are exactly 0: nothing above roundoff.
    const first = report.parameters.find((p) => p.name === 'layers.0.weight')!;
    expect(first.smallGradients).toBe(true);
    expect(first.verdict).toBe('inconclusive');
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toMatch(/^input 0: all \d+ compared gradients are below the noise floor/);
    // The table says why, under the parameter's name.
    expect(formatGradcheck(report)).toContain(`warning: layers.0.weight, ${first.warnings[0]}`);
    const check = gradientCheck(fixture({ tweak: scaleWeights(0) }));
    expect(check.status).toBe('warn');
    expect(check.hint).toMatch(/within roundoff of 0 for .*layers\.0\.weight/);
  });

  it('warns, naming the tensor, when every sampled step crossed a kink (nothing compared)', () => {
    // A report written by hand: one tensor passed, one had every coordinate skipped as a kink.
    const tensor = (name: string, passed: boolean, verdict: 'fine' | 'inconclusive') => ({
      name, checked: passed ? 30 : 0, kinks: passed ? 0 : 30, maxRelativeError: 0, verdict, passed, h: 1e-5,
      retries: [], maxGradient: 1, smallGradients: false, warnings: [],
    });
    const check = summarizeGradcheck({
      passed: false, examples: 4, parameters: [tensor('layers.0.weight', true, 'fine'), tensor('layers.2.weight', false, 'inconclusive')],
    });
    expect(check.status).toBe('warn');
    expect(check.hint).toMatch(/^nothing could be compared for layers\.2\.weight: every sampled step crossed a kink/);
  });

  it('accepts burn-in steps before checking', () => {
    expect(gradcheckModel(fixture(), { burnIn: 5, examples: 4 }).passed).toBe(true);
  });
});
