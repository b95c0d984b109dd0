// Fit -> frozen statistics: learning each preprocessing step from the training split only. The
// frozen result is applied unchanged to validation, test and prediction inputs (apply-preprocess.ts).
import { ConfigError, DataError } from '../../errors.js';
import { channelStats, checkMatrix, columnMeans, columnRange, columnStds } from './covariance.js';
import { fitPca, fitWhiten } from './fit-pca.js';
import type { FrozenPreprocess, FrozenStep } from './frozen.js';
import { applyStep } from './apply-step.js';
import { parsePreprocessSteps, type PreprocessStep } from './steps.js';

function fitStep(
  step: PreprocessStep,
  x: Float32Array,
  n: number,
  d: number,
  previous: FrozenStep | undefined,
  path: string,
  shape: readonly number[] | undefined,
): FrozenStep {
  if ((step.type === 'center' || step.type === 'standardize') && step.perChannel === true) {
    const { mean, std } = perPixel(x, n, d, shapeOfChannels(shape, d, path));
    return step.type === 'center' ? { type: 'center', mean } : { type: 'standardize', mean, std };
  }
  switch (step.type) {
    case 'center':
      return { type: 'center', mean: Array.from(columnMeans(x, n, d)) };
    case 'standardize': {
      const mean = columnMeans(x, n, d);
      // A constant feature has std 0: dividing by 1 instead leaves it at 0 after centering.
      const std = Array.from(columnStds(x, n, d, mean), (s) => (s > 0 ? s : 1));
      return { type: 'standardize', mean: Array.from(mean), std };
    }
    case 'minmax': {
      const { min, max } = columnRange(x, n, d);
      return { type: 'minmax', min: Array.from(min), max: Array.from(max) };
    }
    case 'pca':
      return fitPca(x, n, d, step, path);
    case 'whiten':
      return fitWhiten(x, n, d, step.eps, previous);
  }
}

/** [C, plane] of an image sample shape that the features fill, or a ConfigError for per-channel statistics. */
function shapeOfChannels(shape: readonly number[] | undefined, d: number, path: string): [number, number] {
  const size = shape?.reduce((a, b) => a * b, 1);
  if (shape === undefined || shape.length !== 3 || size !== d) {
    const what = shape === undefined ? 'the data has no sample shape' : `the sample shape [${shape.join(', ')}] does not give the ${d} features reaching this step`;
    throw new ConfigError(`${path}.perChannel`, `per-channel statistics need images [channels, height, width]: ${what} (use it on image data, before any pca)`);
  }
  return [shape[0]!, shape[1]! * shape[2]!];
}

/** Per-channel statistics written out per feature (each pixel of channel c gets channel c's), so
 *  that applying and exporting the step is the per-feature step's; a constant channel divides by 1. */
function perPixel(x: Float32Array, n: number, d: number, [c, plane]: [number, number]): { mean: number[]; std: number[] } {
  const stats = channelStats(x, n, c, plane);
  const spread = (v: readonly number[]): number[] => Array.from({ length: d }, (_, j) => v[Math.floor(j / plane)]!);
  return { mean: spread(stats.mean), std: spread(stats.std.map((s) => (s > 0 ? s : 1))) };
}

function checkFinite(x: Float32Array, d: number): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) {
      throw new DataError(
        `training feature ${i % d} of row ${Math.floor(i / d)} is ${x[i]}: preprocessing needs finite values`,
      );
    }
  }
}

/**
 * Fits the steps on the training features and returns both the frozen statistics and the transformed
 * training features (the same values `applyPreprocess(frozen, x, n)` gives, without computing them twice).
 * @param steps the config list, e.g. `["center", {"type": "pca", "components": 50}, "whiten"]`.
 * @param x the training features, n x d row-major.
 * @param path config path of the list, for messages.
 * @throws ConfigError for a bad step (with its path); ShapeError when x is not n x d; DataError for
 *   non-finite features.
 * @example
 * const { frozen, x: xt, d: dt } = fitApplyPreprocess(['standardize'], train.x, train.n, train.d);
 */
export function fitApplyPreprocess(
  steps: unknown,
  x: Float32Array,
  n: number,
  d: number,
  path = 'data.preprocess',
  shape?: readonly number[],
): { frozen: FrozenPreprocess; x: Float32Array; d: number } {
  const parsed = parsePreprocessSteps(steps, path);
  checkMatrix(x, n, d, 'fitPreprocess');
  checkFinite(x, d);
  const frozen: FrozenStep[] = [];
  let current = x;
  let dim = d;
  parsed.forEach((step, i) => {
    // The sample shape holds while the steps keep the feature count (center, standardize, minmax).
    const here = dim === d ? shape : undefined;
    const fitted = fitStep(step, current, n, dim, frozen[frozen.length - 1], `${path}.${i}`, here);
    frozen.push(fitted);
    current = applyStep(fitted, current, n);
    dim = current.length / n;
  });
  return {
    frozen: { version: 1, inputDim: d, outputDim: dim, steps: frozen },
    x: current === x ? Float32Array.from(x) : current,
    d: dim,
  };
}

/**
 * Fits the preprocessing steps on the training features only and returns their frozen statistics:
 * plain JSON data, saved with the model and applied with `applyPreprocess`.
 * @param steps the config list, e.g. `["standardize"]` or `["center", {"type": "pca", "components": 50}]`.
 * @param x the training features, n x d row-major.
 * @param n number of rows (at least 1).
 * @param d features per row.
 * @param path config path of the list, for messages (`data.preprocess.1.components`).
 * @throws ConfigError for a bad step; ShapeError when x is not n x d; DataError for non-finite features.
 * @example
 * const frozen = fitPreprocess(['standardize'], train.x, train.n, train.d);
 * const xVal = applyPreprocess(frozen, validation.x, validation.n); // uses the training mean and std
 */
export function fitPreprocess(
  steps: unknown,
  x: Float32Array,
  n: number,
  d: number,
  path = 'data.preprocess',
): FrozenPreprocess {
  return fitApplyPreprocess(steps, x, n, d, path).frozen;
}
