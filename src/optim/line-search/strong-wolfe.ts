// Line search for the strong Wolfe conditions: bracket a good step, then zoom in by cubic
// interpolation (Nocedal & Wright, Algorithms 3.5 and 3.6; the same safeguards as PyTorch's LBFGS).
import { cubicInterpolate } from './cubic-interpolate.js';
import type { LineSearchOptions, LineSearchProblem, LineSearchResult } from './line-search.js';

interface Bracket {
  t: [number, number];
  f: [number, number];
  g: [number, number];
}

/**
 * Finds a step t with sufficient decrease and small slope (strong Wolfe):
 *
 *     phi(t) <= phi(0) + c1 * t * phi'(0)      and      |phi'(t)| <= c2 * |phi'(0)|
 *
 * A non-finite loss counts as too far, so the search backs off instead of failing.
 * @param t first trial step; @param f0 phi(0); @param gtd0 phi'(0) (negative);
 * @param dMax max |d|, to turn `tolChange` into a step width.
 * @example
 * strongWolfe(problem, 1, f0, gtd0, dMax); //=> { t, f, evals }
 */
export function strongWolfe(
  problem: LineSearchProblem,
  t: number,
  f0: number,
  gtd0: number,
  dMax: number,
  options: LineSearchOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const tolChange = options.tolChange ?? 1e-9;
  const maxEvals = options.maxEvals ?? 25;
  const armijoFails = (step: number, f: number): boolean =>
    !Number.isFinite(f) || f > f0 + c1 * step * gtd0;

  let fNew = problem.evaluate(t);
  let gtdNew = problem.gtd;
  let evals = 1;
  let tPrev = 0;
  let fPrev = f0;
  let gtdPrev = gtd0;
  let bracket: Bracket | undefined;
  let done = false;
  // Bracketing phase: grow the step until the interval [tPrev, t] must hold a good one.
  while (evals <= maxEvals) {
    if (
      armijoFails(t, fNew) ||
      (evals > 2 && fNew >= fPrev) ||
      gtdNew >= 0 ||
      !Number.isFinite(gtdNew)
    ) {
      // A non-finite loss enters the bracket as +Infinity so that comparisons keep working.
      bracket = {
        t: [tPrev, t],
        f: [fPrev, Number.isFinite(fNew) ? fNew : Infinity],
        g: [gtdPrev, gtdNew],
      };
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd0) {
      bracket = { t: [t, t], f: [fNew, fNew], g: [gtdNew, gtdNew] };
      done = true;
      break;
    }
    if (evals === maxEvals) break;
    // Extrapolate: between a little beyond t and ten times t.
    const next = cubicInterpolate(
      tPrev,
      fPrev,
      gtdPrev,
      t,
      fNew,
      gtdNew,
      t + 0.01 * (t - tPrev),
      t * 10,
    );
    tPrev = t;
    fPrev = fNew;
    gtdPrev = gtdNew;
    t = next;
    fNew = problem.evaluate(t);
    gtdNew = problem.gtd;
    evals++;
  }
  if (bracket === undefined) return fNew < f0 ? { t, f: fNew, evals } : { t: 0, f: f0, evals };
  return zoom(problem, bracket, done, { f0, gtd0, dMax, c1, c2, tolChange, maxEvals, evals });
}

interface ZoomArgs {
  f0: number;
  gtd0: number;
  dMax: number;
  c1: number;
  c2: number;
  tolChange: number;
  maxEvals: number;
  evals: number;
}

/** Zoom phase: shrink the bracket around a step that satisfies the strong Wolfe conditions. */
function zoom(
  problem: LineSearchProblem,
  b: Bracket,
  done: boolean,
  a: ZoomArgs,
): LineSearchResult {
  let evals = a.evals;
  let insufficientProgress = false;
  let lo: 0 | 1 = b.f[0] <= b.f[1] ? 0 : 1;
  while (!done && evals < a.maxEvals) {
    if (Math.abs(b.t[1] - b.t[0]) * a.dMax < a.tolChange) break;
    let t = cubicInterpolate(b.t[0], b.f[0], b.g[0], b.t[1], b.f[1], b.g[1]);
    const tMax = Math.max(b.t[0], b.t[1]);
    const tMin = Math.min(b.t[0], b.t[1]);
    const margin = 0.1 * (tMax - tMin);
    // Too close to an end of the bracket: move in by 10% unless the last try made good progress.
    if (Math.min(tMax - t, t - tMin) < margin) {
      if (insufficientProgress || t >= tMax || t <= tMin) {
        t = Math.abs(t - tMax) < Math.abs(t - tMin) ? tMax - margin : tMin + margin;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    const f = problem.evaluate(t);
    const gtd = problem.gtd;
    evals++;
    const hi: 0 | 1 = lo === 0 ? 1 : 0;
    if (!Number.isFinite(f) || f > a.f0 + a.c1 * t * a.gtd0 || f >= b.f[lo]) {
      b.t[hi] = t;
      b.f[hi] = Number.isFinite(f) ? f : Infinity;
      b.g[hi] = gtd;
      lo = b.f[0] <= b.f[1] ? 0 : 1;
    } else {
      if (Math.abs(gtd) <= -a.c2 * a.gtd0) done = true;
      else if (gtd * (b.t[hi] - b.t[lo]) >= 0) {
        b.t[hi] = b.t[lo];
        b.f[hi] = b.f[lo];
        b.g[hi] = b.g[lo];
      }
      b.t[lo] = t;
      b.f[lo] = f;
      b.g[lo] = gtd;
    }
  }
  return { t: b.t[lo], f: b.f[lo], evals };
}
