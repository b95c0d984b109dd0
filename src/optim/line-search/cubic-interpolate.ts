// The minimizer of the cubic through two points with slopes, used to pick trial steps.

/**
 * The minimizer of the cubic that matches f and f' at x1 and x2, clamped to [lo, hi] (by default the
 * interval between x1 and x2); the midpoint when the cubic has no minimizer or the values are not
 * finite. Nocedal & Wright, Numerical Optimization (2006), eq. 3.59.
 * @example cubicInterpolate(0, 1, -2, 2, 1, 2); //=> 1 (the bottom of a symmetric bowl)
 */
export function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  lo = Math.min(x1, x2),
  hi = Math.max(x1, x2),
): number {
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos =
      x1 <= x2
        ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    if (Number.isFinite(minPos)) return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}
