// Gaussian blobs, one per class, centred evenly on a circle: linearly separable when the noise is small.
import type { Rng } from '../../tensor/rng.js';
import type { Dataset } from '../dataset.js';
import { checkOptions, classOf, type SyntheticOptions } from './options.js';

/** Radius of the circle the blob centres sit on. */
const RADIUS = 0.6;

/**
 * Class j's centre is RADIUS (cos 2πj/K, sin 2πj/K); each point is its centre plus `noise` * N(0, 1)
 * per coordinate (default noise 0.15, default 3 classes). Points are dealt evenly over the classes.
 * @example blobs({ classes: 4, points: 400 }, new Rng(0)).classes; //=> 4
 */
export function blobs(options: SyntheticOptions, rng: Rng): Dataset {
  const { points: n, noise, classes } = checkOptions('blobs', options, { noise: 0.15, classes: 3 });
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = classOf(i, n, classes);
    const angle = (2 * Math.PI * label) / classes;
    x[2 * i] = RADIUS * Math.cos(angle) + noise * rng.normal();
    x[2 * i + 1] = RADIUS * Math.sin(angle) + noise * rng.normal();
    y[i] = label;
  }
  return { x, n, d: 2, y, yDim: 1, classes, source: 'blobs' };
}
