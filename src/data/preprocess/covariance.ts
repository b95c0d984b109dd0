// Per-feature statistics of a row-major n x d float32 matrix, accumulated in float64: means,
// standard deviations, minima/maxima and the covariance matrix.
import { ShapeError } from '../../errors.js';
import { dotTile } from './dot-tile.js';

/**
 * Throws ShapeError unless x holds n rows (n >= minRows) of d features.
 * @example
 * checkMatrix(new Float32Array(6), 2, 3, 'fitPreprocess'); // passes; 2 x 4 would throw
 */
export function checkMatrix(x: Float32Array, n: number, d: number, who: string, minRows = 1): void {
  if (
    !(Number.isInteger(n) && n >= minRows && Number.isInteger(d) && d >= 1) ||
    x.length !== n * d
  ) {
    throw new ShapeError(
      `${who}: expected ${n} rows x ${d} features (${n * d} values), got ${x.length} values`,
    );
  }
}

/**
 * The mean of each column of the row-major n x d matrix x.
 * @example
 * columnMeans(new Float32Array([1, 2, 3, 6]), 2, 2); //=> Float64Array [2, 4]
 */
export function columnMeans(x: Float32Array, n: number, d: number): Float64Array {
  const sum = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) sum[j] = sum[j]! + x[row + j]!;
  }
  for (let j = 0; j < d; j++) sum[j] = sum[j]! / n;
  return sum;
}

/**
 * The population standard deviation of each column (divisor n, as NumPy's default), given the means.
 * Two-pass, so a constant column gives exactly 0.
 * @example
 * columnStds(new Float32Array([1, 2, 3, 6]), 2, 2, new Float64Array([2, 4])); //=> Float64Array [1, 2]
 */
export function columnStds(
  x: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
): Float64Array {
  const ss = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const c = x[row + j]! - mean[j]!;
      ss[j] = ss[j]! + c * c;
    }
  }
  for (let j = 0; j < d; j++) ss[j] = Math.sqrt(ss[j]! / n);
  return ss;
}

/**
 * Each channel's mean and (population) standard deviation over every pixel of every image, for n
 * rows of c channels of `plane` pixels each (row-major C, H, W).
 * @example channelStats(new Float32Array([1, 3, 10, 10]), 1, 2, 2); //=> { mean: [2, 10], std: [1, 0] }
 */
export function channelStats(x: Float32Array, n: number, c: number, plane: number): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  const count = n * plane;
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let i = 0; i < n; i++) for (let k = 0; k < plane; k++) sum += x[(i * c + ch) * plane + k]!;
    const m = count > 0 ? sum / count : 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < plane; k++) {
        const v = x[(i * c + ch) * plane + k]! - m;
        ss += v * v;
      }
    }
    mean.push(m);
    std.push(count > 0 ? Math.sqrt(ss / count) : 0);
  }
  return { mean, std };
}

/**
 * The minimum and maximum of each column.
 * @example
 * columnRange(new Float32Array([1, 9, 3, 6]), 2, 2); //=> { min: Float64Array [1, 6], max: Float64Array [3, 9] }
 */
export function columnRange(
  x: Float32Array,
  n: number,
  d: number,
): { min: Float64Array; max: Float64Array } {
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[row + j]!;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  return { min, max };
}

// Rows per block: a d x BLOCK float64 panel (400 KB at d = 784) stays in the L2 cache.
const BLOCK = 64;

/**
 * The covariance matrix (1/n) sum_i (x_i - mean)(x_i - mean)^T of the rows of x, d x d row-major,
 * accumulated in float64.
 * @example
 * covariance(new Float32Array([0, 0, 2, 2]), 2, 2, new Float64Array([1, 1])); //=> Float64Array [1, 1, 1, 1]
 */
export function covariance(
  x: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
): Float64Array {
  // Features padded to a multiple of 4 (zero rows in the panel) so the 4 x 4 tiles need no edge case.
  const dp = Math.ceil(d / 4) * 4;
  const acc = new Float64Array(dp * dp);
  const panel = new Float64Array(dp * BLOCK);
  const tile = new Float64Array(16);
  for (let start = 0; start < n; start += BLOCK) {
    const rows = Math.min(BLOCK, n - start);
    if (rows < BLOCK) panel.fill(0);
    // panel[j * BLOCK + r] = centered feature j of row start + r: each feature's values contiguous.
    for (let r = 0; r < rows; r++) {
      const row = (start + r) * d;
      for (let j = 0; j < d; j++) panel[j * BLOCK + r] = x[row + j]! - mean[j]!;
    }
    for (let a = 0; a < dp; a += 4) {
      for (let b = 0; b <= a; b += 4) {
        dotTile(panel, a * BLOCK, panel, b * BLOCK, BLOCK, BLOCK, tile);
        for (let r = 0; r < 4; r++) {
          const o = (a + r) * dp + b;
          for (let t = 0; t < 4; t++) acc[o + t] = acc[o + t]! + tile[r * 4 + t]!;
        }
      }
    }
  }
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      const v = acc[a * dp + b]! / n;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return cov;
}
