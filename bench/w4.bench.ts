// W4 (the Fashion-MNIST convnet) side by side with its PyTorch peer in one run: descent's native
// backend on 1 and 2 threads (and the wasm backend with --wasm), then ../shared/peers/torch_cnn.py at
// the same thread counts, each timed over the same number of steps and extrapolated to an epoch, and
// the ratio descent / PyTorch per thread count. Never run by `npm test`.
//   npx tsx bench/w4.bench.ts [--steps 60] [--rounds 2] [--wasm]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Backend } from '../src/backend/backend.js';
import { loadNativeBackend, nativeUnavailableReason } from '../src/backend/native/index.js';
import { chooseBackendAsync } from '../src/cli/backend-choice.js';
import { runW4 } from '../src/cli/bench/w4.js';

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '60' }, rounds: { type: 'string', default: '2' }, wasm: { type: 'boolean' } },
});
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const script = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'peers', 'torch_cnn.py');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function torch(threads: number): number | null {
  if (!existsSync(script)) return null;
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' };
  const run = spawnSync('/usr/bin/python3', [script, '--threads', String(threads), '--steps', String(steps)], { env, encoding: 'utf8' });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) {
    console.log(`PyTorch ${threads}t failed: ${run.stderr.trim().split('\n').at(-1) ?? ''}`);
    return null;
  }
  return (JSON.parse(line.slice(7)) as { epoch_seconds: number[] }).epoch_seconds[0]!;
}

const descent = (backend: Backend): number => runW4({ backend, epochs: 1, steps }).secondsPerEpoch;

const table: { config: string; descent: number[]; torch: number[] }[] = [];
for (const threads of [1, 2]) {
  const native = loadNativeBackend({ threads });
  if (native === null) {
    console.log(`native unavailable: ${nativeUnavailableReason({ threads })}`);
    break;
  }
  const row = { config: `native ${native.info.simd} ${threads}t`, descent: [] as number[], torch: [] as number[] };
  // Alternate the two so that load on the shared machine falls on both alike.
  for (let r = 0; r < rounds; r++) {
    row.descent.push(descent(native));
    const t = torch(threads);
    if (t !== null) row.torch.push(t);
    console.log(`${row.config} round ${r + 1}: descent ${row.descent.at(-1)!.toFixed(1)} s/epoch, PyTorch ${t === null ? '-' : t.toFixed(1)} s/epoch`);
  }
  table.push(row);
}
if (values.wasm === true) {
  const choice = await chooseBackendAsync({ backend: 'wasm', from: '--backend', threads: 2 });
  table.push({ config: `${choice.backend.name} 2t`, descent: [descent(choice.backend)], torch: [] });
}
console.log(`\nW4, ${steps} steps per measurement extrapolated to an epoch of 469; medians of ${rounds} rounds`);
for (const row of table) {
  const d = median(row.descent);
  const t = row.torch.length > 0 ? median(row.torch) : NaN;
  console.log(`${row.config.padEnd(24)} descent ${d.toFixed(1).padStart(6)} s/epoch   PyTorch ${Number.isNaN(t) ? '     -' : t.toFixed(1).padStart(6)} s/epoch   ratio ${Number.isNaN(t) ? '-' : (d / t).toFixed(2)}`);
}
console.log(JSON.stringify({ bench: 'w4', steps, rounds, results: table }));
