// The trial handle an in-process objective (or an ask/tell user) receives: reports go to the
// study's storage in order; shouldPrune() waits for them, then asks the pruner.
import type { Params } from './space.js';
import { checkReport, type Trial, type TrialRecord } from './trial.js';

/** What a LocalTrial needs from its study. */
export interface TrialHost {
  report(number: number, step: number, value: number): Promise<void>;
  shouldPrune(number: number): Promise<boolean>;
}

/**
 * A trial of a study in this process. `report` returns at once; the writes are queued in order.
 * @example
 * const trial = await study.ask();
 * trial.report(1, 0.8);
 * if (await trial.shouldPrune()) await study.tell(trial, { state: 'pruned' });
 */
export class LocalTrial implements Trial {
  readonly number: number;
  readonly params: Params;
  readonly stage: number;
  readonly epochs: number | undefined;
  /** The last answer of shouldPrune(): an objective that returns after a true answer is recorded as pruned. */
  pruneRequested = false;
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    record: TrialRecord,
    private readonly host: TrialHost,
  ) {
    this.number = record.number;
    this.params = record.params;
    this.stage = record.stage;
    const epochs = record.attrs.epochs;
    this.epochs = typeof epochs === 'number' ? epochs : undefined;
  }

  report(step: number, value: number): void {
    checkReport(step, value);
    this.pending = this.pending.then(() =>
      this.host.report(this.number, step, value).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  async shouldPrune(): Promise<boolean> {
    await this.flush();
    this.pruneRequested = await this.host.shouldPrune(this.number);
    return this.pruneRequested;
  }

  /** Waits for queued reports; rethrows the first storage error among them. */
  async flush(): Promise<void> {
    await this.pending;
    if (this.failure !== null) throw this.failure;
  }
}
