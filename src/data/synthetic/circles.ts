// Two classes: a disk inside a ring. No line separates them; one squared feature (x² + y²) does.
import type { Rng } from '../../tensor/rng.js';
import type { Dataset } from '../dataset.js';
import { checkOptions, type SyntheticOptions } from './options.js';

/**
 * Class 0 at radius uniform in [0, 0.5), class 1 at radius uniform in [0.7, 1), angle uniform; each
 * coordinate then gets `noise` * N(0, 1) (default noise 0.05). Half the points in each class.
 * @example circles({ points: 200 }, new Rng(0)).classes; //=> 2
 */
export function circles(options: SyntheticOptions, rng: Rng): Dataset {
  const { points: n, noise } = checkOptions('circles', options, { noise: 0.05 });
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 0 : 1;
    const r = label === 0 ? 0.5 * rng.uniform() : 0.7 + 0.3 * rng.uniform();
    const t = 2 * Math.PI * rng.uniform();
    x[2 * i] = r * Math.sin(t) + noise * rng.normal();
    x[2 * i + 1] = r * Math.cos(t) + noise * rng.normal();
    y[i] = label;
  }
  return { x, n, d: 2, y, yDim: 1, classes: 2, source: 'circles' };
}
