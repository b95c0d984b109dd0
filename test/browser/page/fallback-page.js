// The fallback test page: the wasm kernel module is to be fetched from a URL that answers 404;
// loadBestBackend falls back to the TypeScript backend with one console warning, and the spiral
// net still trains on it to the notes' accuracy. Results go to window.results.
import * as d from './descent.js';

const SPIRAL = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 1.0 }, epochs: 4000, batchSize: 300,
};

window.results = (async () => {
  const backend = await d.loadBestBackend({ source: './missing-kernels.wasm' });
  d.setDefaultBackend(backend);
  const exp = d.buildExperiment(d.parseTrainConfig(SPIRAL, 'spiral.json'));
  const result = await d.fitExperiment(exp);
  const final = d.evaluate(exp.model, exp.train, exp.loss, exp.dtype);
  return { backend: backend.name, status: result.status, trainAccuracy: final.accuracy };
})().catch((error) => ({ error: String((error && error.stack) || error) }));
