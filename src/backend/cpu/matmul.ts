// Matrix product of the CPU backend. Placeholder i-k-j loop over a packed op(B); the blocked,
// register-tiled kernel replaces it (see bench/matmul.bench.ts).
import type { Buf, MatmulOptions } from '../backend.js';

let packB: Float64Array = new Float64Array(0);

export function matmul(
  a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch = 1,
): void {
  for (let t = 0; t < batch; t++) {
    matmulOne(a, t * m * k, b, t * k * n, out, t * m * n, m, k, n, options);
  }
}

function matmulOne(
  a: Buf, ao: number, b: Buf, bo: number, out: Buf, oo: number, m: number, k: number, n: number,
  { transA, transB, accumulate = false }: MatmulOptions,
): void {
  if (packB.length < k * n) packB = new Float64Array(k * n);
  const pb = packB;
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) pb[p * n + j] = transB ? b[bo + j * k + p]! : b[bo + p * n + j]!;
  }
  for (let i = 0; i < m; i++) {
    const row = oo + i * n;
    if (!accumulate) for (let j = 0; j < n; j++) out[row + j] = 0;
    for (let p = 0; p < k; p++) {
      const av = transA ? a[ao + p * m + i]! : a[ao + i * k + p]!;
      if (av === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + av * pb[bp + j]!;
    }
  }
}
