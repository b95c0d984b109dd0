// Exponential moving average for the smoothed loss line, as TensorBoard's scalar dashboard does it.
import { ConfigError } from '../errors.js';

/**
 * Debiased exponential moving average (TensorBoard's smoothing): s_t = w*s_{t-1} + (1-w)*v_t from
 * s_0 = 0, reported as s_t / (1 - w^t) so the start is not pulled towards zero. Non-finite values
 * are passed through unchanged and do not enter the average (a NaN loss stays visible as a gap).
 * @param values the raw series
 * @param weight w in [0, 1): 0 returns the values, 0.9 averages over roughly the last 10
 * @throws ConfigError when weight is outside [0, 1)
 * @example smooth([1, 2], 0.5); //=> [1, 1.6666666666666667]
 */
export function smooth(values: ArrayLike<number>, weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new ConfigError('weight', `Invalid smoothing weight: ${weight} (expected 0 <= weight < 1)`);
  }
  const out = new Array<number>(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    count += 1;
    out[i] = last / (1 - weight ** count);
  }
  return out;
}
