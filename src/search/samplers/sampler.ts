// The sampler interface: given the space and the trials so far, propose the next trial's params.
import { Rng } from '../../tensor/rng.js';
import type { JsonValue } from '../json.js';
import type { Params, SearchSpace } from '../space.js';
import type { Direction, TrialRecord } from '../trial.js';

/** One stage of a study: how many finished trials it needs, and their epoch budget (if any). */
export interface Stage {
  readonly trials: number;
  readonly epochs?: number;
}

/** What a sampler sees when it proposes trial `number`. */
export interface SampleContext {
  readonly space: SearchSpace;
  /** Every trial of the study so far (all states), by number. */
  readonly trials: readonly TrialRecord[];
  readonly number: number;
  readonly stage: number;
  readonly direction: Direction;
  /** Seeded from the study seed and the trial number: resuming a study proposes the same draws. */
  readonly rng: Rng;
}

/** A proposal: the params and any bookkeeping to store with the trial (e.g. a grid index). */
export interface Sample {
  readonly params: Params;
  readonly attrs?: Readonly<Record<string, JsonValue>>;
}

/** A search method. `sample` must be synchronous: storages call it inside their write transaction. */
export interface Sampler {
  readonly name: string;
  sample(context: SampleContext): Sample;
  /**
   * The stages this method runs, when it sets the budget itself: grid (its size, or fewer),
   * coarse-to-fine (its stages). `requested` is the user's trial count, if given.
   * @throws ConfigError when `requested` does not fit the method.
   */
  stages?(space: SearchSpace, requested: number | undefined): readonly Stage[];
  /** The space each stage searched (or will search) so far, for staged methods (coarse-to-fine). */
  stageSpaces?(
    space: SearchSpace,
    trials: readonly TrialRecord[],
    direction: Direction,
  ): SearchSpace[];
}

/**
 * A generator for trial `number` of a study with seed `seed`, independent of every other trial's.
 * @example trialRng(0, 3).uniform(); //=> the same number on every run
 */
export function trialRng(seed: number, number: number): Rng {
  // Mix the two integers (multiply-xorshift) so that nearby seeds and numbers give unrelated streams.
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (number | 0), 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f) >>> 0;
  return new Rng(h);
}
