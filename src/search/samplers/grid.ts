// Grid search: every combination of listed values. Choices and fixed values list themselves;
// numeric dimensions get `points` evenly spaced values (log-spaced for log dimensions, rounded and
// deduplicated for ints). Trials visit the grid in a seeded shuffled order, so a study stopped
// early still covers the grid evenly; a point whose trial failed is retried.
import { ConfigError } from '../../errors.js';
import { Rng } from '../../tensor/rng.js';
import type { JsonValue } from '../json.js';
import { fromInternal, isLog, type Distribution, type Params, type SearchSpace } from '../space.js';
import type { SampleContext, Sample, Sampler, Stage } from './sampler.js';

/** Options of the grid sampler. */
export interface GridOptions {
  /** Values per numeric dimension (default 5). */
  readonly points?: number;
  /** Visit points in a seeded shuffled order (default true) or in enumeration order. */
  readonly shuffle?: boolean;
  /** Seed of the visiting order (default 0). */
  readonly seed?: number;
}

const MAX_POINTS = 1_000_000;

/**
 * An upper bound on how many values a dimension takes, known without listing them: ints have at
 * most one value per integer of their range, and rounding only ever merges values.
 */
function axisBound(d: Distribution, points: number): number {
  if (d.type === 'fixed') return 1;
  if (d.type === 'choice') return d.choices.length;
  return d.type === 'int' ? Math.min(points, d.high - d.low + 1) : points;
}

function checkSize(size: number, what: string): void {
  if (size > MAX_POINTS) {
    throw new ConfigError(
      'method.points',
      `the grid ${what} ${size} points (more than ${MAX_POINTS}); use fewer points or random search`,
    );
  }
}

/**
 * The values a grid takes along one dimension.
 * @throws ConfigError when a numeric dimension asks for more than a million points.
 * @example gridValues(logUniform(1e-3, 1e-1), 3); //=> [0.001, 0.01, 0.1] (up to rounding)
 */
export function gridValues(d: Distribution, points: number): JsonValue[] {
  if (d.type === 'fixed') return [d.value];
  if (d.type === 'choice') return [...d.choices];
  // Listing costs one step per point, so the count is checked before the loop, not after it.
  if (points > MAX_POINTS) {
    throw new ConfigError(
      'method.points',
      `grid points per dimension must be at most ${MAX_POINTS}, got ${points}; use fewer points or random search`,
    );
  }
  const lo = isLog(d) ? Math.log(d.low) : d.low;
  const hi = isLog(d) ? Math.log(d.high) : d.high;
  const values = new Set<number>();
  for (let i = 0; i < points; i++) {
    const x = points === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (points - 1);
    // Pin the ends exactly: exp(log(x)) may differ from x in the last bit.
    const v =
      i === 0 && points > 1 ? d.low : i === points - 1 && points > 1 ? d.high : fromInternal(d, x);
    values.add(v);
  }
  return [...values];
}

/**
 * Every point of the grid, in enumeration order: the first dimension of the space varies slowest.
 * @throws ConfigError when the grid would exceed a million points (checked before listing any).
 * @example
 * gridPoints({ a: choice([1, 2]), b: choice(['x', 'y']) }, 5);
 * //=> [{a: 1, b: 'x'}, {a: 1, b: 'y'}, {a: 2, b: 'x'}, {a: 2, b: 'y'}]
 */
export function gridPoints(space: SearchSpace, points = 5): Params[] {
  if (!Number.isInteger(points) || points < 1) {
    throw new ConfigError(
      'method.points',
      `grid points per dimension must be an integer >= 1, got ${points}`,
    );
  }
  // The bound first: listing the values of a huge grid would hang before its size could be told.
  const dims = Object.entries(space);
  checkSize(
    dims.reduce((n, [, d]) => n * axisBound(d, points), 1),
    'would have up to',
  );
  const axes = dims.map(([key, d]) => [key, gridValues(d, points)] as const);
  checkSize(
    axes.reduce((n, [, values]) => n * values.length, 1),
    'has',
  );
  let out: Params[] = [{}];
  for (const [key, values] of axes)
    out = out.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return out;
}

/**
 * The grid sampler. Its budget is the grid size (or fewer trials, if asked).
 * @example search({ space, objective, method: gridSampler({ points: 3 }) });
 */
export function gridSampler(options: GridOptions = {}): Sampler {
  const points = options.points ?? 5;
  let cache: { space: SearchSpace; grid: Params[]; order: Int32Array } | undefined;
  const grid = (space: SearchSpace): { grid: Params[]; order: Int32Array } => {
    if (cache?.space !== space) {
      const g = gridPoints(space, points);
      const order =
        options.shuffle === false
          ? Int32Array.from(g.keys())
          : new Rng(options.seed ?? 0).permutation(g.length);
      cache = { space, grid: g, order };
    }
    return cache;
  };
  return {
    name: 'grid',
    sample(ctx: SampleContext): Sample {
      const { grid: g, order } = grid(ctx.space);
      const taken = new Set(
        ctx.trials.filter((t) => t.state !== 'failed').map((t) => t.attrs.gridIndex),
      );
      const index = order.find((i) => !taken.has(i));
      if (index === undefined)
        throw new ConfigError('trials', `the grid's ${g.length} points are all taken`);
      return { params: { ...g[index]! }, attrs: { gridIndex: index } };
    },
    stages(space: SearchSpace, requested: number | undefined): Stage[] {
      const size = grid(space).grid.length;
      if (requested !== undefined && requested > size) {
        throw new ConfigError(
          'trials',
          `${requested} trials requested but the grid has only ${size} points`,
        );
      }
      return [{ trials: requested ?? size }];
    },
  };
}
