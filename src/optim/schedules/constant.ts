// The schedule that does not change.
import { checkNumber, checkOptionNames } from '../validate.js';
import type { Schedule } from './schedule.js';

/** Options of `constant`. */
export interface ConstantOptions {
  /** The value at every t. Default 1 (the optimizer's lr unchanged). */
  value?: number;
}

/**
 * The same value at every t: `s(t) = value`.
 * @throws ConfigError for a non-finite value.
 * @example constant()(100); //=> 1
 */
export function constant(options: ConstantOptions = {}): Schedule {
  checkOptionNames(options, 'constant', ['value']);
  const value = checkNumber(options.value, 'value', {}, 1);
  return () => value;
}
