// Gradient checking (the notes' "Gradient Checks"): analytic gradients from backward() against
// centered differences (f(x+h) - f(x-h)) / 2h, in float64, with the relative-error verdicts of the
// notes, detection of steps that cross a kink (relu near 0, max near-ties, |x| near 0; see
// classify-failure.ts) and a noise floor below which roundoff, not the gradient, decides the
// relative error, so that gradients there are judged by |analytic - numeric| against the roundoff
// bound instead (see noise-floor.ts).
import { backward } from '../autograd/backward.js';
import { noGrad } from '../context.js';
import { DTypeError, ShapeError } from '../errors.js';
import { Rng } from '../tensor/rng.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { full } from '../tensor/create.js';
import { type Agreement, classifyFailure } from './classify-failure.js';
import { noiseFloor, roundoffBound } from './noise-floor.js';

/**
 * The notes' reading of a relative error: <= 1e-7 fine, 1e-4 and above suspicious, 1e-2 wrong;
 * 'inconclusive' when no coordinate could be read at all (every one crossed a kink, or every
 * gradient was below the noise floor and agreed within roundoff). Inconclusive never passes.
 */
export type Verdict = 'fine' | 'acceptable' | 'suspicious' | 'wrong' | 'inconclusive';

export interface GradcheckThresholds {
  /** At or below: fine. Default 1e-7. */
  readonly fine: number;
  /** At or above: suspicious (a failure). Default 1e-4. */
  readonly suspicious: number;
  /** At or above: wrong. Default 1e-2. */
  readonly wrong: number;
}

export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  h?: number;
  /** Check at most this many coordinates per input, drawn without replacement. Default: all. */
  samples?: number;
  /** Seed for the sampled coordinates and the random output gradient. Default 0. */
  seed?: number;
  thresholds?: Partial<GradcheckThresholds>;
  /**
   * Re-evaluate a failing coordinate at h/4, h/16 and h/64 to tell a kink (skipped) or a step too
   * coarse for the curvature (compared at the finer step) from a wrong gradient. Default true.
   */
  detectKinks?: boolean;
}

export interface Mismatch {
  /** Coordinate within the input, as an index per axis. */
  readonly coordinate: readonly number[];
  readonly analytic: number;
  readonly numeric: number;
  readonly relativeError: number;
}

export interface InputReport {
  readonly index: number;
  readonly shape: readonly number[];
  /** Coordinates compared (kinks excluded, smallGradients included). */
  readonly checked: number;
  /** Coordinates skipped because the step crossed a kink. */
  readonly kinks: number;
  /**
   * Compared coordinates where both |analytic| and |numeric| were below `noiseFloor` and differed
   * by no more than the centered difference's roundoff bound: their relative error is roundoff's,
   * so they are left out of `worst` and the verdict. One that differs by more is a disagreement
   * roundoff cannot explain, and is judged like any other coordinate.
   */
  readonly smallGradients: number;
  /** The gradient size below which roundoff in f can push the relative error to 'suspicious'. */
  readonly noiseFloor: number;
  readonly maxRelativeError: number;
  /** The worst coordinate that had a say in the verdict; null when none had. */
  readonly worst: Mismatch | null;
  readonly verdict: Verdict;
  /**
   * Fine or acceptable. False when suspicious, wrong, or inconclusive: nothing compared (every
   * coordinate a kink) or every comparison within roundoff of 0 is no evidence of a correct gradient.
   */
  readonly passed: boolean;
  /** Why the verdict is inconclusive, else null. */
  readonly warning: string | null;
}

export interface GradcheckReport {
  /** True when every input passed (see InputReport.passed). */
  readonly passed: boolean;
  readonly maxRelativeError: number;
  readonly inputs: readonly InputReport[];
  /** Each input's warning, prefixed with `input N: `. */
  readonly warnings: readonly string[];
}

const DEFAULT_THRESHOLDS: GradcheckThresholds = { fine: 1e-7, suspicious: 1e-4, wrong: 1e-2 };

/**
 * The verdict the notes give a relative error (never 'inconclusive': that needs a report).
 * @example verdictOf(3e-5); //=> 'acceptable'
 */
