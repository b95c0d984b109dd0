// Which stage the next trial belongs to, given the trials so far: the budget rule that makes a
// study end with exactly the requested number of finished trials, however many processes share it.
import type { Stage } from './samplers/sampler.js';
import { isFinished, type TrialRecord } from './trial.js';

/**
 * The stage of the next trial; 'wait' when running trials hold the rest of the current stage's
 * budget (one may still fail and need a replacement, and a later stage needs this one finished);
 * 'done' when every stage has its finished trials.
 * @example nextStage([], [{ trials: 3 }]); //=> 0
 */
export function nextStage(
  trials: readonly TrialRecord[],
  stages: readonly Stage[],
): number | 'wait' | 'done' {
  for (let s = 0; s < stages.length; s++) {
    let finished = 0;
    let running = 0;
    for (const t of trials) {
      if (t.stage !== s) continue;
      if (isFinished(t.state)) finished++;
      else if (t.state === 'running') running++;
    }
    const need = stages[s]!.trials;
    if (finished >= need) continue;
    return finished + running >= need ? 'wait' : s;
  }
  return 'done';
}

/**
 * The number of finished (complete or pruned) trials.
 * @example countFinished(trials); //=> 12
 */
export function countFinished(trials: readonly TrialRecord[]): number {
  return trials.reduce((n, t) => n + (isFinished(t.state) ? 1 : 0), 0);
}
