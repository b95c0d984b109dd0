// Backtracking line search: halve the step until the Armijo sufficient-decrease condition holds.
import type { LineSearchOptions, LineSearchProblem, LineSearchResult } from './line-search.js';

/**
 * Tries t, t/2, t/4, ... until `phi(t) <= phi(0) + c1 * t * phi'(0)` (Armijo; Nocedal & Wright,
 * Algorithm 3.1). Gives up after `maxEvals` tries and returns t = 0 (no move).
 * @param t first trial step.
 * @param f0 phi(0); @param gtd0 phi'(0), negative along a descent direction.
 * @example
 * backtracking(problem, 1, f0, gtd0); //=> { t: 0.5, f: ..., evals: 2 } when the full step overshoots
 */
export function backtracking(
  problem: LineSearchProblem,
  t: number,
  f0: number,
  gtd0: number,
  options: LineSearchOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const maxEvals = options.maxEvals ?? 25;
  for (let evals = 1; evals <= maxEvals; evals++) {
    const f = problem.evaluate(t);
    if (f <= f0 + c1 * t * gtd0) return { t, f, evals };
    t *= 0.5;
  }
  return { t: 0, f: f0, evals: maxEvals };
}
