// The options every generated 2-D set shares (points, noise, classes), checked as spiral checks its
// own, so each mistake names the option and the set.
import { ConfigError } from '../../errors.js';

/** Options of a generated 2-D set. */
export interface SyntheticOptions {
  /** Total points (default 300). */
  readonly points?: number;
  /** Noise level, in the units of the coordinates (defaults per set). */
  readonly noise?: number;
  /** Classes, for the sets that have a choice (blobs; default 3). */
  readonly classes?: number;
}

/** Checked options with their defaults filled in. */
export interface CheckedOptions {
  readonly points: number;
  readonly noise: number;
  readonly classes: number;
}

/**
 * Fills defaults and checks: points an integer >= 1 (>= classes), noise a finite number >= 0,
 * classes an integer >= 2.
 * @throws ConfigError naming the option, e.g. `points: circles: expected an integer >= 1, got 0`.
 */
export function checkOptions(set: string, o: SyntheticOptions, defaults: { noise: number; classes?: number }): CheckedOptions {
  const { points = 300, noise = defaults.noise, classes = defaults.classes ?? 2 } = o;
  if (!Number.isInteger(classes) || classes < 2) throw new ConfigError('classes', `${set}: expected an integer >= 2, got ${String(classes)}`);
  if (!Number.isInteger(points) || points < 1) throw new ConfigError('points', `${set}: expected an integer >= 1, got ${String(points)}`);
  if (typeof noise !== 'number' || !(noise >= 0 && Number.isFinite(noise))) {
    throw new ConfigError('noise', `${set}: expected a number >= 0, got ${String(noise)}`);
  }
  return { points, noise, classes };
}

/** Class of the i-th of n points when n points are dealt out evenly over `classes` (grouped by class). */
export const classOf = (i: number, n: number, classes: number): number => Math.min(classes - 1, Math.floor((i * classes) / n));
