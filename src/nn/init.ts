// Weight initialization schemes (the notes' "Weight Initialization", with the ERRATA's fan-in
// calibration). Every draw comes from the Rng passed in, so a model's seed fixes its weights.
import type { Buf, DType } from '../backend/backend.js';
import { ConfigError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import { allocBuf } from '../tensor/tensor.js';
import { didYouMean } from '../suggest.js';

/** The names accepted by the `init` option of linear and maxout layers. */
export const INIT_NAMES = ['zeros', 'small', 'lecun', 'xavier', 'glorotUniform', 'he'] as const;

/**
 * An initialization scheme, with n_in the fan-in (inputs per unit) and n_out the fan-out:
 * - `zeros`: all 0. Allowed, but every unit then computes the same thing (symmetric neurons).
 * - `small`: 0.01 * N(0, 1) (the notes' first suggestion).
 * - `lecun`: N(0, 1) / sqrt(n_in) (the notes' calibration: output variance independent of n_in).
 * - `xavier`: Glorot normal, N(0, 2 / (n_in + n_out)).
 * - `glorotUniform`: U(-sqrt(6 / (n_in + n_out)), +sqrt(6 / (n_in + n_out))).
 * - `he`: N(0, 1) * sqrt(2 / n_in) (He et al. 2015, for relu networks).
 */
export type InitName = (typeof INIT_NAMES)[number];

/** True when `name` is one of INIT_NAMES. */
export function isInitName(name: unknown): name is InitName {
  return typeof name === 'string' && (INIT_NAMES as readonly string[]).includes(name);
}

/**
 * `count` initial weight values for a layer with the given fan-in and fan-out.
 * @throws ConfigError when `scheme` is not one of INIT_NAMES (the path is `init`).
 * @example
 * const w = initWeights('he', 100, 50, 100 * 50, { rng: new Rng(0), dtype: 'float64' });
 * // w holds 5000 draws with standard deviation close to sqrt(2 / 100)
 */
export function initWeights(
  scheme: InitName,
  fanIn: number,
  fanOut: number,
  count: number,
  options: { rng: Rng; dtype: DType },
): Buf {
  const out = allocBuf(options.dtype, count);
  const { rng } = options;
  const normal = (std: number): void => {
    for (let i = 0; i < count; i++) out[i] = std * rng.normal();
  };
  switch (scheme) {
    case 'zeros':
      break;
    case 'small':
      normal(0.01);
      break;
    case 'lecun':
      normal(1 / Math.sqrt(fanIn));
      break;
    case 'xavier':
      normal(Math.sqrt(2 / (fanIn + fanOut)));
      break;
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < count; i++) out[i] = rng.uniformIn(-limit, limit);
      break;
    }
    case 'he':
      normal(Math.sqrt(2 / fanIn));
      break;
    default:
      throw new ConfigError(
        'init',
        `unknown init '${String(scheme)}'${didYouMean(String(scheme), INIT_NAMES)}; ` +
          `expected one of ${INIT_NAMES.join(', ')}`,
      );
  }
  return out;
}
