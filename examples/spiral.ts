// The CS231n spiral case study through the library API: what `descent train examples/spiral.json` does,
// in a few lines of TypeScript. Run it with
//   npx tsx examples/spiral.ts [epochs]      (default 10,000, as in spiral.json; about 98% training accuracy)
// It writes spiral-curves.svg and spiral-model.json into runs/spiral-ts/.
// In your own project, import from 'descent' instead of '../src/index.js'.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adam, fit, loadNativeBackend, lossByName, nn, Optimizer, Rng, saveModel, setDefaultBackend, sgd, spiral, trainingCurves, type FitResult, type Module,
} from '../src/index.js';

/** What trainSpiral returns: the trained model, fit's result, and the final training accuracy. */
export interface SpiralRun {
  readonly model: Module;
  readonly result: FitResult;
  readonly trainAccuracy: number;
}

/**
 * The notes' two-layer network on 3 x 100 spiral points: 100 hidden ReLU units with weights drawn as
 * 0.01 * N(0, 1), softmax cross-entropy plus 1e-3 L2, full-batch gradient descent with lr 1.
 * @param epochs full-batch steps (the notes take 10,000).
 * @param optimizer 'sgd' as in the notes, or 'adam' (lr 0.01) to see the other update rule.
 */
export async function trainSpiral(epochs = 10_000, optimizer: 'sgd' | 'adam' = 'sgd'): Promise<SpiralRun> {
  const rng = new Rng(1); // one seed for data, weights and shuffling: the same run every time
  const data = spiral({ classes: 3, pointsPerClass: 100, noise: 0.2 }, rng);
  // Layer factories live under `nn` (the top-level relu() is the op on tensors).
  const model = nn.sequential(
    nn.linear(2, 100, { init: 'small', rng }),
    nn.relu(),
    nn.linear(100, 3, { init: 'small', rng }), // the output layer has no activation: the loss takes the scores
  );
  const update = optimizer === 'sgd' ? sgd({ lr: 1 }) : adam({ lr: 0.01 });
  const result = await fit({
    model,
    loss: lossByName('softmaxCrossEntropy'),
    optimizer: new Optimizer(model.namedParameters(), update),
    train: { ds: data, labels: Int32Array.from(data.y) },
    regularization: { l2: 1e-3 },
    epochs,
    batchSize: data.n, // full batch, as in the notes
    rng,
  });
  return { model, result, trainAccuracy: result.history.at(-1)?.trainAccuracy ?? Number.NaN };
}

// Run as a program (not when a test imports trainSpiral).
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const epochs = process.argv[2] === undefined ? 10_000 : Number(process.argv[2]);
  // The library runs on the TypeScript backend unless told otherwise; the native one (built by
  // npm install when a C++ compiler is there) is several times faster.
  const native = loadNativeBackend();
  if (native !== null) setDefaultBackend(native);
  console.log(`backend: ${native === null ? 'TypeScript' : `native (${native.info.simd}, ${native.info.threads} threads)`}`);
  const { model, result, trainAccuracy } = await trainSpiral(epochs);
  console.log(`${result.status} after ${result.epochs} epochs in ${result.seconds.toFixed(1)} s: ` +
    `training accuracy ${(100 * trainAccuracy).toFixed(1)}%`);
  const out = join('runs', 'spiral-ts');
  mkdirSync(out, { recursive: true });
  const iterations = result.history.map((e) => ({ step: e.step, loss: e.trainLoss ?? Number.NaN }));
  writeFileSync(join(out, 'spiral-curves.svg'), trainingCurves({ title: 'spiral, 2-layer net', iterations, epochs: result.history }));
  saveModel(join(out, 'spiral-model.json'), {
    config: [{ type: 'linear', units: 100 }, 'relu', { type: 'linear', units: 3 }],
    inputSize: 2,
    state: model.stateDict(),
  });
  console.log(`curves and model in ${out}/`);
}
