// Thinning long series for drawing without hiding spikes: per bucket, keep first, last, min and max.

/** A data point of a chart. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * At most about `maxPoints` of `points`, in their original order: the points are cut into
 * maxPoints / 4 consecutive buckets and each keeps its first, last, lowest and highest point, so a
 * one-step loss spike among 100k iterations still shows. Shorter inputs come back unchanged.
 * @param maxPoints target size, at least 4
 * @example downsample([0, 9, 1, 2, 3, 4, 5, 6].map((y, x) => ({ x, y })), 4).map((p) => p.y);
 * //=> [0, 9, 6] (one bucket: first = min 0, max 9, last 6)
 */
export function downsample(points: readonly Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints) return points.slice();
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const size = points.length / buckets;
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = b === buckets - 1 ? points.length : Math.floor((b + 1) * size);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.y < points[lo]!.y) lo = i;
      if (points[i]!.y > points[hi]!.y) hi = i;
    }
    // Keep the chosen indices in order, each once (first may also be the min, and so on).
    const keep = [start, Math.min(lo, hi), Math.max(lo, hi), end - 1];
    let previous = -1;
    for (const i of keep) {
      if (i > previous) out.push(points[i]!);
      previous = Math.max(previous, i);
    }
  }
  return out;
}
