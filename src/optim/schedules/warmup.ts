// Linear warmup in front of any other schedule.
import { ConfigError } from '../../errors.js';
import { checkNumber, checkOptionNames } from '../validate.js';
import { elapsed, type Schedule } from './schedule.js';

/** Options of `warmup`. */
export interface WarmupOptions {
  /** Length of the ramp in epochs, `epochs >= 0`. */
  epochs: number;
  /** The schedule after the ramp, started at its own t = 0. Default constant 1. */
  then?: Schedule;
}

/**
 * A linear ramp from 0 up to `then(0)` over `epochs`, then `then`, shifted to start where the ramp
 * ends (optax's join_schedules):
 *
 *     s(t) = (t / epochs) * then(0)    for t < epochs
 *     s(t) = then(t - epochs)          for t >= epochs
 *
 * The value is continuous at t = epochs. Note s(0) = 0: the very first iteration does not move.
 * @throws ConfigError naming a missing or bad option.
 * @example warmup({ epochs: 5, then: cosine({ T: 95 }) })(2.5); //=> 0.5
 */
export function warmup(options: WarmupOptions): Schedule {
  checkOptionNames(options, 'warmup', ['epochs', 'then']);
  const epochs = checkNumber(options.epochs, 'epochs', { min: 0 });
  const then = options.then ?? ((): number => 1);
  if (typeof then !== 'function')
    throw new ConfigError('then', `expected a schedule (a function of t), got ${typeof then}`);
  const peak = then(0);
  return (t) => {
    const e = elapsed(t);
    return e < epochs ? (e / epochs) * peak : then(e - epochs);
  };
}
