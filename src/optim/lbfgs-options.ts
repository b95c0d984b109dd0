// The options of L-BFGS, their defaults and their validation (usable before the parameters exist).
import type { OptimizerOptions } from './optimizer.js';
import { checkChoice, checkNumber, checkOptionNames } from './validate.js';

/** The line searches L-BFGS can use. */
export const LINE_SEARCHES = ['strongWolfe', 'backtracking', 'none'] as const;

/** Options of `lbfgs`. */
export interface LbfgsOptions extends OptimizerOptions {
  /** Step length tried first (after the first iteration), `lr >= 0`. Default 1. */
  lr?: number;
  /** Number of (s, y) correction pairs kept, a whole number >= 1. Default 10 (scipy's). */
  history?: number;
  /** 'strongWolfe' (default), 'backtracking' (Armijo, halving) or 'none' (fixed step lr). */
  lineSearch?: (typeof LINE_SEARCHES)[number];
  /** Most iterations per `step()`. Default 20 (PyTorch's). */
  maxIter?: number;
  /** Most closure calls per `step()`. Default 1.25 * maxIter. */
  maxEval?: number;
  /** Stop when max |gradient| is at most this. Default 1e-7. */
  tolGrad?: number;
  /** Stop when the step or the change in loss is smaller than this. Default 1e-9. */
  tolChange?: number;
}

/** The option names `lbfgs` accepts (the config form uses the same). */
export const LBFGS_OPTIONS = [
  'lr',
  'history',
  'lineSearch',
  'maxIter',
  'maxEval',
  'tolGrad',
  'tolChange',
] as const;

/** The options of `lbfgs` with defaults filled in. */
export interface LbfgsSettings {
  readonly lr: number;
  readonly history: number;
  readonly lineSearch: (typeof LINE_SEARCHES)[number];
  readonly maxIter: number;
  readonly maxEval: number;
  readonly tolGrad: number;
  readonly tolChange: number;
}

/**
 * Validates L-BFGS options and fills in the defaults (without needing the parameters).
 * @throws ConfigError naming the bad option.
 * @example checkLbfgsOptions({ history: 5 }).lineSearch; //=> 'strongWolfe'
 */
export function checkLbfgsOptions(options: LbfgsOptions = {}): LbfgsSettings {
  checkOptionNames(options, 'lbfgs', [...LBFGS_OPTIONS, 'trackUpdateNorms']);
  const maxIter = checkNumber(options.maxIter, 'maxIter', { min: 1, integer: true }, 20);
  return {
    lr: checkNumber(options.lr, 'lr', { min: 0 }, 1),
    history: checkNumber(options.history, 'history', { min: 1, integer: true }, 10),
    lineSearch: checkChoice(options.lineSearch, 'lineSearch', LINE_SEARCHES, 'strongWolfe'),
    maxIter,
    maxEval: checkNumber(
      options.maxEval,
      'maxEval',
      { min: 1, integer: true },
      Math.floor(maxIter * 1.25),
    ),
    tolGrad: checkNumber(options.tolGrad, 'tolGrad', { min: 0 }, 1e-7),
    tolChange: checkNumber(options.tolChange, 'tolChange', { min: 0 }, 1e-9),
  };
}
