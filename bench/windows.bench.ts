// Time per call of the window kernels (im2col, col2im, max / average pool and their adjoints) at the
// shapes of the standard convnet W4 (batch 128 of 1x28x28: conv 3x3 32 pad 1, pool 2, conv 3x3 64
// pad 1, pool 2), float32: the TypeScript kernels against the native ones on 1 and 2 threads.
//   npx tsx bench/windows.bench.ts [--rounds 15]
// Variants run round-robin within each round, so load from other processes hits them alike; the
// table shows medians. Prints a table, then one JSON line.
import type { Backend, Window2d } from '../src/backend/backend.js';
import { cpuBackend } from '../src/backend/cpu/index.js';
import { loadNativeBackend, nativeUnavailableReason } from '../src/backend/native/index.js';
import { Rng } from '../src/tensor/rng.js';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 15;

const win = (c: number, h: number, k: number, s: number, p: number): Window2d => {
  const o = Math.floor((h + 2 * p - k) / s) + 1;
  return { n: 128, c, h, w: h, kh: k, kw: k, sh: s, sw: s, ph: p, pw: p, dh: 1, dw: 1, oh: o, ow: o };
};
const CONV1 = win(1, 28, 3, 1, 1);
const POOL1 = win(32, 28, 2, 2, 0);
const CONV2 = win(32, 14, 3, 1, 1);
const POOL2 = win(64, 14, 2, 2, 0);

const random = (n: number, seed: number): Float32Array => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniformIn(-1, 1));
};
const xSize = (g: Window2d): number => g.n * g.c * g.h * g.w;
const ySize = (g: Window2d): number => g.n * g.c * g.oh * g.ow;
const colsSize = (g: Window2d): number => g.c * g.kh * g.kw * g.n * g.oh * g.ow;

interface Case {
  readonly label: string;
  /** A call of the kernel on `be` with buffers made once. */
  readonly make: (be: Backend) => () => void;
}

function poolCases(name: string, g: Window2d): Case[] {
  const x = random(xSize(g), 1), gy = random(ySize(g), 2);
  const argmax = new Int32Array(ySize(g));
  cpuBackend.maxPool2d(x, g, new Float32Array(ySize(g)), argmax);
  return [
    { label: `maxPool2d ${name}`, make: (be) => { const y = new Float32Array(ySize(g)), a = new Int32Array(ySize(g)); return () => be.maxPool2d(x, g, y, a); } },
    { label: `maxPool2dBackward ${name}`, make: (be) => { const dx = new Float32Array(xSize(g)); return () => be.maxPool2dBackward(gy, argmax, dx); } },
    { label: `avgPool2d ${name}`, make: (be) => { const y = new Float32Array(ySize(g)); return () => be.avgPool2d(x, g, y); } },
    { label: `avgPool2dBackward ${name}`, make: (be) => { const dx = new Float32Array(xSize(g)); return () => be.avgPool2dBackward(gy, g, dx); } },
  ];
}

function convCases(name: string, g: Window2d, withCol2im: boolean): Case[] {
  const x = random(xSize(g), 3), cols = random(colsSize(g), 4);
  const cases: Case[] = [
    { label: `im2col ${name}`, make: (be) => { const out = new Float32Array(colsSize(g)); return () => be.im2col(x, g, out); } },
  ];
  if (withCol2im) {
    cases.push({ label: `col2im ${name}`, make: (be) => { const dx = new Float32Array(xSize(g)); return () => be.col2im(cols, g, dx); } });
  }
  return cases;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function main(): void {
  const reason = nativeUnavailableReason();
  if (reason !== null) {
    process.stderr.write(`windows.bench: the native backend is unavailable: ${reason}\n`);
    process.exitCode = 2;
    return;
  }
  const variants: [string, Backend][] = [
    ['ts', cpuBackend],
    ['native 1t', loadNativeBackend({ threads: 1 })!],
    ['native 2t', loadNativeBackend({ threads: 2 })!],
  ];
  // conv1's input gradient is never needed in W4 (its input is the data), so col2im runs at conv2 only.
  const cases = [...convCases('conv1 1x28x28 k3', CONV1, false), ...poolCases('pool1 32x28x28', POOL1),
    ...convCases('conv2 32x14x14 k3', CONV2, true), ...poolCases('pool2 64x14x14', POOL2)];
  const rows = cases.map((c) => ({ label: c.label, runs: variants.map(([, be]) => c.make(be)), ms: variants.map((): number[] => []) }));
  for (const row of rows) for (const run of row.runs) run(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const row of rows) {
      row.runs.forEach((run, v) => {
        const t = process.hrtime.bigint();
        run();
        row.ms[v]!.push(Number(process.hrtime.bigint() - t) / 1e6);
      });
    }
  }
  const header = ['kernel (W4 shape)'.padEnd(36), ...variants.map(([name]) => `${name} ms`.padStart(13)), 'x 1t'.padStart(7), 'x 2t'.padStart(7)];
  console.log(header.join(''));
  const record: Record<string, number[]> = {};
  for (const row of rows) {
    const med = row.ms.map(median);
    record[row.label] = med;
    const [ts, one, two] = med as [number, number, number];
    console.log([row.label.padEnd(36), ...med.map((m) => m.toFixed(3).padStart(13)),
      (ts / one).toFixed(1).padStart(7), (ts / two).toFixed(1).padStart(7)].join(''));
  }
  console.log(JSON.stringify({ bench: 'windows', rounds, variants: variants.map(([name]) => name), medianMs: record }));
}

main();
