// Warn when the best value of a dimension lies at the edge of its range: the optimum may lie
// beyond it, so widen the range and search again (the notes' advice).
import { isLog, isNumeric, type Params, type SearchSpace } from './space.js';

/** One dimension whose best value sits near an end of its range. */
export interface EdgeWarning {
  readonly path: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly edge: 'low' | 'high';
  /** A sentence for people. */
  readonly message: string;
}

/**
 * The numeric dimensions whose best value lies within `fraction` (default 5%) of the range from an
 * end, measured in log space for log dimensions.
 * @example
 * edgeWarnings({ best: { params: { 'optimizer.lr': 0.9 } } }, { 'optimizer.lr': logUniform(1e-4, 1) });
 * //=> [{ path: 'optimizer.lr', edge: 'high', ... }]
 */
export function edgeWarnings(
  study: { readonly best: { readonly params: Params } | null },
  space: SearchSpace,
  options: { fraction?: number } = {},
): EdgeWarning[] {
  const best = study.best;
  if (best === null) return [];
  const fraction = options.fraction ?? 0.05;
  const out: EdgeWarning[] = [];
  for (const [path, d] of Object.entries(space)) {
    const value = best.params[path];
    if (!isNumeric(d) || typeof value !== 'number') continue;
    const t = (v: number): number => (isLog(d) ? Math.log(v) : v);
    const position = (t(value) - t(d.low)) / (t(d.high) - t(d.low));
    const edge = position <= fraction ? 'low' : position >= 1 - fraction ? 'high' : null;
    if (edge === null) continue;
    const scale = isLog(d) ? ' (log scale)' : '';
    out.push({
      path,
      value,
      low: d.low,
      high: d.high,
      edge,
      message:
        `${path}: the best value ${value} lies at the ${edge} edge of its range [${d.low}, ${d.high}]${scale}; ` +
        `the optimum may lie beyond it: widen the range`,
    });
  }
  return out;
}
