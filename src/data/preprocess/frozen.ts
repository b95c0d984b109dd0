// The frozen form of fitted preprocessing: the statistics each step learned from the training split,
// as plain JSON data saved inside the model file, and the check that one read back is well formed.
import { DataError } from '../../errors.js';

/** A fitted step. Vectors are per input feature; matrices are row-major number arrays. */
export type FrozenStep =
  /** out = x - mean */
  | { readonly type: 'center'; readonly mean: readonly number[] }
  /** out = (x - mean) / std, with std 1 for a constant feature */
  | {
      readonly type: 'standardize';
      readonly mean: readonly number[];
      readonly std: readonly number[];
    }
  /** out = 2 (x - min) / (max - min) - 1, or x - min for a constant feature */
  | { readonly type: 'minmax'; readonly min: readonly number[]; readonly max: readonly number[] }
  /** out = (x - mean) W^T, W the k x d top principal directions (rows) */
  | {
      readonly type: 'pca';
      readonly mean: readonly number[];
      readonly components: readonly number[];
      /** Eigenvalues of the training covariance for the kept components (their variances). */
      readonly explainedVariance: readonly number[];
      /** explainedVariance / total variance. */
      readonly explainedVarianceRatio: readonly number[];
    }
  /**
   * out = z / sqrt(variance + eps), z = (x - mean) W^T over all d principal directions, or z = x
   * when `rotation` is null (whitening right after pca: the input is already in the PCA basis)
   */
  | {
      readonly type: 'whiten';
      readonly eps: number;
      readonly variance: readonly number[];
      readonly rotation: {
        readonly mean: readonly number[];
        readonly components: readonly number[];
      } | null;
    };

/** Fitted preprocessing: what `fitPreprocess` returns and `applyPreprocess` uses. */
export interface FrozenPreprocess {
  readonly version: 1;
  /** Features per row going in, and coming out (pca changes it). */
  readonly inputDim: number;
  readonly outputDim: number;
  readonly steps: readonly FrozenStep[];
}

/**
 * [input features, output features] of one frozen step.
 * @example
 * stepDims({ type: 'center', mean: [0, 0, 0] }); //=> [3, 3]
 */
export function stepDims(step: FrozenStep): [number, number] {
  switch (step.type) {
    case 'center':
    case 'standardize':
      return [step.mean.length, step.mean.length];
    case 'minmax':
      return [step.min.length, step.min.length];
    case 'pca':
      return [step.mean.length, step.explainedVariance.length];
    case 'whiten':
      return [step.variance.length, step.variance.length];
  }
}

const isNumbers = (v: unknown, length?: number): boolean =>
  Array.isArray(v) &&
  (length === undefined || v.length === length) &&
  v.every((e) => typeof e === 'number' && Number.isFinite(e));

function stepIsValid(s: Record<string, unknown>): boolean {
  switch (s['type']) {
    case 'center':
      return isNumbers(s['mean']);
    case 'standardize':
      return isNumbers(s['mean']) && isNumbers(s['std'], (s['mean'] as unknown[]).length);
    case 'minmax':
      return isNumbers(s['min']) && isNumbers(s['max'], (s['min'] as unknown[]).length);
    case 'pca': {
      if (!isNumbers(s['mean']) || !isNumbers(s['explainedVariance'])) return false;
      const d = (s['mean'] as unknown[]).length;
      const k = (s['explainedVariance'] as unknown[]).length;
      return isNumbers(s['components'], k * d) && isNumbers(s['explainedVarianceRatio'], k);
    }
    case 'whiten': {
      const rot = s['rotation'];
      if (typeof s['eps'] !== 'number' || !isNumbers(s['variance'])) return false;
      const d = (s['variance'] as unknown[]).length;
      if (rot === null) return true;
      const r = rot as Record<string, unknown> | undefined;
      return typeof r === 'object' && isNumbers(r['mean'], d) && isNumbers(r['components'], d * d);
    }
    default:
      return false;
  }
}

/**
 * Checks that a value read back (e.g. from a model file) is a well-formed FrozenPreprocess whose steps
 * chain: each step's input size is the previous step's output size.
 * @param value the parsed JSON.
 * @param file where it came from, for messages.
 * @throws DataError naming the file and the first bad step.
 * @example
 * parseFrozenPreprocess({ version: 1, inputDim: 1, outputDim: 1, steps: [{ type: 'center', mean: [2] }] });
 * //=> the same object, typed
 */
export function parseFrozenPreprocess(value: unknown, file?: string): FrozenPreprocess {
  const where = (location: string): { file?: string; location: string } =>
    file === undefined ? { location } : { file, location };
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || v['version'] !== 1 || !Array.isArray(v['steps'])) {
    throw new DataError(
      'not fitted preprocessing (expected {version: 1, inputDim, outputDim, steps: [...]})',
      where('preprocess'),
    );
  }
  const steps = v['steps'] as unknown[];
  let dim = v['inputDim'];
  steps.forEach((raw, i) => {
    const s = raw as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null || !stepIsValid(s)) {
      throw new DataError(
        `malformed ${JSON.stringify(s?.['type'])} step`,
        where(`preprocess.steps.${i}`),
      );
    }
    const [inDim, outDim] = stepDims(s as unknown as FrozenStep);
    if (inDim !== dim) {
      throw new DataError(
        `step takes ${inDim} features but receives ${String(dim)}`,
        where(`preprocess.steps.${i}`),
      );
    }
    dim = outDim;
  });
  if (dim !== v['outputDim'] || typeof dim !== 'number') {
    throw new DataError(
      `outputDim ${String(v['outputDim'])} does not match the steps (${String(dim)})`,
      where('preprocess'),
    );
  }
  return value as FrozenPreprocess;
}
