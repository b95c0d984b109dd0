import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ShapeError } from '../../src/errors.js';
import { applyPreprocess } from '../../src/data/preprocess/apply-preprocess.js';
import { fitApplyPreprocess, fitPreprocess } from '../../src/data/preprocess/fit-preprocess.js';
import { parseFrozenPreprocess } from '../../src/data/preprocess/frozen.js';
import { Rng } from '../../src/tensor/rng.js';

/** n rows of d features: feature j ~ N(shift[j], scale[j]^2), plus a mix of feature 0 into the rest. */
function gaussian(
  n: number,
  d: number,
  seed: number,
  shift: number[],
  scale: number[],
): Float32Array {
  const rng = new Rng(seed);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const z0 = rng.normal();
    for (let j = 0; j < d; j++) {
      const mix = j === 0 ? z0 : 0.5 * z0 + rng.normal();
      x[i * d + j] = shift[j]! + scale[j]! * mix;
    }
  }
  return x;
}

/** Column means and the (1/n) covariance, computed here directly in float64. */
function stats(x: Float32Array, n: number, d: number): { mean: number[]; cov: number[][] } {
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * d + j]!;
    return s / n;
  });
  const cov = mean.map((_, a) =>
    mean.map((__, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i * d + a]! - mean[a]!) * (x[i * d + b]! - mean[b]!);
      return s / n;
    }),
  );
  return { mean, cov };
}

