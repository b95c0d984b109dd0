// Why a coordinate failed the centered-difference comparison at step h: did the step cross a kink
// (relu at 0, |x| at 0, a max tie), was h just too coarse, or is the analytic gradient wrong?
// Read from how the one-sided slopes behave as the step shrinks.

/** f at the unperturbed point and at x +- h, for one coordinate. */
export interface StepProbe {
  readonly h: number;
  readonly plus: number;
  readonly base: number;
  readonly minus: number;
}

/**
 * What re-evaluating at smaller steps found: a kink (skip the coordinate), a finer step at which
 * the comparison holds (`numeric` at `h`), or nothing that explains the failure (a real one).
 */
export type FailureCause =
  | { readonly kind: 'kink' }
  | { readonly kind: 'resolved'; readonly numeric: number; readonly h: number }
  | { readonly kind: 'unresolved' };

/**
 * How a numerical derivative compares with the analytic one: 'agrees' within the suspicious
 * threshold and resolvable (above the noise floor of its step); 'withinNoise' when both are below
 * that floor and differ by no more than roundoff explains; else 'disagrees'.
 */
export type Agreement = 'agrees' | 'withinNoise' | 'disagrees';

/**
 * How many times the step shrinks, and by how much each time: h/4, h/16, h/64. Fourfold keeps
 * smooth (J shrinks to 1/4) apart from a kink (J stays above 1/2: with the kink within half the
 * smaller step s of x, J(s) = D (s - delta)/s >= D/2, while J <= D at the larger step). Three
 * levels put a kink that sits just inside one step outside a later one, where the centered
 * difference is clean, while the finest step stays coarse enough for roundoff (which grows as
 * 1/step) not to drown the evidence, as it did with tenfold steps on gradients near the floor.
 */
const LEVELS = 3;
const SHRINK = 4;
/**
 * A jump that persists counts as a kink only when it is this many times its roundoff bound: a
 * false kink would hide a wrong gradient, so noise must never pass for one.
 */
const SIGNIFICANCE = 4;

/**
 * Classifies a failed comparison by shrinking the step (h/4, h/16, h/64).
 *
 * The one-sided slopes d+ = (f(x+h) - f(x))/h and d- = (f(x) - f(x-h))/h differ by
 * J(h) = (f(x+h) - 2f(x) + f(x-h))/h. For smooth f, J(h) = h f''(x) + O(h^3): it shrinks fourfold
 * when h does. With a kink at distance delta < h from x and a slope jump D, J(h) = D (h - delta)/h
 * instead, and:
 * - delta well inside the smaller step: J stays about D, so at least half its previous value
 *   (same sign, above roundoff): a kink at x, skipped.
 * - delta between the smaller and the larger step: the smaller step no longer crosses it, so its
 *   centered difference is clean and agrees with the analytic gradient (or both are within
 *   roundoff of 0), while J collapses far below the fourfold shrink smoothness predicts: the
 *   larger step crossed a kink, skipped.
 * - agreement above roundoff at the smaller step with J shrinking fourfold: smooth f whose
 *   curvature defeated the larger step; the comparison at the smaller step stands (`resolved`).
 * A wrong backward of a smooth f does none of these: J shrinks fourfold and the finer centered
 * differences still disagree, so it stays a failure (`unresolved`).
 *
 * @param evaluate f with the coordinate moved by `d` from its value (and restored).
 * @param compare how a numerical derivative taken with step `h` compares with the analytic one.
 * @param roundoff bound on the roundoff of one evaluation of f.
 * @example
 * // |x| at x = 1e-9, h = 1e-6: the jump in slope (2) survives h/4.
 * const f = (d: number) => Math.abs(1e-9 + d);
 * classifyFailure({ h: 1e-6, plus: f(1e-6), base: f(0), minus: f(-1e-6) }, f, () => 'disagrees', 1e-15).kind; //=> 'kink'
 */
export function classifyFailure(
  probe: StepProbe,
  evaluate: (d: number) => number,
  compare: (numeric: number, h: number) => Agreement,
  roundoff: number,
): FailureCause {
  let previous = (probe.plus - 2 * probe.base + probe.minus) / probe.h;
  let h = probe.h;
  for (let level = 1; level <= LEVELS; level++) {
    h /= SHRINK;
    const plus = evaluate(h);
    const minus = evaluate(-h);
    const jump = (plus - 2 * probe.base + minus) / h;
    // Four evaluations' roundoff, divided by h: the second difference's noise bound.
    const noise = (4 * roundoff) / h;
    if (Math.abs(jump) > SIGNIFICANCE * noise && jump * previous > 0 && Math.abs(jump) >= 0.5 * Math.abs(previous)) {
      return { kind: 'kink' };
    }
    const numeric = (plus - minus) / (2 * h);
    const agreement = compare(numeric, h);
    if (agreement !== 'disagrees') {
      const smooth = previous / SHRINK;
      if (Math.abs(jump - smooth) > 0.5 * Math.abs(smooth) + noise) return { kind: 'kink' };
      // Smooth, so this step's reading stands, but only when it is above roundoff: a finer step's
      // noise must not hide a disagreement the coarser one resolved.
      if (agreement === 'agrees') return { kind: 'resolved', numeric, h };
    }
    previous = jump;
  }
  return { kind: 'unresolved' };
}
