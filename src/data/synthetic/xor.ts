// Two classes by quadrant sign: the textbook set a single linear layer cannot fit, but x·y can.
import type { Rng } from '../../tensor/rng.js';
import type { Dataset } from '../dataset.js';
import { checkOptions, type SyntheticOptions } from './options.js';

/** Gap kept clear around each axis, so the four quadrants are apart before noise. */
const MARGIN = 0.05;

/**
 * Points uniform in [-1, 1]² away from the axes by MARGIN; label 0 when x·y > 0 (quadrants 1 and 3),
 * 1 otherwise; then `noise` * N(0, 1) on each coordinate (default noise 0.05).
 * @example xor({ points: 100 }, new Rng(0)).n; //=> 100
 */
export function xor(options: SyntheticOptions, rng: Rng): Dataset {
  const { points: n, noise } = checkOptions('xor', options, { noise: 0.05 });
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const coord = () => {
    const v = MARGIN + (1 - MARGIN) * rng.uniform();
    return rng.uniform() < 0.5 ? -v : v;
  };
  for (let i = 0; i < n; i++) {
    const a = coord();
    const b = coord();
    x[2 * i] = a + noise * rng.normal();
    x[2 * i + 1] = b + noise * rng.normal();
    y[i] = a * b > 0 ? 0 : 1;
  }
  return { x, n, d: 2, y, yDim: 1, classes: 2, source: 'xor' };
}
