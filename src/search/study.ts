// A study: a search space, a method, a pruner and a storage, with the ask/tell interface. search()
// drives one; people who own their training loop drive one themselves.
import { ConfigError } from '../errors.js';
import { checkSpacePaths } from './apply-params.js';
import { jsonEqual, type JsonValue } from './json.js';
import { LocalTrial } from './local-trial.js';
import { createSampler, type MethodSpec } from './method.js';
import { inProcessOwners, staleReason, type OwnerProbe } from './owner.js';
import { nextStage } from './plan.js';
import { retryProposal } from './retry.js';
import { createPruner, type PrunerSpec } from './pruners/create-pruner.js';
import type { Pruner } from './pruners/pruner.js';
import { trialRng, type Sampler, type Stage } from './samplers/sampler.js';
import { StudyError } from './search-error.js';
import { checkSpace, type SearchSpace } from './space.js';
import { MemoryStorage } from './storage/memory-storage.js';
import type { Allocation, Storage } from './storage/storage.js';
import { bestTrial, type Direction, type Owner, type TrialRecord } from './trial.js';

/** Options of Study.open. */
export interface StudyOptions {
  readonly space: SearchSpace;
  /** The study's name in its storage (default 'default'); one storage may hold several studies. */
  readonly name?: string;
  /** Default: a new MemoryStorage. */
  readonly storage?: Storage;
  readonly direction?: Direction;
  /** Default 'tpe'. */
  readonly method?: MethodSpec;
  readonly pruner?: PrunerSpec;
  /** Seeds every sampler draw (default 0). */
  readonly seed?: number;
  /** Finished trials wanted; unlimited when omitted, unless the method sets its own budget. */
  readonly trials?: number;
  /** A base config: every space path must exist in it (checked before any trial). */
  readonly base?: JsonValue;
  /** A running trial owned by another machine is failed after this long without a heartbeat (default 10 min). */
  readonly staleAfterMs?: number;
  /** A failed trial runs again with the same parameters up to this many times (default 0; retry.ts). */
  readonly retries?: number;
}

/** How a trial ended, for `tell`: a value (complete), pruned, or failed with an error text. */
export type TellResult =
  number | { readonly state: 'pruned' } | { readonly state: 'failed'; readonly error: string };

/**
 * A study with the ask/tell interface.
 * @example
 * const study = await Study.open({ space: { x: uniform(-5, 5) }, method: 'tpe', seed: 1 });
 * for (let i = 0; i < 30; i++) {
 *   const trial = await study.ask();
 *   await study.tell(trial, (trial.params.x as number) ** 2);
 * }
 * (await study.best())?.value; //=> close to 0
 */
export class Study {
  private constructor(
    readonly name: string,
    readonly space: SearchSpace,
    readonly direction: Direction,
    readonly storage: Storage,
    readonly sampler: Sampler,
    readonly pruner: Pruner | null,
    readonly stages: readonly Stage[],
    readonly seed: number,
    readonly staleAfterMs: number,
    readonly retries = 0,
  ) {}

  /** Names this runner in the trials it asks for, and judges whether other runners still live. */
  get owners(): OwnerProbe {
    return this.storage.owners ?? inProcessOwners;
  }

