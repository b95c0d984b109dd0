// descent's side of the browser benchmark: W1 (784-512-relu-256-relu-10) or, with ?workload=w4, the
// W4 convnet of src/cli/bench/w4-model.ts; softmax cross-entropy, Adam 1e-3, batch 128, float32,
// written as src/cli/bench/w1.ts writes it (buildModel, Optimizer, the loss, batchOf, a BufferPool per
// step, as fit does), on the wasm backend (?threads=N) or the TypeScript one (?backend=cpu). Bundled
// from today's sources by bench/browser/run.ts.
import * as d from '../../src/browser.js';
import { W4_INPUT_SHAPE, W4_LAYERS } from '../../src/cli/bench/w4-model.js';
import { BufferPool } from '../../src/tensor/buffer-pool.js';
import { batchOrder, loadW1Data, type RunResult, runRequest, timeSteps } from './data.js';

const W1_LAYERS = [
  { type: 'linear', units: 512, init: 'he' }, 'relu',
  { type: 'linear', units: 256, init: 'he' }, 'relu',
  { type: 'linear', units: 10 },
];

async function backendFor(kind: string, threads: number): Promise<d.Backend> {
  if (kind === 'cpu') return d.cpuBackend;
  return d.loadWasmBackend(threads === 1 ? {} : { threads });
}

async function run(): Promise<RunResult> {
  const request = runRequest();
  const isolated = self.crossOriginIsolated === true;
  let backend: d.Backend;
  try {
    backend = await backendFor(request.backend, request.threads);
  } catch (error) {
    const unavailable = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { library: 'descent', backend: request.backend, threads: request.threads, data: 'synthetic', steps: 0, secondsPerStep: NaN, lastLoss: NaN, isolated, unavailable };
  }
  const data = await loadW1Data();
  d.setDefaultBackend(backend);
  const train: d.TrainingData = { ds: data.ds, labels: data.labels };
  const loss = d.lossByName('softmaxCrossEntropy');
  const shape = request.workload === 'w4' ? { inputShape: W4_INPUT_SHAPE } : {};
  const layers = request.workload === 'w4' ? W4_LAYERS : W1_LAYERS;
  const model = d.buildModel(layers, { inputSize: data.ds.d, seed: 1, dtype: 'float32', outputSize: 10, ...shape });
  const optimizer = new d.Optimizer(model.parameters(), d.adam({ lr: 1e-3 }));
  const batches = batchOrder(data.ds.n, 2);
  const pool = new BufferPool();
  let last = NaN;
  const step = (s: number): void => {
    last = pool.run(() => {
      const batch = d.batchOf(train, batches[s % batches.length]!, 'float32');
      const l = loss.fn(model.forward(batch.x), batch.target);
      optimizer.zeroGrad();
      d.backward(l);
      optimizer.step();
      return l.item();
    });
    pool.endStep();
  };
  const timed = timeSteps(request, step, () => last);
  return {
    // The threads the backend says it runs, not the ones asked for.
    library: 'descent', backend: backend.name, threads: request.backend === 'cpu' ? 1 : (backend as d.WasmBackend).info.threads,
    data: data.source, steps: timed.steps,
    secondsPerStep: timed.seconds / timed.steps, lastLoss: timed.lastLoss, isolated,
  };
}

(window as unknown as { results: Promise<RunResult | { error: string }> }).results = run().catch((error: unknown) => ({
  error: String((error instanceof Error && error.stack) || error),
}));
