// What the data of a built experiment says about itself before training: warnings from the readers
// (a header row that looks like data) and the hint that shows how label names became class indices.
// The CLI prints each as one line on stderr; nothing here stops a run.
import { classMappingHint } from '../data/class-names.js';
import type { Dataset } from '../data/dataset.js';
import type { Experiment } from './build.js';

/**
 * One line per notice, each starting 'warning: ' or 'hint: ', in the order training, validation, test.
 * A warning repeated by sets cut from the same file (the validation split) is given once.
 * @example dataNotices(exp); //=> ['hint: labels mapped to classes: setosa=0, versicolor=1, virginica=2']
 */
export function dataNotices(exp: Experiment): string[] {
  const sets: Dataset[] = [exp.train.ds, ...(exp.validation === undefined ? [] : [exp.validation.ds]), ...(exp.test === undefined ? [] : [exp.test.ds])];
  const warnings = [...new Set(sets.flatMap((ds) => ds.warnings ?? []))].map((w) => `warning: ${w}`);
  const hint = exp.classNames === undefined ? [] : [`hint: ${exp.train.ds.source}: ${classMappingHint(exp.classNames)}`];
  return [...warnings, ...hint];
}
