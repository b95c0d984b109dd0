// GEMM GFLOP/s of the raw wasm kernel (simd128 and relaxed builds, one thread, packing included) at the
// standard MLP shapes and square ones, next to the TypeScript backend in the same run. Operands live in
// the module's memory, so no copy is timed. With --threads N, the backend's product on 1 and on N
// threads (resident operands, so again no copy) runs next to it, and a last table gives the work at
// which the split starts to pay (the threshold in src/backend/wasm/threads/split.ts).
//   npx tsx bench/wasm-gemm.bench.ts [--rounds 7] [--threads 2]
import { cpuBackend } from '../src/backend/cpu/index.js';
import { enableRelaxedSimdFlag } from '../src/backend/node/relaxed-simd-flag.js';
import type { WasmBackend } from '../src/backend/wasm/index.js';
import { loadWasmBackend } from '../src/backend/wasm/node/load.js';
import { relaxedBytes, relaxedSimdSupported, simd128Bytes } from '../src/backend/wasm/support.js';
import { MIN_SPLIT_WORK } from '../src/backend/wasm/threads/split.js';
import { Rng } from '../src/tensor/rng.js';

enableRelaxedSimdFlag();

const SHAPES = [
  { m: 128, k: 784, n: 512, op: 'NN' },
  { m: 784, k: 128, n: 512, op: 'TN' },
  { m: 128, k: 512, n: 784, op: 'NT' },
  { m: 512, k: 512, n: 512, op: 'NN' },
  { m: 1024, k: 1024, n: 1024, op: 'NN' },
] as const;

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 7;
const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : 1;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function fill(view: Float32Array, seed: number): void {
  const rng = new Rng(seed);
  for (let i = 0; i < view.length; i++) view[i] = rng.uniformIn(-1, 1);
}

type Gemm = (a: number, b: number, c: number, m: number, k: number, n: number, ta: number, tb: number, acc: number, pack: number) => void;

const MiB = 1 << 20;
function wasmGemm(bytes: Uint8Array<ArrayBuffer>): (m: number, k: number, n: number, op: string) => number {
  const memory = new WebAssembly.Memory({ initial: 1024, maximum: 1024 }); // 64 MiB
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const gemm = exports['gemm'] as Gemm;
  return (m, k, n, op) => {
    const [A, B, C, P] = [0, 8 * MiB, 16 * MiB, 24 * MiB];
    fill(new Float32Array(memory.buffer, A, m * k), 1);
    fill(new Float32Array(memory.buffer, B, k * n), 2);
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      gemm(A, B, C, m, k, n, op === 'TN' ? 1 : 0, op === 'NT' ? 1 : 0, 0, P);
      samples.push(performance.now() - t);
    }
    return (2 * m * k * n) / (median(samples) * 1e6);
  };
}

function tsGemm(m: number, k: number, n: number, op: string): number {
  const a = new Float32Array(m * k);
  const b = new Float32Array(k * n);
  fill(a, 1);
  fill(b, 2);
  const out = new Float32Array(m * n);
  const samples: number[] = [];
  for (let r = 0; r < Math.min(rounds, 3); r++) {
    const t = performance.now();
    cpuBackend.matmul(a, b, out, m, k, n, { transA: op === 'TN', transB: op === 'NT' });
    samples.push(performance.now() - t);
  }
  return (2 * m * k * n) / (median(samples) * 1e6);
}

// The backend's product on resident operands (views of its memory): best of `rounds`, in GFLOP/s.
function backendGemm(backend: WasmBackend): (m: number, k: number, n: number, op: string) => number {
  return (m, k, n, op) => {
    // Views of the heap (freed when collected); a plain array only if the heap is full.
    const resident = (count: number): Float32Array => backend.heap.alloc(count) ?? new Float32Array(count);
    const a = resident(m * k), b = resident(k * n), out = resident(m * n);
    fill(a, 1);
    fill(b, 2);
    const options = { transA: op === 'TN', transB: op === 'NT' };
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      backend.matmul(a, b, out, m, k, n, options);
      samples.push(performance.now() - t);
    }
    return (2 * m * k * n) / (median(samples) * 1e6);
  };
}

const simd = wasmGemm(simd128Bytes());
const relaxed = relaxedSimdSupported() ? wasmGemm(relaxedBytes()) : null;
const f = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x.toFixed(1)).padStart(8);
const rows: Record<string, number | null>[] = [];
if (threads <= 1) {
  console.log('shape             simd128  relaxed  typescript   (GFLOP/s, median)');
  for (const { m, k, n, op } of SHAPES) {
    const row = { simd128: simd(m, k, n, op), relaxed: relaxed ? relaxed(m, k, n, op) : null, typescript: tsGemm(m, k, n, op) };
    rows.push({ m, k, n, ...row });
    console.log(`${`${m}x${k}x${n} ${op}`.padEnd(17)}${f(row.simd128)} ${f(row.relaxed)} ${f(row.typescript)}`);
  }
} else {
  const flavours = relaxed ? [false, true] : [false];
  const backends: Record<string, (m: number, k: number, n: number, op: string) => number> = {};
  const held: WasmBackend[] = [];
  for (const r of flavours) {
    for (const t of [1, threads]) {
      const backend = await loadWasmBackend({ relaxed: r, threads: t, memoryMiB: 256 });
      held.push(backend);
      backends[`${r ? 'relaxed' : 'simd128'}x${t}`] = backendGemm(backend);
    }
  }
  const names = Object.keys(backends);
  console.log(`shape             kernel:simd128 relaxed | backend: ${names.join(' ')}   (GFLOP/s, median)`);
  for (const { m, k, n, op } of SHAPES) {
    const row: Record<string, number | null> = { simd128: simd(m, k, n, op), relaxed: relaxed ? relaxed(m, k, n, op) : null };
    for (const name of names) row[name] = backends[name]!(m, k, n, op);
    rows.push({ m, k, n, ...row });
    console.log(`${`${m}x${k}x${n} ${op}`.padEnd(17)}${f(row.simd128)} ${f(row.relaxed)} |${names.map((x) => f(row[x])).join(' ')}`);
  }
  // Square products around the split threshold: the speed-up of `threads` threads over 1.
  const best = relaxed ? 'relaxed' : 'simd128';
  console.log(`\nthreshold (${best}, NN; the split runs from m*n*k >= ${MIN_SPLIT_WORK}): m=n=k  work  1 thread  ${threads} threads`);
  for (const size of [48, 64, 80, 96, 128, 160]) {
    const one = backends[`${best}x1`]!(size, size, size, 'NN');
    const many = backends[`${best}x${threads}`]!(size, size, size, 'NN');
    console.log(`${String(size).padStart(4)} ${String(size ** 3).padStart(9)} ${f(one)} ${f(many)}  x${(many / one).toFixed(2)}`);
  }
  for (const backend of held) backend.dispose();
}
console.log(JSON.stringify({ bench: 'wasm-gemm', rounds, threads, rows }));