  /**
   * Opens (creating or resuming) a study, validating everything first.
   * @throws ConfigError for a bad space, method, pruner or trial count, or a stored study of the same
   *   name with another space or direction.
   */
  static async open(options: StudyOptions): Promise<Study> {
    const space = checkSpace(options.space);
    if (options.base !== undefined) checkSpacePaths(space, options.base);
    const direction = options.direction ?? 'minimize';
    if (direction !== 'minimize' && direction !== 'maximize') {
      throw new ConfigError(
        'direction',
        `expected "minimize" or "maximize", got ${JSON.stringify(direction)}`,
      );
    }
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) throw new ConfigError('seed', `expected an integer, got ${seed}`);
    const requested = options.trials;
    if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
      throw new ConfigError('trials', `expected an integer >= 1, got ${requested}`);
    }
    const retries = options.retries ?? 0;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new ConfigError('retries', `expected an integer >= 0, got ${retries}`);
    }
    const sampler = createSampler(options.method, seed);
    const pruner = createPruner(options.pruner);
    const stages = sampler.stages?.(space, requested) ?? [{ trials: requested ?? Infinity }];
    const name = options.name ?? 'default';
    const storage = options.storage ?? new MemoryStorage();
    const stored = await storage.openStudy({ name, direction, space, createdAt: Date.now() });
    if (stored.direction !== direction) {
      throw new ConfigError(
        'direction',
        `study "${name}" was created to ${stored.direction}, not ${direction}`,
      );
    }
    if (!jsonEqual(stored.space, space)) {
      throw new ConfigError(
        'space',
        `study "${name}" was created with another search space; use a new study name or storage`,
      );
    }
    const staleAfterMs = options.staleAfterMs ?? 600_000;
    return new Study(name, space, direction, storage, sampler, pruner, stages, seed, staleAfterMs, retries);
  }

  private decide(trials: readonly TrialRecord[], number: number): Allocation {
    const stage = nextStage(trials, this.stages);
    if (stage === 'wait' || stage === 'done') return stage;
    const again = retryProposal(trials, stage, this.retries);
    if (again !== null) return again;
    const rng = trialRng(this.seed, number);
    const sample = this.sampler.sample({
      space: this.space,
      trials,
      number,
      stage,
      direction: this.direction,
      rng,
    });
    const epochs = this.stages[stage]!.epochs;
    return {
      params: sample.params,
      stage,
      attrs: { ...sample.attrs, ...(epochs === undefined ? {} : { epochs }) },
    };
  }

  /**
   * Allocates the next trial if the budget allows: a trial, 'wait' (running trials hold the rest of
   * the budget) or 'done'. `owner` null makes a detached trial that no liveness check reaps.
   */
  async tryAsk(owner: Owner | null = this.owners.current()): Promise<LocalTrial | 'wait' | 'done'> {
    const record = await this.storage.createTrial(
      this.name,
      (trials, n) => this.decide(trials, n),
      owner,
    );
    return typeof record === 'string' ? record : new LocalTrial(record, this);
  }

  /**
   * The next trial to run. With `detached`, the trial may be told by another process.
   * @throws StudyError when the budget is spent, or the next stage waits for running trials.
   */
  async ask(options: { detached?: boolean } = {}): Promise<LocalTrial> {
    await this.reapStale();
    const next = await this.tryAsk(options.detached === true ? null : this.owners.current());
    if (next === 'done')
      throw new StudyError(`study "${this.name}" already has all its finished trials`);
    if (next === 'wait') {
      throw new StudyError(
        `study "${this.name}": running trials hold the rest of this stage's budget; tell their results first`,
      );
    }
    return next;
  }

  /**
   * Records how a trial ended. A value that is not a finite number fails the trial; pruned keeps the
   * last reported value.
   * @throws StudyError when the trial is not running (told twice, or reaped as stale).
   */
  async tell(
    trial: number | { readonly number: number },
    result: TellResult,
  ): Promise<TrialRecord> {
    const number = typeof trial === 'number' ? trial : trial.number;
    if (trial instanceof LocalTrial) await trial.flush();
    if (typeof result === 'number') {
      if (Number.isFinite(result))
        return this.storage.finishTrial(this.name, number, {
          state: 'complete',
          value: result,
          error: null,
        });
      return this.storage.finishTrial(this.name, number, {
        state: 'failed',
        value: null,
        error: `the objective returned ${result} (expected a finite number)`,
      });
    }
    if (result.state === 'failed')
      return this.storage.finishTrial(this.name, number, {
        state: 'failed',
        value: null,
        error: result.error,
      });
    const record = await this.storage.getTrial(this.name, number);
    const last = record?.intermediate[record.intermediate.length - 1]?.value ?? null;
    return this.storage.finishTrial(this.name, number, {
      state: 'pruned',
      value: last,
      error: null,
    });
  }

  /** Stores an intermediate value of a running trial. */
  async report(number: number, step: number, value: number): Promise<void> {
    await this.storage.report(this.name, number, step, value);
  }

  /** Whether the pruner stops a trial after its reports so far (false without a pruner). */
  async shouldPrune(number: number): Promise<boolean> {
    if (this.pruner === null) return false;
    const trials = await this.storage.getTrials(this.name);
    const trial = trials.find((t) => t.number === number);
    if (trial === undefined) throw new StudyError(`study "${this.name}" has no trial ${number}`);
    return this.pruner.prune({ trial, trials, direction: this.direction });
  }

  /** Marks failed the running trials whose process died (or, on other hosts, whose heartbeat is stale). */
  async reapStale(): Promise<number[]> {
    return this.storage.failTrials(this.name, (t, now) => staleReason(t, now, this.staleAfterMs, this.owners));
  }

  /** All trials, by number. */
  async trials(): Promise<TrialRecord[]> {
    return this.storage.getTrials(this.name);
  }

  /** The best complete trial, or null. */
  async best(): Promise<TrialRecord | null> {
    return bestTrial(await this.trials(), this.direction);
  }

  /** The space each stage searched so far (coarse-to-fine), or just the study's space. */
  stageSpaces(trials: readonly TrialRecord[]): SearchSpace[] {
    return this.sampler.stageSpaces?.(this.space, trials, this.direction) ?? [this.space];
  }
}
