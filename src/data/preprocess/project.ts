// The projection of PCA and whitening: out = (x - mean) W^T for rows x (n x d) and components W
// (k x d), accumulated in float64. Own kernel rather than the backend's matmul so a saved model
// transforms its inputs identically whatever backend is active.
import { dotTile } from './dot-tile.js';

/**
 * Projects the centered rows of x onto the k rows of `components`.
 * @param x n x d row-major.
 * @param mean the d values subtracted from every row first.
 * @param components k x d row-major (row c is one direction).
 * @returns n x k row-major float32.
 * @example
 * project(new Float32Array([3, 4]), 1, 2, [1, 1], [0, 1], 1); //=> Float32Array [3]
 */
export function project(
  x: Float32Array,
  n: number,
  d: number,
  mean: ArrayLike<number>,
  components: ArrayLike<number>,
  k: number,
): Float32Array {
  // Components padded to a multiple of 4 (zero rows), rows handled 4 at a time (zero rows past n):
  // the 4 x 4 tile below then needs no edge cases.
  const kp = Math.ceil(k / 4) * 4;
  const w = new Float64Array(kp * d);
  for (let i = 0; i < k * d; i++) w[i] = components[i]!;
  const rows = new Float64Array(4 * d);
  const out = new Float32Array(n * k);
  const tile = new Float64Array(16);
  for (let i = 0; i < n; i += 4) {
    const m = Math.min(4, n - i);
    rows.fill(0);
    for (let r = 0; r < m; r++) {
      for (let j = 0; j < d; j++) rows[r * d + j] = x[(i + r) * d + j]! - mean[j]!;
    }
    for (let c = 0; c < kp; c += 4) {
      dotTile(rows, 0, w, c * d, d, d, tile);
      for (let r = 0; r < m; r++) {
        for (let t = 0; t < 4 && c + t < k; t++) out[(i + r) * k + c + t] = tile[r * 4 + t]!;
      }
    }
  }
  return out;
}
