// Frozen statistics -> transform: applying fitted preprocessing, unchanged, to any rows of features.
import { checkMatrix } from './covariance.js';
import type { FrozenPreprocess } from './frozen.js';
import { applyStep } from './apply-step.js';

/**
 * Transforms n rows of features with fitted preprocessing. Never refits: validation, test and
 * prediction inputs get exactly the training statistics.
 * @param frozen what `fitPreprocess` returned (or `parseFrozenPreprocess` read back).
 * @param x n x frozen.inputDim row-major; not modified.
 * @param n number of rows.
 * @returns a new n x frozen.outputDim array.
 * @throws ShapeError when x does not hold n rows of inputDim features.
 * @example
 * const frozen = fitPreprocess(['center'], new Float32Array([0, 2]), 2, 1); // mean 1
 * applyPreprocess(frozen, new Float32Array([5]), 1); //=> Float32Array [4]
 */
export function applyPreprocess(
  frozen: FrozenPreprocess,
  x: Float32Array,
  n: number,
): Float32Array {
  checkMatrix(x, n, frozen.inputDim, 'applyPreprocess', 0);
  let current = x;
  for (const step of frozen.steps) current = applyStep(step, current, n);
  return current === x ? Float32Array.from(x) : current;
}