/** Eigenvalues of a symmetric 3x3 matrix, descending, by the trigonometric formula (Smith 1961). */
function eig3(m: number[][]): number[] {
  const [[a, b, c], [, e, f], [, , i]] = m as [
    [number, number, number],
    [number, number, number],
    [number, number, number],
  ];
  const q = (a + e + i) / 3;
  const p1 = b * b + c * c + f * f;
  const p2 = (a - q) ** 2 + (e - q) ** 2 + (i - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  const B = [
    [a - q, b, c],
    [b, e - q, f],
    [c, f, i - q],
  ].map((row) => row.map((v) => v / p));
  const detB =
    B[0]![0]! * (B[1]![1]! * B[2]![2]! - B[1]![2]! * B[2]![1]!) -
    B[0]![1]! * (B[1]![0]! * B[2]![2]! - B[1]![2]! * B[2]![0]!) +
    B[0]![2]! * (B[1]![0]! * B[2]![1]! - B[1]![1]! * B[2]![0]!);
  const phi = Math.acos(Math.min(1, Math.max(-1, detB / 2))) / 3;
  const l1 = q + 2 * p * Math.cos(phi);
  const l3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [l1, 3 * q - l1 - l3, l3];
}

describe('standardize', () => {
  const n = 400;
  const d = 3;
  const train = gaussian(n, d, 1, [5, -2, 100], [2, 0.5, 30]);

  it('gives the training features mean 0 and std 1 per feature', () => {
    const out = applyPreprocess(fitPreprocess(['standardize'], train, n, d), train, n);
    const { mean, cov } = stats(out, n, d);
    for (let j = 0; j < d; j++) {
      expect(mean[j]).toBeCloseTo(0, 5);
      expect(Math.sqrt(cov[j]![j]!)).toBeCloseTo(1, 5);
    }
  });

  it('transforms validation data with the TRAINING statistics (no leakage, no re-centring)', () => {
    const frozen = fitPreprocess(['standardize'], train, n, d);
    const m = 200;
    const val = gaussian(m, d, 2, [9, 3, 40], [2, 0.5, 30]); // means differ from the training data
    const out = applyPreprocess(frozen, val, m);
    const t = stats(train, n, d);
    const v = stats(val, m, d);
    const o = stats(out, m, d);
    for (let j = 0; j < d; j++) {
      const expected = (v.mean[j]! - t.mean[j]!) / Math.sqrt(t.cov[j]![j]!);
      expect(Math.abs(expected)).toBeGreaterThan(1); // the shift is large, so re-centring would show
      expect(o.mean[j]).toBeCloseTo(expected, 4);
    }
  });

  it('leaves a constant feature at 0 instead of dividing by a zero std', () => {
    const x = new Float32Array([1, 7, 2, 7, 3, 7]);
    const frozen = fitPreprocess(['standardize'], x, 3, 2);
    const out = applyPreprocess(frozen, x, 3);
    expect([out[1], out[3], out[5]]).toEqual([0, 0, 0]);
    expect(out[0]).toBeCloseTo(-Math.sqrt(1.5), 6); // (1 - 2) / sqrt(2/3)
  });
});

describe('center and minmax', () => {
  it('center subtracts the training mean, also from other data', () => {
    const frozen = fitPreprocess(['center'], new Float32Array([1, 10, 3, 20]), 2, 2);
    expect([...applyPreprocess(frozen, new Float32Array([0, 0]), 1)]).toEqual([-2, -15]);
  });

  it('minmax maps each training feature onto [-1, 1] and extends linearly beyond it', () => {
    const x = new Float32Array([0, -5, 10, 5, 4, 0]);
    const frozen = fitPreprocess(['minmax'], x, 3, 2);
    expect([...applyPreprocess(frozen, x, 3)]).toEqual([-1, -1, 1, 1, Math.fround(-0.2), 0]);
    // 2 (20 - 0) / 10 - 1 = 3 and 2 (-10 + 5) / 10 - 1 = -2: values outside the range are not clipped.
    expect([...applyPreprocess(frozen, new Float32Array([20, -10]), 1)]).toEqual([3, -2]);
  });

  it('minmax puts a constant feature at 0', () => {
    const frozen = fitPreprocess(['minmax'], new Float32Array([4, 4]), 2, 1);
    expect([...applyPreprocess(frozen, new Float32Array([4, 5]), 2)]).toEqual([0, 1]);
  });
});

describe('pca', () => {
  it('2-D: explained variance equals the closed-form eigenvalues of the 2x2 covariance', () => {
    const n = 300;
    const x = gaussian(n, 2, 3, [1, 2], [3, 1]);
    const { cov } = stats(x, n, 2);
    const [a, b, c] = [cov[0]![0]!, cov[0]![1]!, cov[1]![1]!];
    const mid = (a + c) / 2;
    const rad = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const frozen = fitPreprocess([{ type: 'pca', components: 2 }], x, n, 2);
    const step = frozen.steps[0]!;
    if (step.type !== 'pca') throw new Error('expected a pca step');
    expect(step.explainedVariance[0]).toBeCloseTo(mid + rad, 4);
    expect(step.explainedVariance[1]).toBeCloseTo(mid - rad, 4);
    expect(step.explainedVarianceRatio[0]).toBeCloseTo((mid + rad) / (a + c), 6);
  });

  it('3-D: k = 2 keeps the top two eigenvalues (trigonometric closed form), orthonormal components', () => {
    const n = 500;
    const d = 3;
    const x = gaussian(n, d, 4, [0, 1, 2], [4, 2, 0.5]);
    const expected = eig3(stats(x, n, d).cov);
    const frozen = fitPreprocess([{ type: 'pca', components: 2 }], x, n, d);
    const step = frozen.steps[0]!;
    if (step.type !== 'pca') throw new Error('expected a pca step');
    expect(frozen.outputDim).toBe(2);
    expect(step.explainedVariance[0]).toBeCloseTo(expected[0]!, 3);
    expect(step.explainedVariance[1]).toBeCloseTo(expected[1]!, 3);
    const w = step.components;
    const dot = (p: number, q: number) =>
      w[p * d]! * w[q * d]! + w[p * d + 1]! * w[q * d + 1]! + w[p * d + 2]! * w[q * d + 2]!;
    expect(dot(0, 0)).toBeCloseTo(1, 12);
    expect(dot(1, 1)).toBeCloseTo(1, 12);
    expect(dot(0, 1)).toBeCloseTo(0, 12);
    // The projected training data is uncorrelated, with variances = the eigenvalues.
    const z = stats(applyPreprocess(frozen, x, n), n, 2);
    expect(z.mean[0]).toBeCloseTo(0, 4);
    expect(z.cov[0]![0]).toBeCloseTo(expected[0]!, 2);
    expect(z.cov[0]![1]! / expected[0]!).toBeCloseTo(0, 5);
  });

  it('variance: keeps the fewest components reaching the share (from closed-form eigenvalues)', () => {
    const n = 500;
    const x = gaussian(n, 3, 5, [0, 0, 0], [10, 3, 0.1]);
    const ev = eig3(stats(x, n, 3).cov);
    const total = ev[0]! + ev[1]! + ev[2]!;
    const share1 = ev[0]! / total;
    const share2 = (ev[0]! + ev[1]!) / total;
    const k = (v: number) => fitPreprocess([{ type: 'pca', variance: v }], x, n, 3).outputDim;
    expect(k(share1 - 0.01)).toBe(1);
    expect(k(share1 + 0.01)).toBe(2);
    expect(k((share2 + 1) / 2)).toBe(3);
    expect(k(1)).toBe(3);
  });

  it('components > features is a ConfigError at the step path', () => {
    const x = gaussian(10, 3, 6, [0, 0, 0], [1, 1, 1]);
    expect(() => fitPreprocess(['center', { type: 'pca', components: 4 }], x, 10, 3)).toThrowError(
      expect.objectContaining({ path: 'data.preprocess.1.components' }),
    );
  });
});

describe('whiten', () => {
  const n = 600;
  const d = 3;
  const x = gaussian(n, d, 7, [3, -1, 8], [5, 2, 0.7]);

  it('alone: the training output has ~identity covariance', () => {
    const out = applyPreprocess(fitPreprocess(['whiten'], x, n, d), x, n);
    const { mean, cov } = stats(out, n, d);
    for (let a = 0; a < d; a++) {
      expect(mean[a]).toBeCloseTo(0, 4);
      for (let b = 0; b < d; b++) expect(cov[a]![b]).toBeCloseTo(a === b ? 1 : 0, 3);
    }
  });

  it('after pca: whitens in the PCA basis (pca output / sqrt(eigenvalue + eps))', () => {
    const eps = 1e-5;
    const pcaOnly = fitPreprocess(['center', { type: 'pca', components: 2 }], x, n, d);
    const both = fitPreprocess(
      ['center', { type: 'pca', components: 2 }, { type: 'whiten', eps }],
      x,
      n,
      d,
    );
    const step = pcaOnly.steps[1]!;
    if (step.type !== 'pca') throw new Error('expected a pca step');
    // No second rotation is stored: the whitening reuses the pca step's basis and eigenvalues.
    expect(both.steps[2]).toEqual({
      type: 'whiten',
      eps,
      variance: step.explainedVariance,
      rotation: null,
    });
    const z = applyPreprocess(pcaOnly, x, n);
    const w = applyPreprocess(both, x, n);
    for (let i = 0; i < 20; i++) {
      for (let c = 0; c < 2; c++) {
        expect(w[i * 2 + c]).toBeCloseTo(
          z[i * 2 + c]! / Math.sqrt(step.explainedVariance[c]! + eps),
          4,
        );
      }
    }
    const { cov } = stats(w, n, 2);
    expect(cov[0]![0]).toBeCloseTo(1, 3);
    expect(cov[1]![1]).toBeCloseTo(1, 3);
    expect(cov[0]![1]).toBeCloseTo(0, 3);
  });
});

describe('fit -> frozen -> apply', () => {
  const n = 50;
  const d = 4;
  const x = gaussian(n, d, 8, [1, 2, 3, 4], [1, 2, 3, 4]);
  const steps = ['center', { type: 'pca', components: 3 }, { type: 'whiten', eps: 1e-5 }];

  it('survives a JSON round trip: the parsed frozen object transforms identically', () => {
    const frozen = fitPreprocess(steps, x, n, d);
    const back = parseFrozenPreprocess(JSON.parse(JSON.stringify(frozen)), 'model.json');
    expect(applyPreprocess(back, x, n)).toEqual(applyPreprocess(frozen, x, n));
  });

  it('fitApplyPreprocess returns what applyPreprocess gives, and neither mutates its input', () => {
    const copy = Float32Array.from(x);
    const fitted = fitApplyPreprocess(steps, x, n, d);
    expect(fitted.d).toBe(3);
    expect(fitted.x).toEqual(applyPreprocess(fitted.frozen, x, n));
    expect(x).toEqual(copy);
  });

  it('an empty list is the identity (a copy)', () => {
    const frozen = fitPreprocess([], x, n, d);
    const out = applyPreprocess(frozen, x, n);
    expect(out).toEqual(x);
    expect(out).not.toBe(x);
  });

  it('rejects inputs of the wrong width with a ShapeError', () => {
    const frozen = fitPreprocess(['center'], x, n, d);
    expect(() => applyPreprocess(frozen, new Float32Array(6), 2)).toThrow(ShapeError);
  });

  it('rejects a malformed frozen object read back from a file', () => {
    const frozen = JSON.parse(JSON.stringify(fitPreprocess(['standardize'], x, n, d))) as {
      steps: { std: number[] }[];
    };
    frozen.steps[0]!.std.pop();
    expect(() => parseFrozenPreprocess(frozen, 'model.json')).toThrow(DataError);
    expect(() => parseFrozenPreprocess(frozen, 'model.json')).toThrow(
      /model\.json, preprocess\.steps\.0/,
    );
  });

  it('rejects non-finite training features', () => {
    const bad = Float32Array.from(x);
    bad[5] = NaN;
    expect(() => fitPreprocess(['center'], bad, n, d)).toThrow(/feature 1 of row 1/);
  });
});

describe('step validation', () => {
  const x = new Float32Array([1, 2, 3, 4]);
  const cases: [unknown, string, RegExp][] = [
    ['standardise', 'data.preprocess.0', /unknown preprocessing step "standardise"/],
    [[{ type: 'pca', components: 0 }], 'data.preprocess.0.components', /integer >= 1/],
    [['center', { type: 'pca', components: 1.5 }], 'data.preprocess.1.components', /integer >= 1/],
    [['pca'], 'data.preprocess.0', /exactly one of components .* or variance/],
    [[{ type: 'pca', components: 1, variance: 0.9 }], 'data.preprocess.0', /exactly one/],
    [[{ type: 'pca', variance: 1.5 }], 'data.preprocess.0.variance', /\(0, 1\]/],
    [[{ type: 'whiten', eps: -1 }], 'data.preprocess.0.eps', /> 0/],
    [[{ type: 'center', scale: 2 }], 'data.preprocess.0.scale', /unknown option for center/],
    [[{ kind: 'center' }], 'data.preprocess.0.type', /unknown preprocessing step/],
    [[42], 'data.preprocess.0', /unknown preprocessing step 42/],
  ];
  it.each(cases)('%j -> ConfigError at %s', (steps, path, message) => {
    const list = Array.isArray(steps) ? steps : [steps];
    let error: unknown;
    try {
      fitPreprocess(list, x, 2, 2);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
    expect((error as ConfigError).message).toMatch(message);
  });

  it('a non-list is rejected at the list path', () => {
    expect(() => fitPreprocess('standardize', x, 2, 2)).toThrowError(
      expect.objectContaining({ path: 'data.preprocess' }),
    );
  });
});
