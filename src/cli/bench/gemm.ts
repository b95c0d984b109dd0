// GFLOP/s of a backend's float32 matmul at the shapes of the standard MLP (issue 8) and two squares.
import type { Backend } from '../../backend/backend.js';
import { Rng } from '../../tensor/rng.js';

/** One measured product: op(A) m x k times op(B) k x n. */
export interface GemmFigure {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly gflops: number;
}

/** The shapes `descent bench --gemm` measures: W1's three products and two squares. */
export const GEMM_SHAPES: readonly Omit<GemmFigure, 'gflops'>[] = [
  { m: 128, k: 784, n: 512, transA: false, transB: false },
  { m: 784, k: 128, n: 512, transA: true, transB: false },
  { m: 128, k: 512, n: 784, transA: false, transB: true },
  { m: 512, k: 512, n: 512, transA: false, transB: false },
  { m: 1024, k: 1024, n: 1024, transA: false, transB: false },
];

function random(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniformIn(-1, 1);
  return out;
}

/**
 * The median GFLOP/s of `rounds` timed runs of each shape (each run repeats the product until it has
 * taken about `minMs` milliseconds), after one untimed run.
 * @example benchGemm(cpuBackend, { rounds: 1 })[0]!.gflops; //=> 2.1 (TypeScript backend)
 */
export function benchGemm(backend: Backend, options: { rounds?: number; minMs?: number } = {}): GemmFigure[] {
  const rounds = options.rounds ?? 5;
  const minMs = options.minMs ?? 50;
  const rng = new Rng(3);
  return GEMM_SHAPES.map((s) => {
    const a = random(s.m * s.k, rng);
    const b = random(s.k * s.n, rng);
    const out = new Float32Array(s.m * s.n);
    const flags = { transA: s.transA, transB: s.transB };
    backend.matmul(a, b, out, s.m, s.k, s.n, flags);
    const figures: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let reps = 0;
      const start = performance.now();
      let ms = 0;
      do {
        backend.matmul(a, b, out, s.m, s.k, s.n, flags);
        reps++;
        ms = performance.now() - start;
      } while (ms < minMs);
      figures.push((2 * s.m * s.k * s.n * reps) / (ms * 1e6));
    }
    figures.sort((x, y) => x - y);
    return { ...s, gflops: figures[Math.floor(figures.length / 2)]! };
  });
}
