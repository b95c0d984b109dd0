// Two interleaved half-circles (scikit-learn's make_moons), scaled into about [-1, 1]².
import type { Rng } from '../../tensor/rng.js';
import type { Dataset } from '../dataset.js';
import { checkOptions, type SyntheticOptions } from './options.js';

/**
 * With t uniform in [0, π]: class 0 at (cos t, sin t), class 1 at (1 - cos t, 0.5 - sin t); both
 * shifted by (-0.5, -0.25) and scaled by 0.8 to centre them, then `noise` * N(0, 1) per coordinate
 * (default noise 0.08). Half the points in each class.
 * @example moons({ points: 200 }, new Rng(0)).d; //=> 2
 */
export function moons(options: SyntheticOptions, rng: Rng): Dataset {
  const { points: n, noise } = checkOptions('moons', options, { noise: 0.08 });
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 0 : 1;
    const t = Math.PI * rng.uniform();
    const a = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const b = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    x[2 * i] = 0.8 * (a - 0.5) + noise * rng.normal();
    x[2 * i + 1] = 0.8 * (b - 0.25) + noise * rng.normal();
    y[i] = label;
  }
  return { x, n, d: 2, y, yDim: 1, classes: 2, source: 'moons' };
}
