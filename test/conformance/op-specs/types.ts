// The shape of a row of the op registry, the ways input values are drawn, and the suite's
// gradcheck step.
import type { Rng } from '../../../src/tensor/rng.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import type { Nd } from '../nd-reference.js';

/** One input configuration of an op: shapes, the op under test, and the reference forward. */
export interface OpCase {
  readonly label: string;
  readonly shapes: readonly (readonly number[])[];
  readonly run: (...xs: Tensor[]) => Tensor;
  readonly reference: (...xs: Nd[]) => Nd;
}

/** Draws `size` input values. */
export type Draw = (rng: Rng, size: number) => number[];

export interface OpRow {
  readonly name: string;
  /** The export of src/ops/index.ts this row covers. */
  readonly op: string;
  readonly cases: readonly OpCase[];
  /** How input values are drawn: one rule for all inputs or one per input. Default DEFAULT_DRAW. */
  readonly draw?: Draw | readonly Draw[];
  /** Rejects a draw too close to a kink, tie or domain edge; the suite draws again. */
  readonly accept?: (...xs: Nd[]) => boolean;
  /** Finite-difference step for gradcheck (default DEFAULT_H). */
  readonly h?: number;
}

/**
 * The suite's gradcheck step. NOTE: larger than gradcheck's 1e-6 on purpose: the bar here is a
 * relative error of 1e-6 on every coordinate, and the centered difference's roundoff (about
 * eps |f| / h) exceeds it on small gradient entries (softmax tails, broadcast sums that nearly
 * cancel) at h = 1e-6, while the truncation error (about h^2 f''' / 6) grows with h. Over 100
 * seeds of every row, the worst error was 2e-7 at 3e-5, against 1.2e-6 at 1e-4 and 3e-6 at 1e-6.
 */
export const DEFAULT_H = 3e-5;

/** Uniform values in [lo, hi). */
export const uniform =
  (lo: number, hi: number): Draw =>
  (rng, size) =>
    Array.from({ length: size }, () => rng.uniformIn(lo, hi));

/** Values with |v| in [lo, hi) and a random sign: away from the kink at 0. */
export const awayFromZero =
  (lo: number, hi: number): Draw =>
  (rng, size) =>
    Array.from({ length: size }, () => (rng.uniform() < 0.5 ? -1 : 1) * rng.uniformIn(lo, hi));

/** Values in [lo, hi) at least (hi - lo) / (2 size) apart: no ties for max / min. */
export const distinct =
  (lo: number, hi: number): Draw =>
  (rng, size) => {
    const slot = (hi - lo) / Math.max(size, 1);
    return Array.from(rng.permutation(size), (p) => lo + slot * (p + 0.25 + 0.5 * rng.uniform()));
  };

/** Multiples of 1/64 in [-2, 2]: exact in float32, so a float64 -> float32 round trip is exact. */
export const binaryFractions: Draw = (rng, size) =>
  Array.from({ length: size }, () => (rng.int(257) - 128) / 64);

export const DEFAULT_DRAW = uniform(-2, 2);

/** "(2,3) (3)" for test names. */
export const fmt = (shapes: readonly (readonly number[])[]): string =>
  shapes.map((s) => `(${s.join(',')})`).join(' ');
