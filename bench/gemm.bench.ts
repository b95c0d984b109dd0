// GEMM GFLOP/s of the native backend at the standard MLP shapes and square ones, for every SIMD level
// this CPU has and 1 and 2 threads; optionally OpenBLAS (numpy) in the same run.
//   npx tsx bench/gemm.bench.ts [--rounds 15] [--openblas] [--busy]
// --openblas runs ../shared/peers/gemm_peers.py with /usr/bin/python3 (needs python3-numpy) for 1 and 2
// threads with OPENBLAS_CORETYPE=SkylakeX. --busy keeps one extra core busy (a spinning child process)
// to show how 2 threads behave when the other core is taken. Prints a table, then one JSON line.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MatmulOptions } from '../src/backend/backend.js';
import { loadNativeBackend, type NativeBackend, nativeUnavailableReason } from '../src/backend/native/index.js';
import { Rng } from '../src/tensor/rng.js';

interface Shape {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly op: 'NN' | 'TN' | 'NT';
}

const SHAPES: Shape[] = [
  { m: 128, k: 784, n: 512, op: 'NN' },
  { m: 784, k: 128, n: 512, op: 'TN' },
  { m: 128, k: 512, n: 784, op: 'NT' },
  { m: 512, k: 512, n: 512, op: 'NN' },
  { m: 1024, k: 1024, n: 1024, op: 'NN' },
];

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 15;
const withOpenblas = args.includes('--openblas');
const busy = args.includes('--busy');

function random(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.uniformIn(-1, 1));
}

interface Runner {
  readonly label: string;
  readonly simd: string;
  readonly threads: number;
  readonly shape: Shape;
  readonly run: () => void;
  readonly samples: number[];
  readonly flop: number;
  readonly inner: number;
}

function makeRunner(backend: NativeBackend, shape: Shape): Runner {
  const { m, k, n, op } = shape;
  const a = random(m * k, 1);
  const b = random(k * n, 2);
  const out = new Float32Array(m * n);
  const flags: MatmulOptions = { transA: op === 'TN', transB: op === 'NT' };
  const flop = 2 * m * n * k;
  // Batch small products so that one timed sample is at least ~2 ms.
  const inner = Math.max(1, Math.floor(2e8 / flop));
  return {
    label: `${backend.info.simd}/${backend.info.threads}`, simd: backend.info.simd, threads: backend.info.threads,
    shape, flop, inner, samples: [],
    run: () => backend.matmul(a, b, out, m, k, n, flags),
  };
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;

function measure(runners: Runner[]): void {
  for (const r of runners) for (let i = 0; i < 3 * r.inner; i++) r.run();
  // Rounds interleave the configurations so that background load spreads over all of them.
  for (let round = 0; round < rounds; round++) {
    for (const r of runners) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < r.inner; i++) r.run();
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9 / r.inner;
      r.samples.push(r.flop / seconds / 1e9);
    }
  }
}

interface PeerShape {
  M: number;
  K: number;
  N: number;
  gflops_median: number;
}

function openblas(threads: number): PeerShape[] | string {
  const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'peers', 'gemm_peers.py');
  if (!existsSync(script)) return `no ${script}`;
  const result = spawnSync('/usr/bin/python3', [script, 'numpy', String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX', OPENBLAS_NUM_THREADS: String(threads) },
  });
  const line = (result.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) return `gemm_peers.py failed: ${(result.stderr ?? '').trim().split('\n').pop() ?? ''}`;
  return (JSON.parse(line.slice(7)) as { shapes: PeerShape[] }).shapes;
}

function main(): void {
  const reason = nativeUnavailableReason();
  if (reason !== null) {
    console.log(`native backend unavailable: ${reason}`);
    return;
  }
  const levels = loadNativeBackend({ threads: 1 })!.info.supported;
  const backends = levels.flatMap((simd) => [1, 2].map((threads) => loadNativeBackend({ simd, threads })!));
  const runners = backends.flatMap((b) => SHAPES.map((s) => makeRunner(b, s)));
  let spinner: ChildProcess | null = null;
  if (busy) spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  try {
    measure(runners);
  } finally {
    spinner?.kill();
  }

  const peers = withOpenblas ? [1, 2].map((t) => ({ threads: t, result: openblas(t) })) : [];
  const header = ['config', ...SHAPES.map((s) => `${s.m}x${s.k}x${s.n} ${s.op}`)];
  const rows: string[][] = backends.map((b) => [
    `${b.info.simd}, ${b.info.threads}T`,
    ...SHAPES.map((_, i) => median(runners.find((r) => r.label === `${b.info.simd}/${b.info.threads}` &&
      r.shape === SHAPES[i])!.samples).toFixed(1)),
  ]);
  for (const p of peers) {
    rows.push([`openblas, ${p.threads}T`, ...SHAPES.map((s) => {
      if (typeof p.result === 'string') return '-';
      const hit = s.op === 'NN' ? p.result.find((r) => r.M === s.m && r.K === s.k && r.N === s.n) : undefined;
      return hit === undefined ? '-' : hit.gflops_median.toFixed(1);
    })]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(`GEMM GFLOP/s, median of ${rounds} rounds${busy ? ', one extra core kept busy' : ''}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  for (const p of peers) if (typeof p.result === 'string') console.log(`openblas ${p.threads}T: ${p.result}`);
  console.log(JSON.stringify({
    bench: 'gemm', unit: 'GFLOP/s', rounds, busy,
    results: runners.map((r) => ({
      simd: r.simd, threads: r.threads, m: r.shape.m, k: r.shape.k, n: r.shape.n, op: r.shape.op,
      median: Number(median(r.samples).toFixed(2)), best: Number(Math.max(...r.samples).toFixed(2)),
    })),
    openblas: peers.map((p) => ({ threads: p.threads, shapes: p.result })),
  }));
}

main();
