// Thinning several y columns that share one x column (the per-epoch series: accuracies and losses,
// update ratios, dead-relu fractions), so a 20k-epoch run sends a few hundred rows, not 20k.
import { downsample } from '../plot/downsample.js';
import type { Series } from './api.js';

/**
 * The rows of a shared-x table worth drawing, about `maxPoints` of them: each column is
 * downsampled on its own (plot/downsample: per bucket its first, last, lowest and highest finite
 * value, so a spike and the best epoch stay) with an equal share of the budget, and the kept rows
 * are the union, plus the first and the last row. Non-finite and missing values become null (a gap).
 * Tables of at most `maxPoints` rows come back whole.
 * @param maxPoints target row count, at least 4 per column
 * @example
 * thinColumns([1, 2, 3], { acc: [0.5, undefined, 0.9] }, 100);
 * //=> { x: [1, 2, 3], y: { acc: [0.5, null, 0.9] } }
 */
export function thinColumns(
  xs: readonly number[],
  columns: Readonly<Record<string, readonly (number | null | undefined)[]>>,
  maxPoints: number,
): Series {
  const names = Object.keys(columns);
  const n = xs.length;
  let rows: number[];
  if (n <= maxPoints) rows = xs.map((_, i) => i);
  else {
    const share = Math.max(4, Math.floor(maxPoints / Math.max(1, names.length)));
    const keep = new Uint8Array(n);
    keep[0] = 1;
    keep[n - 1] = 1;
    for (const name of names) {
      const ys = columns[name]!;
      const points = [];
      for (let i = 0; i < n; i++) {
        const y = ys[i];
        // x is the row index here, to find the kept rows again.
        if (typeof y === 'number' && Number.isFinite(y)) points.push({ x: i, y });
      }
      for (const p of downsample(points, share)) keep[p.x] = 1;
    }
    rows = [];
    for (let i = 0; i < n; i++) if (keep[i] === 1) rows.push(i);
  }
  const y: Record<string, (number | null)[]> = {};
  for (const name of names) {
    const ys = columns[name]!;
    y[name] = rows.map((i) => {
      const v = ys[i];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
  }
  return { x: rows.map((i) => xs[i]!), y };
}
