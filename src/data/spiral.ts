// The spiral data set of the CS231n case study: `classes` interleaved arms in 2-D that no linear
// classifier can separate (about 50% accuracy for 3 classes) but a 2-layer network can.
import { ConfigError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import type { Dataset } from './dataset.js';

export interface SpiralOptions {
  /** Number of arms, one per class (default 3). */
  classes?: number;
  /** Points on each arm (default 100). */
  pointsPerClass?: number;
  /** Standard deviation of the angular noise, in radians (default 0.2). */
  noise?: number;
}

/** NumPy's linspace(start, stop, n): n evenly spaced values including both ends ([start] for n = 1). */
function linspace(start: number, stop: number, n: number, i: number): number {
  return n === 1 ? start : start + ((stop - start) * i) / (n - 1);
}

/**
 * The CS231n spiral: for class j and i = 0..N-1, r = linspace(0, 1, N)[i],
 * t = linspace(4j, 4(j + 1), N)[i] + noise * N(0, 1), point (r sin t, r cos t), label j.
 * Rows are grouped by class (all of class 0 first); shuffle before minibatching.
 * @throws ConfigError for a non-integer or too small `classes` or `pointsPerClass`, or negative noise.
 * @example
 * const ds = spiral({}, new Rng(0));
 * [ds.n, ds.d, ds.classes]; //=> [300, 2, 3]
 */
export function spiral(options: SpiralOptions, rng: Rng): Dataset {
  const { classes = 3, pointsPerClass = 100, noise = 0.2 } = options;
  if (!Number.isInteger(classes) || classes < 2)
    throw new ConfigError('classes', `spiral: expected an integer >= 2, got ${String(classes)}`);
  if (!Number.isInteger(pointsPerClass) || pointsPerClass < 1) {
    throw new ConfigError(
      'pointsPerClass',
      `spiral: expected an integer >= 1, got ${String(pointsPerClass)}`,
    );
  }
  if (typeof noise !== 'number' || !(noise >= 0 && Number.isFinite(noise))) {
    throw new ConfigError('noise', `spiral: expected a number >= 0, got ${String(noise)}`);
  }
  const n = classes * pointsPerClass;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < pointsPerClass; i++) {
      const row = j * pointsPerClass + i;
      const r = linspace(0, 1, pointsPerClass, i);
      const t = linspace(4 * j, 4 * (j + 1), pointsPerClass, i) + noise * rng.normal();
      x[2 * row] = r * Math.sin(t);
      x[2 * row + 1] = r * Math.cos(t);
      y[row] = j;
    }
  }
  return { x, n, d: 2, y, yDim: 1, classes, source: 'spiral' };
}
