// How a product is cut between threads: along the longer side of C (rows when m >= n, else columns), at
// tile boundaries (4 rows, 8 columns), so that each thread packs only its share of the longer operand and
// every element of C is computed exactly as one call would compute it (the split result is bitwise the
// same). Each part repacks the whole of the other, shorter operand.

/** One thread's block of C: rows i0..i1, columns j0..j1. */
export interface Part { readonly i0: number; readonly i1: number; readonly j0: number; readonly j1: number }

/**
 * Work under which a split does not pay, in multiply-adds (m*n*k). Measured with bench/wasm-gemm.bench.ts
 * on 2 idle cores (square NN products, best of 200): 32^3 ran at x0.8 on 2 threads, 48^3 (2^16.8) at
 * x1.2-1.45, 64^3 (2^18) at x1.55-1.64, 96^3 and up at x1.8-1.9. 2^18 leaves room for a worker that
 * has gone to sleep in Atomics.wait between products (waking costs microseconds) and for a busy core.
 */
export const MIN_SPLIT_WORK = 1 << 18;

const TILE_ROWS = 4;
const TILE_COLS = 8;

/**
 * The parts of an m x n x k product for `threads` threads, or null when it runs on one.
 * @example splitProduct(128, 784, 512, 2); //=> [{ i0: 0, i1: 128, j0: 0, j1: 256 }, { i0: 0, i1: 128, j0: 256, j1: 512 }]
 */
export function splitProduct(m: number, k: number, n: number, threads: number): Part[] | null {
  if (threads < 2 || m * n * k < MIN_SPLIT_WORK) return null;
  const byRows = m >= n;
  const length = byRows ? m : n;
  const tile = byRows ? TILE_ROWS : TILE_COLS;
  const tiles = Math.ceil(length / tile);
  const count = Math.min(threads, tiles);
  if (count < 2) return null;
  const parts: Part[] = [];
  let start = 0;
  for (let t = 0; t < count; t++) {
    const share = Math.floor(tiles / count) + (t < tiles % count ? 1 : 0);
    const end = Math.min(length, start + share * tile);
    parts.push(byRows ? { i0: start, i1: end, j0: 0, j1: n } : { i0: 0, i1: m, j0: start, j1: end });
    start = end;
  }
  return parts;
}
