// A smooth regression surface over the plane: one real target per point, for mse-type losses.
import type { Rng } from '../../tensor/rng.js';
import type { Dataset } from '../dataset.js';
import { checkOptions, type SyntheticOptions } from './options.js';

/** The noiseless surface: one bump and one dip, values in [-1, 1]. */
export const surface = (a: number, b: number): number => Math.sin(Math.PI * a) * Math.cos((Math.PI * b) / 2);

/**
 * Points uniform in [-1, 1]², target surface(x, y) + `noise` * N(0, 1) (default noise 0.05).
 * @example regressionSurface({ points: 50 }, new Rng(0)).yDim; //=> 1
 */
export function regressionSurface(options: SyntheticOptions, rng: Rng): Dataset {
  const { points: n, noise } = checkOptions('regression', options, { noise: 0.05 });
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * rng.uniform() - 1;
    const b = 2 * rng.uniform() - 1;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = surface(a, b) + noise * rng.normal();
  }
  return { x, n, d: 2, y, yDim: 1, source: 'regression' };
}