export function verdictOf(error: number, t: GradcheckThresholds = DEFAULT_THRESHOLDS): Verdict {
  if (!(error < t.wrong)) return 'wrong';
  if (error >= t.suspicious) return 'suspicious';
  return error <= t.fine ? 'fine' : 'acceptable';
}

/**
 * |a - n| / max(|a|, |n|, floor): the notes' relative error, with a floor (the noise level of the
 * numerical derivative) so that two gradients that are both ~0 compare as equal (ERRATA).
 * @example relativeError(1.01, 1); //=> 0.0099... (0.01 / 1.01)
 */
export function relativeError(analytic: number, numeric: number, floor = 0): number {
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric), floor);
  return scale === 0 ? 0 : Math.abs(analytic - numeric) / scale;
}

/**
 * Compares backward() with centered differences for every input of `f`, in float64.
 * `f` may return any shape: a non-scalar is reduced as sum(f(x) * r) with a seeded random r (random
 * signs, magnitudes in [0.5, 1.5) so that no output's gradient is scaled towards 0), so a
 * backward that ignores its incoming gradient is caught. Inputs are perturbed in place and restored
 * exactly; their `.grad` and `requiresGrad` are restored too.
 * @throws DTypeError when an input or the output is not float64.
 * @example
 * const x = randn([3], { dtype: 'float64', seed: 1 });
 * gradcheck((t) => t.mul(t).sum(), [x]).passed; //=> true
 */
export function gradcheck(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const h = options.h ?? 1e-6;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const rng = new Rng(options.seed ?? 0);
  inputs.forEach((x, i) => {
    if (x.dtype !== 'float64') {
      throw new DTypeError(`gradcheck: input ${i} is ${x.dtype}; gradient checks need float64 (use x.to('float64'))`);
    }
  });
  const saved = inputs.map((x) => ({ grad: x.grad, requiresGrad: x.requiresGrad }));
  try {
    inputs.forEach((x) => {
      x.grad = null;
      x.requiresGrad = true;
    });
    const out = f(...inputs);
    if (out.dtype !== 'float64') throw new DTypeError(`gradcheck: f returned ${out.dtype}; it must return float64`);
    const seed = full(out.shape, 1, { dtype: 'float64' });
    if (out.size > 1) for (let i = 0; i < seed.size; i++) seed.data[i] = outputWeight(rng);
    backward(out, seed);
    const objective = (): number => {
      const y = noGrad(() => f(...inputs));
      if (!shapesEqual(y.shape, out.shape)) {
        throw new ShapeError(`gradcheck: f's output changed shape under perturbation (${formatShape(out.shape)} -> ${formatShape(y.shape)})`);
      }
      let s = 0;
      for (let i = 0; i < y.size; i++) s += y.data[i]! * seed.data[i]!;
      return s;
    };
    const base = objective();
    const reports = inputs.map((x, index) =>
      checkInput(x, index, objective, base, { h, thresholds, rng, samples: options.samples, kinks: options.detectKinks ?? true }),
    );
    const maxRelativeError = Math.max(0, ...reports.map((r) => r.maxRelativeError));
    const warnings = reports.flatMap((r) => (r.warning === null ? [] : [`input ${r.index}: ${r.warning}`]));
    return { passed: reports.every((r) => r.passed), maxRelativeError, inputs: reports, warnings };
  } finally {
    inputs.forEach((x, i) => {
      x.grad = saved[i]!.grad;
      x.requiresGrad = saved[i]!.requiresGrad;
    });
  }
}

/**
 * One entry of r. NOTE: not a normal draw: an entry near 0 shrinks that output's contribution to
 * every gradient to where the centered difference's roundoff dominates, and a correct op then reads
 * as "suspicious" (seen with mul at r ~ 1e-4). Random signs and sizes still catch a backward that
 * ignores or permutes its incoming gradient.
 */
function outputWeight(rng: Rng): number {
  return (rng.uniform() < 0.5 ? -1 : 1) * rng.uniformIn(0.5, 1.5);
}

interface CheckSettings {
  h: number;
  thresholds: GradcheckThresholds;
  rng: Rng;
  samples: number | undefined;
  kinks: boolean;
}

