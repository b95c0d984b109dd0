// The test page's script: descent's single-file browser build, used as a page would use it. Each
// check reports to window.results; the test reads them.
import * as d from './descent.js';

const SPIRAL = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy', regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 1.0 }, epochs: 4000, batchSize: 300,
};

async function spiral() {
  d.setDefaultBackend(d.cpuBackend);
  const exp = d.buildExperiment(d.parseTrainConfig(SPIRAL, 'spiral.json'));
  let turns = 0;
  const counting = () => { turns++; setTimeout(counting, 0); };
  setTimeout(counting, 0);
  const result = await d.fitExperiment(exp);
  // The trained model's accuracy on the training set, as `descent train` reports it.
  const final = d.evaluate(exp.model, exp.train, exp.loss, exp.dtype);
  return { status: result.status, trainAccuracy: final.accuracy, turns, backend: d.defaultBackend().name };
}

async function spiralOnWasm() {
  const reason = d.wasmUnavailableReason();
  if (reason !== null) return { unavailable: reason };
  const wasm = await d.loadWasmBackend();
  d.setDefaultBackend(wasm);
  try {
    const exp = d.buildExperiment(d.parseTrainConfig(SPIRAL, 'spiral.json'));
    const result = await d.fitExperiment(exp);
    const final = d.evaluate(exp.model, exp.train, exp.loss, exp.dtype);
    return { status: result.status, trainAccuracy: final.accuracy, backend: wasm.name };
  } finally {
    d.setDefaultBackend(d.cpuBackend);
  }
}

function gradcheck() {
  const rng = new d.Rng(5);
  const x = d.randn([4, 3], { dtype: 'float64', rng });
  const w = d.randn([3, 2], { dtype: 'float64', rng, requiresGrad: true });
  const report = d.gradcheck((w) => d.sum(d.tanh(d.matmul(x, w))), [w]);
  return { passed: report.passed };
}

async function abort() {
  const exp = d.buildExperiment(d.parseTrainConfig({ ...SPIRAL, epochs: 1000000 }, 'spiral.json'));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const result = await d.fitExperiment(exp, { signal: controller.signal });
  return { status: result.status, epochs: result.epochs };
}

function refused(fn) {
  try {
    fn();
    return { message: null };
  } catch (error) {
    return { name: error.name, message: error.message };
  }
}

// A model PyTorch exported and `descent import` turned into model.json (written by the test), run on
// PyTorch's inputs; and safetensors bytes made and read in the page, with a damaged copy refused.
async function imported() {
  const fixture = await (await window.fetch('torch-mlp.json')).json();
  const { model } = d.deserializeModel(await (await window.fetch('torch-mlp.model.json')).text(), { file: 'torch-mlp.model.json' });
  const x = new d.Tensor(Float32Array.from(fixture.inputs.flat()), [fixture.inputs.length, fixture.inputs[0].length]);
  const outputs = Array.from(d.noGrad(() => model.forward(x)).data);
  const bytes = d.toSafetensors(d.modelRecordOf(model));
  const back = d.fromSafetensors(bytes, undefined, { file: 'page.safetensors' });
  const again = Array.from(d.noGrad(() => back.model.forward(x)).data);
  return { outputs, sameAfterSafetensors: again.every((v, i) => v === outputs[i]), damaged: refused(() => d.fromSafetensors(bytes.subarray(0, 100), undefined, { file: 'cut.safetensors' })) };
}

window.results = (async () => ({
  imported: await imported(),
  isolated: self.crossOriginIsolated === true,
  gradcheck: gradcheck(),
  badConfig: refused(() => d.parseTrainConfig({ ...SPIRAL, optimizer: { type: 'sgd', lr: -1 } }, 'bad.json')),
  csvUpload: refused(() => d.parseCsv(new TextEncoder().encode('x,y,label\n1,2,0\n3,oops,1\n'), 'upload.csv', { label: 'label', classes: 2 })),
  abort: await abort(),
  spiral: await spiral(),
  wasm: await spiralOnWasm(),
}))().catch((error) => ({ error: String((error && error.stack) || error) }));
