// Exponential decay (the notes: alpha = alpha0 * e^(-k t)).
import { checkNumber, checkOptionNames } from '../validate.js';
import { elapsed, type Schedule } from './schedule.js';

/** Options of `exponential`. */
export interface ExponentialOptions {
  /** Decay rate per epoch, `k >= 0`. */
  k: number;
}

/**
 * Exponential decay: `s(t) = exp(-k * t)`, so the lr is `lr0 * exp(-k t)`.
 * @throws ConfigError naming a missing or bad option.
 * @example exponential({ k: 0.1 })(10); //=> Math.exp(-1)
 */
export function exponential(options: ExponentialOptions): Schedule {
  checkOptionNames(options, 'exponential', ['k']);
  const k = checkNumber(options.k, 'k', { min: 0 });
  return (t) => Math.exp(-k * elapsed(t));
}
