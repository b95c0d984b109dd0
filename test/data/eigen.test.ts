import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../src/data/preprocess/eigen.js';
import { Rng } from '../../src/tensor/rng.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** max over j of |A v_j - lambda_j v_j| and max |V V^T - I|, computed directly. */
function residuals(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array) {
  let eig = 0;
  let orth = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k]! * vectors[j * n + k]!;
      eig = Math.max(eig, Math.abs(av - values[j]! * vectors[j * n + i]!));
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[j * n + k]! * vectors[l * n + k]!;
      orth = Math.max(orth, Math.abs(dot - (j === l ? 1 : 0)));
    }
  }
  return { eig, orth };
}

describe('symmetricEigen', () => {
  it('2x2 [[a, b], [b, c]]: eigenvalues (a+c)/2 +- sqrt(((a-c)/2)^2 + b^2) (closed form)', () => {
    const [a, b, c] = [4, 1.5, -2];
    const mid = (a + c) / 2;
    const rad = Math.sqrt(((a - c) / 2) ** 2 + b * b);
    const { values, vectors } = symmetricEigen(new Float64Array([a, b, b, c]), 2);
    expect(values[0]).toBeCloseTo(mid + rad, 12);
    expect(values[1]).toBeCloseTo(mid - rad, 12);
    // The top eigenvector is proportional to (b, lambda1 - a).
    const norm = Math.hypot(b, mid + rad - a);
    expect(
      Math.abs((vectors[0]! * (mid + rad - a)) / norm - (vectors[1]! * b) / norm),
    ).toBeLessThan(1e-12);
  });

  it('3x3 second-difference matrix: eigenvalues 2 - 2cos(k pi / 4) = 2 + sqrt2, 2, 2 - sqrt2', () => {
    const a = new Float64Array([2, -1, 0, -1, 2, -1, 0, -1, 2]);
    const { values, vectors } = symmetricEigen(a, 3);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(values[1]).toBeCloseTo(2, 12);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 12);
    // Known eigenvector of 2: (1, 0, -1)/sqrt2, up to sign.
    expect(Math.abs(vectors[3]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[4]).toBeCloseTo(0, 12);
    expect(vectors[5]).toBeCloseTo(-vectors[3]!, 12);
  });

  it('diagonal matrix: its diagonal, sorted descending, with unit vectors', () => {
    const { values, vectors } = symmetricEigen(new Float64Array([1, 0, 0, 0, 5, 0, 0, 0, 3]), 3);
    expect([...values]).toEqual([5, 3, 1]);
    expect(Math.abs(vectors[1]!)).toBe(1);
    expect(Math.abs(vectors[5]!)).toBe(1);
    expect(Math.abs(vectors[6]!)).toBe(1);
  });

  it('a repeated eigenvalue (identity and zero matrix) still gives an orthonormal basis', () => {
    for (const fill of [0, 1]) {
      const n = 4;
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) a[i * n + i] = fill;
      const { values, vectors } = symmetricEigen(a, n);
      expect([...values]).toEqual([fill, fill, fill, fill]);
      expect(residuals(a, n, values, vectors).orth).toBeLessThan(1e-14);
    }
  });

  it.each([1, 2, 5, 17, 64])(
    'random symmetric %i x %i: A v = lambda v, V orthonormal, trace kept',
    (n) => {
      const a = randomSymmetric(n, 100 + n);
      const { values, vectors } = symmetricEigen(a, n);
      const { eig, orth } = residuals(a, n, values, vectors);
      expect(eig).toBeLessThan(1e-11);
      expect(orth).toBeLessThan(1e-12);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a[i * n + i]!;
      expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 10);
      for (let j = 1; j < n; j++) expect(values[j]!).toBeLessThanOrEqual(values[j - 1]!);
    },
  );

  it('does not modify its input and rejects a non-square input', () => {
    const a = randomSymmetric(3, 1);
    const copy = Float64Array.from(a);
    symmetricEigen(a, 3);
    expect(a).toEqual(copy);
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(/2 x 2|n = 2/);
  });
});
