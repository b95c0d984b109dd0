// Linear interpolation between two values (lr decay, or the notes' momentum from 0.5 to 0.99).
import { checkNumber, checkOptionNames } from '../validate.js';
import { elapsed, type Schedule } from './schedule.js';

/** Options of `linear`. */
export interface LinearOptions {
  /** The value at t = 0. */
  start: number;
  /** The value at and after t = epochs. */
  end: number;
  /** Epochs to go from start to end, `epochs > 0`. */
  epochs: number;
}

/**
 * A straight line from `start` to `end` over `epochs`, then flat:
 *
 *     s(t) = start + (end - start) * min(t / epochs, 1)
 * @throws ConfigError naming a missing or bad option.
 * @example linear({ start: 0.5, end: 0.99, epochs: 20 })(10); //=> 0.745
 */
export function linear(options: LinearOptions): Schedule {
  checkOptionNames(options, 'linear', ['start', 'end', 'epochs']);
  const start = checkNumber(options.start, 'start', {});
  const end = checkNumber(options.end, 'end', {});
  const epochs = checkNumber(options.epochs, 'epochs', { above: 0 });
  return (t) => start + (end - start) * Math.min(elapsed(t) / epochs, 1);
}
