// How small a gradient centered differences can still judge by relative error: the roundoff in f,
// divided by the step, against the notes' "suspicious" threshold.

/**
 * Bound on the roundoff of one evaluation of f, in units of eps * max(1, |f|). Rounding the result
 * alone costs eps/2 |f|, and every op before it adds its own; measured on float64 networks on
 * digits (tanh and relu/maxout/batchNorm, 3 to 20 examples, h from 1e-5 to 1e-7), the worst
 * |f(x+h) - f(x-h) - exact| came to 1.3 eps |f|. 8 leaves a sixfold margin. The 1 in max(1, |f|)
 * covers a value that is small because large terms cancel.
 */
const ROUNDOFF_ULPS = 8;

/**
 * Bound on the roundoff of one evaluation of an objective whose value is `f`.
 * @example roundoffBound(0.5) === 8 * Number.EPSILON; //=> true
 */
export function roundoffBound(f: number): number {
  return ROUNDOFF_ULPS * Number.EPSILON * Math.max(1, Math.abs(f));
}

/**
 * The gradient size below which roundoff alone can make a correct gradient read as suspicious.
 * f(x+h) and f(x-h) each carry roundoff up to r = roundoffBound(f), so the centered difference is
 * off by up to 2r / 2h = r / h, and a coordinate with m = max(|analytic|, |numeric|) reads a
 * relative error of up to (r / h) / m from roundoff alone. Keeping that under the suspicious
 * threshold s needs m >= r / (h s): 8e4 eps max(1, |f|) / h at s = 1e-4 (1.8e-11 max(1, |f|) / h;
 * at a loss of 5 and h = 1e-5, 9e-6). Above the floor roundoff cannot fail a coordinate; below it,
 * it can, so gradcheck judges those by |analytic - numeric| <= r / h instead: within that they are
 * counted but do not decide the verdict, beyond it roundoff cannot explain them and they do.
 * @example noiseFloor(5, 1e-5) > 6.05e-10; //=> true (such a gradient is roundoff's to judge)
 */
export function noiseFloor(f: number, h: number, suspicious = 1e-4): number {
  return roundoffBound(f) / (h * suspicious);
}
