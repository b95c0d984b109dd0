// Milliseconds per call of the window kernels at W4's shapes (its two 3x3 pad-1 convolutions and two
// 2x2 max pools, batch 128; the average pool at the first pool's shape), and per 128 calls of one
// image each (shape "128 x 1x..."), as conv2d calls im2col and col2im. On the TypeScript backend and
// on the wasm backend (one thread) with operands in the module's memory (as W4's tensors are) and
// with plain arrays (copied in and out on each call). Medians of --rounds calls; then one JSON record.
//   npx tsx bench/wasm-windows.bench.ts [--rounds 9] [--relaxed]
import type { Backend, Window2d } from '../src/backend/backend.js';
import { cpuBackend } from '../src/backend/cpu/index.js';
import { enableRelaxedSimdFlag } from '../src/backend/node/relaxed-simd-flag.js';
import { loadWasmBackend, type WasmBackend } from '../src/backend/wasm/index.js';

enableRelaxedSimdFlag();

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 9;

function window(n: number, c: number, size: number, k: number, s: number, p: number): Window2d {
  const o = Math.floor((size + 2 * p - k) / s) + 1;
  return { n, c, h: size, w: size, kh: k, kw: k, sh: s, sw: s, ph: p, pw: p, dh: 1, dw: 1, oh: o, ow: o };
}

const CONV1 = window(128, 1, 28, 3, 1, 1);
const CONV2 = window(128, 32, 14, 3, 1, 1);
const POOL1 = window(128, 32, 28, 2, 2, 0);
const POOL2 = window(128, 64, 14, 2, 2, 0);

const count = (g: Window2d): { x: number; cols: number; y: number } =>
  ({ x: g.n * g.c * g.h * g.w, cols: g.c * g.kh * g.kw * g.n * g.oh * g.ow, y: g.n * g.c * g.oh * g.ow });

type Make = (n: number) => Float32Array;
/** One kernel call on `be` over fresh operands from `make`, ready to be timed. */
type Case = { name: string; shape: string; setup: (be: Backend, make: Make) => () => void };

const label = (g: Window2d): string => `${g.n}x${g.c}x${g.h}x${g.w} k${g.kh}`;
const filled = (x: Float32Array): Float32Array => {
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.731);
  return x;
};

const CASES: Case[] = [
  ...[CONV1, CONV2].flatMap((g): Case[] => [
    { name: 'im2col', shape: label(g), setup: (be, make) => {
      const x = filled(make(count(g).x)), cols = make(count(g).cols);
      return () => be.im2col(x, g, cols);
    } },
    { name: 'col2im', shape: label(g), setup: (be, make) => {
      const cols = filled(make(count(g).cols)), dx = make(count(g).x);
      return () => be.col2im(cols, g, dx);
    } },
  ]),
  // Image by image, as src/ops/conv2d-gemm.ts calls them: one call per image of the batch.
  ...[CONV1, CONV2].flatMap((batch): Case[] => {
    const g = { ...batch, n: 1 };
    const shape = `128 x ${label(g)}`;
    const { x, cols } = count(g);
    return [
      { name: 'im2col', shape, setup: (be, make) => {
        const xs = filled(make(128 * x)), out = make(128 * cols);
        return () => {
          for (let b = 0; b < 128; b++) be.im2col(xs.subarray(b * x, (b + 1) * x), g, out.subarray(b * cols, (b + 1) * cols));
        };
      } },
      { name: 'col2im', shape, setup: (be, make) => {
        const cs = filled(make(128 * cols)), dx = make(128 * x);
        return () => {
          for (let b = 0; b < 128; b++) be.col2im(cs.subarray(b * cols, (b + 1) * cols), g, dx.subarray(b * x, (b + 1) * x));
        };
      } },
    ];
  }),
  ...[POOL1, POOL2].flatMap((g): Case[] => {
    const argmax = new Int32Array(count(g).y);
    return [
      { name: 'maxPool2d', shape: label(g), setup: (be, make) => {
        const x = filled(make(count(g).x)), y = make(count(g).y);
        return () => be.maxPool2d(x, g, y, argmax);
      } },
      { name: 'maxPool2dBackward', shape: label(g), setup: (be, make) => {
        // argmax as the forward left it (cpuBackend's, equal to the module's).
        cpuBackend.maxPool2d(filled(new Float32Array(count(g).x)), g, new Float32Array(count(g).y), argmax);
        const gy = filled(make(count(g).y)), dx = make(count(g).x);
        return () => be.maxPool2dBackward(gy, argmax, dx);
      } },
    ];
  }),
  { name: 'avgPool2d', shape: label(POOL1), setup: (be, make) => {
    const x = filled(make(count(POOL1).x)), y = make(count(POOL1).y);
    return () => be.avgPool2d(x, POOL1, y);
  } },
  { name: 'avgPool2dBackward', shape: label(POOL1), setup: (be, make) => {
    const gy = filled(make(count(POOL1).y)), dx = make(count(POOL1).x);
    return () => be.avgPool2dBackward(gy, POOL1, dx);
  } },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * Median milliseconds of one call of each, after one untimed call; the calls take turns in each round,
 * so that load from other work on the machine falls on all of them alike.
 */
function time(calls: (() => void)[]): number[] {
  for (const call of calls) call();
  const samples = calls.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    calls.forEach((call, i) => {
      const t = performance.now();
      call();
      samples[i]!.push(performance.now() - t);
    });
  }
  return samples.map(median);
}

const wasm: WasmBackend = await loadWasmBackend({ relaxed: args.includes('--relaxed'), memoryMiB: 512 });
const plain: Make = (n) => new Float32Array(n);
const resident: Make = (n) => {
  const x = wasm.alloc!('float32', n) as Float32Array | null;
  if (x === null) throw new Error(`bench: no room for ${n} floats in the wasm heap`);
  return x;
};

const rows: { kernel: string; shape: string; tsMs: number; wasmMs: number; wasmPlainMs: number }[] = [];
for (const c of CASES) {
  const made: Float32Array[] = [];
  const track = (make: Make): Make => (n) => { const x = make(n); made.push(x); return x; };
  const [tsMs = NaN, wasmMs = NaN, wasmPlainMs = NaN] = time([c.setup(cpuBackend, plain), c.setup(wasm, track(resident)), c.setup(wasm, plain)]);
  for (const x of made) wasm.heap.release(x);
  rows.push({ kernel: c.name, shape: c.shape, tsMs, wasmMs, wasmPlainMs });
}

const f = (ms: number): string => ms.toFixed(2).padStart(9);
console.log(`window kernels at W4's shapes, ${wasm.name}, 1 thread, median of ${rounds} (ms per call)`);
console.log(`${'kernel'.padEnd(18)} ${'shape'.padEnd(26)} ${'ts'.padStart(9)} ${'wasm'.padStart(9)} ${'x'.padStart(6)} ${'wasm plain'.padStart(11)} ${'x'.padStart(6)}`);
for (const r of rows) {
  console.log(`${r.kernel.padEnd(18)} ${r.shape.padEnd(26)} ${f(r.tsMs)} ${f(r.wasmMs)} ${(r.tsMs / r.wasmMs).toFixed(1).padStart(6)}`
    + ` ${f(r.wasmPlainMs).padStart(11)} ${(r.tsMs / r.wasmPlainMs).toFixed(1).padStart(6)}`);
}
console.log(JSON.stringify({ bench: 'wasm-windows', backend: wasm.name, rounds, rows }));
wasm.dispose();
