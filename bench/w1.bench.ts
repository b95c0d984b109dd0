// The standard workload W1 (issue 8) on every backend in one run, for a side-by-side table: the
// TypeScript backend (a few hundred steps, extrapolated) and the native backend on 1 and 2 threads,
// each running what `descent train` runs (buildModel + Optimizer). Optionally PyTorch.
//   npx tsx bench/w1.bench.ts [--epochs 1] [--ts-steps 100] [--torch]
// --torch runs ../shared/peers/torch_w1.py with /usr/bin/python3 (needs python3-torch). Never run by `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Backend } from '../src/backend/backend.js';
import { cpuBackend } from '../src/backend/cpu/index.js';
import { loadNativeBackend, nativeUnavailableReason } from '../src/backend/native/index.js';
import { runW1, type W1Result } from '../src/cli/bench/w1.js';

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '1' }, 'ts-steps': { type: 'string', default: '100' }, torch: { type: 'boolean' } },
});
const epochs = Number(values.epochs);
const tsSteps = Number(values['ts-steps']);

const rows: { config: string; r: W1Result }[] = [];
const measure = (config: string, backend: Backend, steps?: number) => {
  const r = runW1({ backend, epochs, ...(steps === undefined ? {} : { steps }) });
  rows.push({ config, r });
  console.log(`${config.padEnd(34)} ${r.secondsPerEpoch.toFixed(2).padStart(7)} s/epoch${r.extrapolated ? '*' : ' '} ` +
    `${r.samplesPerSecond.toFixed(0).padStart(7)} samples/s ${r.gflops.toFixed(1).padStart(6)} GFLOP/s  test accuracy ${(100 * r.testAccuracy).toFixed(2)}% (${r.data})`);
};

measure('cpu (TypeScript)', cpuBackend, tsSteps);
for (const threads of [1, 2]) {
  const native = loadNativeBackend({ threads });
  if (native === null) {
    console.log(`native unavailable: ${nativeUnavailableReason({ threads })}`);
    break;
  }
  measure(`native ${native.info.simd} ${threads}t`, native);
}
console.log('* extrapolated from fewer steps than an epoch');

let torch: unknown = null;
if (values.torch === true) {
  const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'peers', 'torch_w1.py');
  if (!existsSync(script)) console.log(`no ${script}`);
  for (const threads of existsSync(script) ? [1, 2] : []) {
    const env = { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX', OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
    const run = spawnSync('/usr/bin/python3', [script, '--threads', String(threads), '--epochs', String(epochs)], { env, encoding: 'utf8' });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    console.log(`PyTorch ${threads}t: ${line ?? run.stderr.trim().split('\n').at(-1)}`);
    torch = line === undefined ? torch : JSON.parse(line.slice(7));
  }
}
console.log(JSON.stringify({
  bench: 'w1', epochs,
  results: rows.map(({ config, r }) => ({ config, data: r.data, secondsPerEpoch: r.secondsPerEpoch, samplesPerSecond: r.samplesPerSecond, gflops: r.gflops, testAccuracy: r.testAccuracy, extrapolated: r.extrapolated })),
  torch,
}));
