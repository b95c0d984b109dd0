// Fitting PCA and whitening: the eigendecomposition of the training covariance, the choice of k, and
// a fixed sign for each direction.
import { ConfigError } from '../../errors.js';
import { columnMeans, covariance } from './covariance.js';
import { symmetricEigen } from './eigen.js';
import type { FrozenStep } from './frozen.js';

type FrozenPca = Extract<FrozenStep, { type: 'pca' }>;
type FrozenWhiten = Extract<FrozenStep, { type: 'whiten' }>;

/** The principal directions (rows, largest variance first) and their variances, clipped at 0. */
function principal(
  x: Float32Array,
  n: number,
  d: number,
): { mean: Float64Array; values: Float64Array; vectors: Float64Array } {
  const mean = columnMeans(x, n, d);
  const { values, vectors } = symmetricEigen(covariance(x, n, d, mean), d);
  for (let j = 0; j < d; j++) {
    // Rounding can leave the eigenvalues of a singular covariance slightly negative.
    if (values[j]! < 0) values[j] = 0;
    // Fix each direction's sign (its largest-magnitude entry positive, as scikit-learn's svd_flip):
    // an eigenvector is only defined up to sign, and saved models should not depend on the solver's.
    let big = 0;
    for (let i = 1; i < d; i++)
      if (Math.abs(vectors[j * d + i]!) > Math.abs(vectors[j * d + big]!)) big = i;
    if (vectors[j * d + big]! < 0)
      for (let i = 0; i < d; i++) vectors[j * d + i] = -vectors[j * d + i]!;
  }
  return { mean, values, vectors };
}

/** How many components keep at least `share` of the total variance. */
function componentsFor(values: Float64Array, share: number): number {
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return 1;
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    sum += values[k]!;
    // Relative slack so variance: 1 keeps every non-zero direction despite rounding in the sum.
    if (sum >= share * total * (1 - 1e-12)) return k + 1;
  }
  return values.length;
}

/**
 * Fits PCA: centers with the training mean and keeps the top-k eigenvectors of the covariance
 * (1/n) Xc^T Xc, k given or the fewest reaching `variance` of the total.
 * @param path config path of the step, for messages.
 * @throws ConfigError when more components are asked for than there are features.
 * @example
 * fitPca(x, n, d, { components: 2 }, 'data.preprocess.1').explainedVariance; //=> the top 2 eigenvalues
 */
export function fitPca(
  x: Float32Array,
  n: number,
  d: number,
  spec: { components: number } | { variance: number },
  path: string,
): FrozenPca {
  if ('components' in spec && spec.components > d) {
    throw new ConfigError(
      `${path}.components`,
      `${spec.components} components asked for, but the data has ${d} features at this step`,
    );
  }
  const { mean, values, vectors } = principal(x, n, d);
  const k = 'components' in spec ? spec.components : componentsFor(values, spec.variance);
  const total = values.reduce((a, b) => a + b, 0);
  const kept = Array.from(values.subarray(0, k));
  return {
    type: 'pca',
    mean: Array.from(mean),
    components: Array.from(vectors.subarray(0, k * d)),
    explainedVariance: kept,
    explainedVarianceRatio: kept.map((v) => (total > 0 ? v / total : 0)),
  };
}

/**
 * Fits whitening. Right after a pca step the input is already in the PCA basis with variances equal to
 * that step's eigenvalues, so only the scaling is kept; otherwise a full PCA (all d directions) is
 * fitted first.
 * @example
 * fitWhiten(x, n, d, 1e-5, undefined).variance; //=> the d eigenvalues of the covariance of x
 */
export function fitWhiten(
  x: Float32Array,
  n: number,
  d: number,
  eps: number,
  previous: FrozenStep | undefined,
): FrozenWhiten {
  if (previous?.type === 'pca')
    return { type: 'whiten', eps, variance: [...previous.explainedVariance], rotation: null };
  const { mean, values, vectors } = principal(x, n, d);
  return {
    type: 'whiten',
    eps,
    variance: Array.from(values),
    rotation: { mean: Array.from(mean), components: Array.from(vectors) },
  };
}
