// Plateau-driven lr reduction: a small training callback (it reads a metric), not a pure schedule.
import { ConfigError, DataError } from '../../errors.js';
import { checkChoice, checkNumber, checkOptionNames } from '../validate.js';

/** Options of `reduceOnPlateau`. */
export interface ReduceOnPlateauOptions {
  /** The metric to watch, e.g. 'valLoss' or 'valAccuracy'; its name sets the mode. */
  metric: string;
  /** Multiplier applied at each reduction, `0 < factor < 1`. Default 0.1. */
  factor?: number;
  /** Observations without improvement tolerated before a reduction, a whole number >= 0. Default 10. */
  patience?: number;
  /** Relative improvement that counts, `threshold >= 0`. Default 1e-4. */
  threshold?: number;
  /** Observations to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** Smallest multiplier, `min >= 0`. Default 0. */
  min?: number;
  /** 'min' when lower is better, 'max' when higher is. Default: from the metric's name. */
  mode?: 'min' | 'max';
}

/** Plain, JSON-serializable state of a ReduceOnPlateau. */
export interface ReduceOnPlateauState {
  /** The best value seen, null before the first observation. */
  best: number | null;
  /** Observations since the last improvement (reset by a reduction). */
  badEpochs: number;
  /** Observations left in the cooldown. */
  cooldownLeft: number;
  /** The current lr multiplier. */
  multiplier: number;
}

const LOWER_IS_BETTER = /loss|error|mse|mae|rmse|perplexity/i;
const HIGHER_IS_BETTER = /acc|f1|auc|precision|recall|r2/i;

/**
 * Whether a metric should fall ('min': losses, errors) or rise ('max': accuracy, f1, ...), from its
 * name; undefined when the name does not tell.
 * @example modeForMetric('valAccuracy'); //=> 'max'
 */
export function modeForMetric(metric: string): 'min' | 'max' | undefined {
  if (LOWER_IS_BETTER.test(metric)) return 'min';
  if (HIGHER_IS_BETTER.test(metric)) return 'max';
  return undefined;
}

/**
 * Multiplies the lr by `factor` when the metric has not improved for more than `patience`
 * observations (PyTorch's ReduceLROnPlateau, relative threshold). Improvement means
 * `value < best - threshold * |best|` in 'min' mode, `value > best + threshold * |best|` in 'max'.
 * A NaN observation never improves. The training loop calls `observe` once per epoch and sets
 * `optimizer.lr = baseLr * multiplier`.
 * @example
 * const plateau = reduceOnPlateau({ metric: 'valLoss', factor: 0.5, patience: 2 });
 * [1, 1, 1, 1].map((v) => plateau.observe(v)); //=> [1, 1, 1, 0.5]
 */
export class ReduceOnPlateau {
  readonly metric: string;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly cooldown: number;
  readonly min: number;
  private s: ReduceOnPlateauState = { best: null, badEpochs: 0, cooldownLeft: 0, multiplier: 1 };

  /** @throws ConfigError naming a missing or bad option, or a metric whose direction is unknown. */
  constructor(options: ReduceOnPlateauOptions) {
    checkOptionNames(options, 'reduceOnPlateau', [
      'metric',
      'factor',
      'patience',
      'threshold',
      'cooldown',
      'min',
      'mode',
    ]);
    if (typeof options.metric !== 'string' || options.metric === '') {
      throw new ConfigError(
        'metric',
        `expected the name of a metric such as 'valLoss', got ${JSON.stringify(options.metric)}`,
      );
    }
    this.metric = options.metric;
    const mode =
      options.mode === undefined
        ? modeForMetric(this.metric)
        : checkChoice(options.mode, 'mode', ['min', 'max']);
    if (mode === undefined) {
      throw new ConfigError(
        'mode',
        `cannot tell whether '${this.metric}' should fall or rise: set mode to 'min' or 'max'`,
      );
    }
    this.mode = mode;
    this.factor = checkNumber(options.factor, 'factor', { above: 0, below: 1 }, 0.1);
    this.patience = checkNumber(options.patience, 'patience', { min: 0, integer: true }, 10);
    this.threshold = checkNumber(options.threshold, 'threshold', { min: 0 }, 1e-4);
    this.cooldown = checkNumber(options.cooldown, 'cooldown', { min: 0, integer: true }, 0);
    this.min = checkNumber(options.min, 'min', { min: 0, max: 1 }, 0);
  }

  /** The current lr multiplier. */
  get multiplier(): number {
    return this.s.multiplier;
  }

  private improves(value: number): boolean {
    const best = this.s.best;
    if (Number.isNaN(value)) return false;
    if (best === null) return true;
    const margin = this.threshold * Math.abs(best);
    return this.mode === 'min' ? value < best - margin : value > best + margin;
  }

  /** Records one observation of the metric and returns the lr multiplier to use from now on. */
  observe(value: number): number {
    const s = this.s;
    if (this.improves(value)) {
      s.best = value;
      s.badEpochs = 0;
    } else {
      s.badEpochs += 1;
    }
    if (s.cooldownLeft > 0) {
      s.cooldownLeft -= 1;
      s.badEpochs = 0;
    }
    if (s.badEpochs > this.patience) {
      s.multiplier = Math.max(s.multiplier * this.factor, this.min);
      s.cooldownLeft = this.cooldown;
      s.badEpochs = 0;
    }
    return s.multiplier;
  }

  /** A copy of the state, plain JSON (best is null before the first observation). */
  stateDict(): ReduceOnPlateauState {
    return { ...this.s };
  }

  /**
   * Restores a state from `stateDict()`.
   * @throws DataError naming the field that is missing or of the wrong kind.
   */
  loadStateDict(saved: unknown): void {
    const s = saved as Partial<Record<keyof ReduceOnPlateauState, unknown>> | null;
    if (typeof s !== 'object' || s === null)
      throw new DataError('reduceOnPlateau state must be an object');
    const num = (key: keyof ReduceOnPlateauState, min: number): number => {
      const v = s[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
        throw new DataError(`expected a finite number >= ${min}, got ${JSON.stringify(v)}`, {
          location: key,
        });
      }
      return v;
    };
    if (s.best !== null && (typeof s.best !== 'number' || !Number.isFinite(s.best))) {
      throw new DataError(`expected a finite number or null, got ${JSON.stringify(s.best)}`, {
        location: 'best',
      });
    }
    this.s = {
      best: s.best,
      badEpochs: num('badEpochs', 0),
      cooldownLeft: num('cooldownLeft', 0),
      multiplier: num('multiplier', 0),
    };
  }
}

/**
 * A ReduceOnPlateau callback (see the class).
 * @example reduceOnPlateau({ metric: 'valLoss', factor: 0.1, patience: 10 }).mode; //=> 'min'
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions): ReduceOnPlateau {
  return new ReduceOnPlateau(options);
}
