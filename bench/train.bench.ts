// Benchmark of a whole training epoch (issue 5): examples/fashion-mnist-mlp.json (784-512-256-10,
// relu, Adam 1e-3, batch 128, float32) on the 60,000 Fashion-MNIST training images. Prints seconds
// per epoch, samples/s and the test accuracy, then one JSON line, on the backend the CLI would pick
// (DESCENT_BACKEND, DESCENT_THREADS as for descent). Never run by `npm test`.
// Run with `npm run bench:train [-- --epochs N] [--data DIR]`; the data comes from --data,
// DESCENT_DATA, or Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backendRequestFromEnv, chooseBackend, describeBackend } from '../src/cli/backend-choice.js';
import { buildExperiment } from '../src/config/node/build-experiment.js';
import { setDefaultBackend } from '../src/context.js';
import { loadTrainConfig } from '../src/config/node/load-config-file.js';
import type { DataEnvironment } from '../src/config/load-source.js';
import { DataError } from '../src/errors.js';
import { evaluate } from '../src/train/evaluate.js';
import { fit } from '../src/train/fit.js';

const CONFIG = join(fileURLToPath(new URL('..', import.meta.url)), 'examples', 'fashion-mnist-mlp.json');

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '1' }, data: { type: 'string' } } });
const epochs = Number(values.epochs);
if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs expects an integer >= 1, got ${values.epochs}`);
const dataDir = values.data ?? process.env.DESCENT_DATA;
const env: DataEnvironment = dataDir === undefined ? {} : { dataDir };

// The backend `descent train` would pick: native when it loads; DESCENT_BACKEND=cpu for the TypeScript one.
const choice = chooseBackend(backendRequestFromEnv(process.env));
setDefaultBackend(choice.backend);
const { config } = loadTrainConfig(CONFIG);
const loadStart = performance.now();
let exp;
try {
  exp = buildExperiment({ ...config, epochs }, env);
} catch (error) {
  if (!(error instanceof DataError)) throw error;
  console.log(`train.bench: Fashion-MNIST not found, nothing to measure.\n  ${error.message.split('\n')[0]}`);
  process.exit(0);
}
const loadSeconds = (performance.now() - loadStart) / 1000;
const n = exp.train.ds.n;
console.log(`${CONFIG}\n  ${n} training images, ${exp.test?.ds.n ?? 0} test images (loaded in ${loadSeconds.toFixed(1)} s)`);
console.log(`  ${exp.model.parameterCount()} parameters, batch ${exp.batchSize}, ${exp.dtype}, ${epochs} epoch(s), ${cpus().length} CPUs, ${describeBackend(choice)}`);

const epochSeconds: number[] = [];
const result = await fit({
  model: exp.model, loss: exp.loss, optimizer: exp.optimizer, train: exp.train, epochs,
  batchSize: exp.batchSize, rng: exp.shuffleRng, dtype: exp.dtype,
  callbacks: {
    onEpoch: (e) => {
      epochSeconds.push(e.seconds);
      console.log(`  epoch ${e.epoch}: ${e.seconds.toFixed(2)} s, ${(n / e.seconds).toFixed(0)} samples/s, train loss ${e.trainLoss.toFixed(4)}, train accuracy ${(100 * (e.trainAccuracy ?? 0)).toFixed(2)}%`);
    },
  },
});
const test = exp.test === undefined ? undefined : evaluate(exp.model, exp.test, exp.loss, exp.dtype);
const perEpoch = epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length;
console.log(
  `seconds/epoch ${perEpoch.toFixed(2)}, samples/s ${(n / perEpoch).toFixed(0)}, ` +
    `test accuracy ${test?.accuracy === undefined ? 'n/a' : `${(100 * test.accuracy).toFixed(2)}%`} (${result.status})`,
);
console.log(JSON.stringify({
  bench: 'train', config: 'examples/fashion-mnist-mlp.json', epochs: result.epochs, secondsPerEpoch: perEpoch,
  samplesPerSecond: n / perEpoch, testAccuracy: test?.accuracy ?? null, testLoss: test?.loss ?? null,
  backend: choice.kind, simd: choice.simd, threads: choice.threads, cpus: cpus().length, node: process.version,
}));
