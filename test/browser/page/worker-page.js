// The worker test page: trainInWorker runs the notes' spiral net in a module Web Worker started from
// descent's own single-file build, while this page counts its own animation frames and timer ticks;
// then an abort, the wasm backend in the worker, and a bad config. Results go to window.results.
import * as d from './descent.js';

const SPIRAL = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 1.0 }, epochs: 4000, batchSize: 300,
};

/** The returned model's training accuracy, computed in the page from its outputs (an argmax per row). */
function pageAccuracy(model) {
  const exp = d.buildExperiment(d.parseTrainConfig(SPIRAL, 'spiral.json'));
  const ds = exp.train.ds;
  const out = model.forward(d.tensor(ds.x, { shape: [ds.n, ds.d] })).toArray();
  let correct = 0;
  out.forEach((row, i) => { if (row.indexOf(Math.max(...row)) === ds.y[i]) correct++; });
  return correct / ds.n;
}

async function spiral(backend) {
  let frames = 0;
  let ticks = 0;
  let running = true;
  const frame = () => { frames++; if (running) window.requestAnimationFrame(frame); };
  const tick = () => { ticks++; if (running) setTimeout(tick, 0); };
  window.requestAnimationFrame(frame);
  setTimeout(tick, 0);
  const types = [];
  // What the page's own loops had done when the first and the last epoch events arrived.
  let first = null;
  let last = null;
  const run = await d.trainInWorker({ config: SPIRAL, file: 'spiral.json' }, {
    backend,
    onEvent: (e) => {
      if (types.at(-1) !== e.type) types.push(e.type);
      if (e.type !== 'epoch') return;
      last = { frames, ticks };
      if (first === null) first = last;
    },
  });
  running = false;
  return {
    status: run.status, epochs: run.epochs, backend: run.backend, trainAccuracy: pageAccuracy(run.model.model),
    framesWhileTraining: last.frames - first.frames, ticksWhileTraining: last.ticks - first.ticks, types,
  };
}

async function abort() {
  const controller = new AbortController();
  let epochs = 0;
  const run = await d.trainInWorker({ config: { ...SPIRAL, epochs: 1000000 } }, {
    signal: controller.signal,
    onEvent: (e) => { if (e.type === 'epoch' && ++epochs === 3) controller.abort(); },
  });
  return { status: run.status, epochs: run.epochs, streamed: epochs };
}

async function badConfig() {
  try {
    await d.trainInWorker({ config: { ...SPIRAL, optimizer: { type: 'sgd', lr: -1 } }, file: 'bad.json' });
    return { message: null };
  } catch (error) {
    return { name: error.name, isConfigError: error instanceof d.ConfigError, path: error.path, message: error.message };
  }
}

async function wrongWorkerUrl() {
  try {
    await d.trainInWorker({ config: SPIRAL }, { workerUrl: './no-such-worker.js' });
    return { message: null };
  } catch (error) {
    return { name: error.name, message: error.message };
  }
}

window.results = (async () => ({
  spiral: await spiral('cpu'),
  wasm: await spiral('wasm'),
  abort: await abort(),
  badConfig: await badConfig(),
  wrongWorkerUrl: await wrongWorkerUrl(),
}))().catch((error) => ({ error: String((error && error.stack) || error) }));
