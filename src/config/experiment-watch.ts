// fit's watch options for a built experiment: the watcher's default initial-loss expectation
// assumes an svm margin of 1, so a config with another margin supplies its own expectation.
import { expectedInitialLoss } from '../train/watch/expected-loss.js';
import type { WatchOptions } from '../train/watch/watcher.js';
import type { Experiment } from './build.js';

/**
 * The watch options `watch` (true: the defaults) means for `exp`, the config's svm margin included.
 * @example fit({ ...experimentFitOptions(exp), watch: experimentWatch(exp, true) });
 */
export function experimentWatch(exp: Experiment, watch: true | WatchOptions): WatchOptions {
  const w = watch === true ? {} : watch;
  const delta = exp.config.loss.delta;
  if (w.expectedInitialLoss !== undefined || exp.loss.name !== 'svm' || delta === undefined) return w;
  const expected = expectedInitialLoss('svm', exp.train.ds.classes, delta);
  return expected === undefined ? w : { ...w, expectedInitialLoss: expected };
}

/**
 * fit's `watch` entry for a caller's `watch` option: nothing when it is absent or false.
 * @example fit({ ...experimentFitOptions(exp), ...watchEntry(exp, options.watch) });
 */
export function watchEntry(exp: Experiment, watch: boolean | WatchOptions | undefined): { watch?: WatchOptions } {
  return watch === undefined || watch === false ? {} : { watch: experimentWatch(exp, watch) };
}
