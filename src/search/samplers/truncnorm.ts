// The normal distribution truncated to [low, high]: log density and sampling, for TPE's Parzen
// estimators.
import type { Rng } from '../../tensor/rng.js';

/**
 * The error function, to about 1.2e-7 relative error (Numerical Recipes' erfc, a Chebyshev fit).
 * @example erf(1); //=> 0.8427007...
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc : erfc - 1;
}

/**
 * The standard normal cumulative distribution function.
 * @example normalCdf(0); //=> 0.5
 */
export function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log of the density at x of N(mu, sigma^2) truncated to [low, high].
 * @example truncNormLogPdf(0, 0, 1, -Infinity, Infinity); //=> -0.9189... (log of 1/sqrt(2 pi))
 */
export function truncNormLogPdf(
  x: number,
  mu: number,
  sigma: number,
  low: number,
  high: number,
): number {
  if (x < low || x > high) return -Infinity;
  const z = (x - mu) / sigma;
  const mass = normalCdf((high - mu) / sigma) - normalCdf((low - mu) / sigma);
  // Floor the mass so that a component far outside the range cannot divide by zero.
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - Math.log(Math.max(mass, 1e-12));
}

/**
 * A draw from N(mu, sigma^2) truncated to [low, high], by rejection. TPE keeps mu inside the range
 * and sigma at most its width, so at least about a third of the draws land inside.
 * @example sampleTruncNorm(new Rng(0), 0.5, 0.2, 0, 1); //=> a number in [0, 1]
 */
export function sampleTruncNorm(
  rng: Rng,
  mu: number,
  sigma: number,
  low: number,
  high: number,
): number {
  for (let attempt = 0; attempt < 100; attempt++) {
    const x = mu + sigma * rng.normal();
    if (x >= low && x <= high) return x;
  }
  // Practically unreachable for TPE's components; stay in range rather than loop forever.
  return Math.min(high, Math.max(low, mu));
}

/**
 * log(sum(exp(xs))) without overflow.
 * @example logSumExp([0, 0]); //=> Math.log(2)
 */
export function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}