function checkInput(x: Tensor, index: number, objective: () => number, base: number, s: CheckSettings): InputReport {
  const analytic = x.grad?.data ?? new Float64Array(x.size);
  const roundoff = roundoffBound(base);
  const floorAt = (h: number): number => noiseFloor(base, h, s.thresholds.suspicious);
  const floor = floorAt(s.h);
  const evaluate = (i: number, d: number): number => {
    const original = x.data[i]!;
    try {
      x.data[i] = original + d;
      return objective();
    } finally {
      // Restore even when f throws (e.g. its output changed shape), so inputs are never left perturbed.
      x.data[i] = original;
    }
  };
  let checked = 0;
  let kinks = 0;
  let smallGradients = 0;
  let worst: Mismatch | null = null;
  for (const i of coordinates(x.size, s.samples, s.rng)) {
    const a = analytic[i]!;
    const plus = evaluate(i, s.h);
    const minus = evaluate(i, -s.h);
    let numeric = (plus - minus) / (2 * s.h);
    // With the floor r / (h s), a relative error under s means |a - n| <= r / h (the difference's
    // roundoff bound) for gradients below the floor, and the plain relative error above it: every
    // coordinate is judged, a small one against roundoff instead of against its own size.
    if (relativeError(a, numeric, floor) < s.thresholds.suspicious && Math.max(Math.abs(a), Math.abs(numeric)) < floor) {
      // Both within roundoff's reach of 0 and of each other: their relative error is roundoff's.
      checked++;
      smallGradients++;
      continue;
    }
    let error = relativeError(a, numeric);
    if (s.kinks && !(error < s.thresholds.suspicious) && !Number.isNaN(a)) {
      const compare = (n: number, h: number): Agreement => {
        if (!(relativeError(a, n, floorAt(h)) < s.thresholds.suspicious)) return 'disagrees';
        return Math.max(Math.abs(a), Math.abs(n)) >= floorAt(h) ? 'agrees' : 'withinNoise';
      };
      const cause = classifyFailure({ h: s.h, plus, base, minus }, (d) => evaluate(i, d), compare, roundoff);
      if (cause.kind === 'kink') {
        kinks++;
        continue;
      }
      if (cause.kind === 'resolved') {
        numeric = cause.numeric;
        error = relativeError(a, numeric);
      }
    }
    checked++;
    if (worst === null || error > worst.relativeError || Number.isNaN(error)) {
      worst = { coordinate: unravel(i, x.shape), analytic: a, numeric, relativeError: error };
    }
  }
  const maxRelativeError = worst === null ? 0 : Number.isNaN(worst.relativeError) ? Infinity : worst.relativeError;
  const verdict = worst === null ? 'inconclusive' : verdictOf(maxRelativeError, s.thresholds);
  const warning = worst !== null ? null : inconclusiveWhy(x.size, checked, kinks, floor);
  return {
    index, shape: x.shape, checked, kinks, smallGradients, noiseFloor: floor, maxRelativeError, worst, verdict,
    // Nothing judged is no evidence of a correct gradient, whether skipped as kinks or within roundoff.
    passed: verdict === 'fine' || verdict === 'acceptable',
    warning,
  };
}

function inconclusiveWhy(size: number, checked: number, kinks: number, floor: number): string {
  const skipped = kinks > 0 ? `; ${kinks} more crossed a kink` : '';
  if (checked > 0) {
    return `all ${checked} compared gradients are below the noise floor ${floor.toPrecision(2)} ` +
      `(roundoff in f over the step), so they agree only within roundoff${skipped}; ` +
      'try a larger h or a point with larger gradients';
  }
  if (kinks > 0) {
    return `nothing compared: the step crossed a kink at every one of the ${kinks} sampled coordinates; try another h or seed`;
  }
  return size === 0 ? 'nothing to compare: the input is empty' : 'nothing compared: no coordinates were sampled';
}

function coordinates(size: number, samples: number | undefined, rng: Rng): Iterable<number> {
  if (samples === undefined || samples >= size) return Array.from({ length: size }, (_, i) => i);
  const perm = rng.permutation(size);
  return Array.from(perm.subarray(0, Math.max(0, Math.floor(samples)))).sort((a, b) => a - b);
}

function unravel(i: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return out;
}
