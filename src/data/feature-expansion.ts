// Feature expansions of 2-D points, as TensorFlow Playground offers them: squares, the product and
// sines of the two coordinates appended as extra columns, so a linear model can draw curves.
import type { Dataset } from './dataset.js';

export const FEATURE_NAMES = ['x2', 'xy', 'sin'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Columns each expansion adds after (x, y): x2 adds x² and y², xy adds x·y, sin adds sin x and sin y. */
const COLUMNS: Record<FeatureName, (a: number, b: number) => number[]> = {
  x2: (a, b) => [a * a, b * b],
  xy: (a, b) => [a * b],
  sin: (a, b) => [Math.sin(a), Math.sin(b)],
};

/**
 * Rows of (x, y) followed by the chosen expansions' columns, in FEATURE_NAMES order.
 * @example Array.from(expandRows(new Float32Array([2, 3]), 1, ['xy'])); //=> [2, 3, 6]
 */
export function expandRows(x: Float32Array, n: number, features: readonly FeatureName[]): Float32Array {
  const chosen = FEATURE_NAMES.filter((f) => features.includes(f));
  const width = 2 + chosen.reduce((s, f) => s + COLUMNS[f](0, 0).length, 0);
  const out = new Float32Array(n * width);
  for (let i = 0; i < n; i++) {
    const a = x[2 * i]!;
    const b = x[2 * i + 1]!;
    const row = [a, b, ...chosen.flatMap((f) => COLUMNS[f](a, b))];
    out.set(row, i * width);
  }
  return out;
}

/**
 * A 2-D dataset with the chosen expansions appended (unchanged for none).
 * @example expandFeatures(ds, ['x2']).d; //=> 4
 */
export function expandFeatures(ds: Dataset, features: readonly FeatureName[]): Dataset {
  if (features.length === 0 || ds.d !== 2) return ds;
  const x = expandRows(ds.x, ds.n, features);
  return { ...ds, x, d: x.length / ds.n };
}
