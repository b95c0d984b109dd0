// Applying one frozen step to rows of features: the per-step formulas of docs/data.md.
import type { FrozenStep } from './frozen.js';
import { stepDims } from './frozen.js';
import { project } from './project.js';

/**
 * Transforms the n rows of x (n x inputDim of the step) with one frozen step into a new array.
 * @example
 * applyStep({ type: 'center', mean: [1, 2] }, new Float32Array([1, 1]), 1); //=> Float32Array [0, -1]
 */
export function applyStep(step: FrozenStep, x: Float32Array, n: number): Float32Array {
  const [d] = stepDims(step);
  switch (step.type) {
    case 'center':
      return affine(x, n, d, step.mean, () => 1);
    case 'standardize':
      return affine(x, n, d, step.mean, (j) => 1 / step.std[j]!);
    case 'minmax': {
      // Map [min, max] to [-1, 1] around the midpoint; a constant feature is only shifted (to 0).
      const mid = step.min.map((lo, j) => (lo + step.max[j]!) / 2);
      return affine(x, n, d, mid, (j) => {
        const range = step.max[j]! - step.min[j]!;
        return range > 0 ? 2 / range : 1;
      });
    }
    case 'pca':
      return project(x, n, d, step.mean, step.components, step.explainedVariance.length);
    case 'whiten': {
      const z =
        step.rotation === null
          ? Float32Array.from(x)
          : project(x, n, d, step.rotation.mean, step.rotation.components, d);
      const scale = step.variance.map((v) => 1 / Math.sqrt(v + step.eps));
      for (let i = 0; i < n; i++)
        for (let j = 0; j < d; j++) z[i * d + j] = z[i * d + j]! * scale[j]!;
      return z;
    }
  }
}

/** out[i, j] = (x[i, j] - shift[j]) * scale(j). */
function affine(
  x: Float32Array,
  n: number,
  d: number,
  shift: readonly number[],
  scale: (j: number) => number,
): Float32Array {
  const s = Float64Array.from({ length: d }, (_, j) => scale(j));
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) out[row + j] = (x[row + j]! - shift[j]!) * s[j]!;
  }
  return out;
}
