// Early stopping on a validation metric with patience. The fit loop keeps the best epoch's
// weights and restores them when training stops (or ends).

export type MetricMode = 'min' | 'max';

/** Losses are minimized, accuracies maximized. */
export const modeOf = (metric: string): MetricMode => (/loss/i.test(metric) ? 'min' : 'max');

export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  /** Epochs since the last improvement. */
  wait: number;
}

export interface EarlyStoppingOptions {
  readonly metric: string;
  readonly patience: number;
  /** An improvement must beat the best by more than this. Default 0. */
  readonly minDelta?: number;
}

/**
 * Tracks the best value of a metric; says when `patience` epochs have passed without improvement.
 * @example
 * const es = new EarlyStopping({ metric: 'valAccuracy', patience: 2 });
 * es.observe(1, 0.5); //=> 'improved'
 * es.observe(2, 0.4); //=> 'wait'
 * es.observe(3, 0.4); //=> 'stop'
 */
export class EarlyStopping {
  readonly mode: MetricMode;
  state: EarlyStoppingState = { best: null, bestEpoch: 0, wait: 0 };

  constructor(readonly options: EarlyStoppingOptions) {
    this.mode = modeOf(options.metric);
  }

  observe(epoch: number, value: number): 'improved' | 'wait' | 'stop' {
    const delta = this.options.minDelta ?? 0;
    const s = this.state;
    const better =
      s.best === null || (this.mode === 'max' ? value > s.best + delta : value < s.best - delta);
    if (better && Number.isFinite(value)) {
      this.state = { best: value, bestEpoch: epoch, wait: 0 };
      return 'improved';
    }
    s.wait++;
    return s.wait >= this.options.patience ? 'stop' : 'wait';
  }
}
