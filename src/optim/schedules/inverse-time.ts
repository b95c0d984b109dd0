// 1/t decay (the notes: alpha = alpha0 / (1 + k t)).
import { checkNumber, checkOptionNames } from '../validate.js';
import { elapsed, type Schedule } from './schedule.js';

/** Options of `inverseTime`. */
export interface InverseTimeOptions {
  /** Decay rate per epoch, `k >= 0`. */
  k: number;
}

/**
 * 1/t decay: `s(t) = 1 / (1 + k * t)`, so the lr is `lr0 / (1 + k t)`.
 * @throws ConfigError naming a missing or bad option.
 * @example inverseTime({ k: 0.5 })(2); //=> 0.5
 */
export function inverseTime(options: InverseTimeOptions): Schedule {
  checkOptionNames(options, 'inverseTime', ['k']);
  const k = checkNumber(options.k, 'k', { min: 0 });
  return (t) => 1 / (1 + k * elapsed(t));
}
