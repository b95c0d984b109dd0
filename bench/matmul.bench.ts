// Benchmark of the CPU float32 matmul kernel (issue 2, target in issue 8: >= 3 GFLOP/s).
// Run with `npm run bench:matmul`. Prints a table and one JSON line; never run by `npm test`.
import type { MatmulOptions } from '../src/backend/backend.js';
import { matmul } from '../src/backend/cpu/matmul.js';
import { Rng } from '../src/tensor/rng.js';

interface Case {
  readonly name: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly options: MatmulOptions;
}

// The shapes of an MNIST-sized MLP layer (batch 128, 784 -> 512): forward NN, weight gradient TN,
// input gradient NT, plus a square reference.
const CASES: readonly Case[] = [
  { name: 'NN', m: 128, k: 784, n: 512, options: { transA: false, transB: false } },
  { name: 'TN', m: 784, k: 128, n: 512, options: { transA: true, transB: false } },
  { name: 'NT', m: 128, k: 512, n: 784, options: { transA: false, transB: true } },
  { name: 'NN', m: 512, k: 512, n: 512, options: { transA: false, transB: false } },
];

/** Wall time of at least `minMs` worth of trials, each at least ~50 ms; returns seconds per call. */
function timeCall(fn: () => void, minMs: number): { median: number; best: number } {
  const t0 = performance.now();
  fn();
  const once = Math.max(performance.now() - t0, 1e-3);
  const reps = Math.max(1, Math.ceil(50 / once));
  const trials: number[] = [];
  const start = performance.now();
  while (trials.length < 5 || performance.now() - start < minMs) {
    const s = performance.now();
    for (let r = 0; r < reps; r++) fn();
    trials.push((performance.now() - s) / reps / 1000);
  }
  trials.sort((x, y) => x - y);
  return { median: trials[Math.floor(trials.length / 2)]!, best: trials[0]! };
}

function random(length: number, rng: Rng): Float32Array {
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) x[i] = rng.uniform() * 2 - 1;
  return x;
}

const rng = new Rng(0);
const results = CASES.map((c) => {
  const a = random(c.m * c.k, rng);
  const b = random(c.k * c.n, rng);
  const out = new Float32Array(c.m * c.n);
  const run = () => matmul(a, b, out, c.m, c.k, c.n, c.options);
  timeCall(run, 300); // warm-up: let V8 optimize and the scratch buffers grow
  const t = timeCall(run, 1500);
  const flops = 2 * c.m * c.k * c.n;
  return {
    shape: `${c.m}x${c.k}x${c.n}`,
    op: c.name,
    msMedian: +(t.median * 1000).toFixed(3),
    gflopsMedian: +(flops / t.median / 1e9).toFixed(2),
    gflopsBest: +(flops / t.best / 1e9).toFixed(2),
  };
});

console.log('op  M x K x N        ms (median)  GFLOP/s (median)  GFLOP/s (best)');
for (const r of results) {
  console.log(
    `${r.op.padEnd(4)}${r.shape.padEnd(18)}${String(r.msMedian).padStart(11)}` +
      `${String(r.gflopsMedian).padStart(18)}${String(r.gflopsBest).padStart(16)}`,
  );
}
console.log(JSON.stringify({ bench: 'matmul', dtype: 'float32', node: process.version, results }));
