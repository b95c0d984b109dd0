// Step decay: multiply by a factor every few epochs (the notes: by 0.1 every 20 epochs).
import { checkNumber, checkOptionNames } from '../validate.js';
import { elapsed, type Schedule } from './schedule.js';

/** Options of `step`. */
export interface StepOptions {
  /** Epochs between drops, `every > 0`. */
  every: number;
  /** Multiplier applied at each drop, `factor > 0`. Default 0.1. */
  factor?: number;
}

/**
 * Step decay: `s(t) = factor ^ floor(t / every)`. PyTorch's StepLR, in epochs.
 * @throws ConfigError naming a missing or bad option.
 * @example step({ every: 20, factor: 0.1 })(45); //=> 0.01 (up to rounding)
 */
export function step(options: StepOptions): Schedule {
  checkOptionNames(options, 'step', ['every', 'factor']);
  const every = checkNumber(options.every, 'every', { above: 0 });
  const factor = checkNumber(options.factor, 'factor', { above: 0 }, 0.1);
  return (t) => factor ** Math.floor(elapsed(t) / every);
}
