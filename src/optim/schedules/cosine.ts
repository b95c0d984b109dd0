// Cosine annealing (Loshchilov & Hutter, SGDR, https://arxiv.org/abs/1608.03983), without restarts.
import { checkNumber, checkOptionNames } from '../validate.js';
import { elapsed, type Schedule } from './schedule.js';

/** Options of `cosine`. */
export interface CosineOptions {
  /** Epochs to go from 1 down to `min`, `T > 0`. */
  T: number;
  /** The value at and after T, `min >= 0`. Default 0. */
  min?: number;
}

/**
 * Half a cosine from 1 down to `min` over T epochs, then flat at `min`:
 *
 *     s(t) = min + (1 - min) * (1 + cos(pi * min(t, T) / T)) / 2
 *
 * As an lr multiplier this is PyTorch's CosineAnnealingLR with eta_min = min * lr0.
 * @throws ConfigError naming a missing or bad option.
 * @example cosine({ T: 10, min: 0.1 })(5); //=> 0.55
 */
export function cosine(options: CosineOptions): Schedule {
  checkOptionNames(options, 'cosine', ['T', 'min']);
  const T = checkNumber(options.T, 'T', { above: 0 });
  const min = checkNumber(options.min, 'min', { min: 0 }, 0);
  return (t) => min + ((1 - min) * (1 + Math.cos((Math.PI * Math.min(elapsed(t), T)) / T))) / 2;
}
