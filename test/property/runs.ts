// How many cases each property runs: a few hundred in the normal test run; `npm run fuzz` sets
// FUZZ_RUNS (and may set FUZZ_SEED) for a longer, differently seeded run.
import type { Parameters } from 'fast-check';

const runs = Number(process.env.FUZZ_RUNS ?? '') || 200;
const seed = process.env.FUZZ_SEED === undefined ? 20261128 : Number(process.env.FUZZ_SEED);

/** fast-check parameters: `scale` multiplies the case count for cheap properties. */
export function fuzzParams(scale = 1): Parameters<unknown> {
  return { numRuns: Math.max(1, Math.round(runs * scale)), seed, endOnFailure: true };
}

/** The test timeout for a property, generous when FUZZ_RUNS asks for a long run. */
export const FUZZ_TIMEOUT = Math.max(60_000, runs * 500);
