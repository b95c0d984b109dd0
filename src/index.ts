// The public surface of descent in Node: everything of the browser entry (./browser.ts), plus what
// needs Node: files (data, models, checkpoints, run logs), worker processes and SQLite studies, the
// native addon, config-driven training and search, and the dashboard server. Names both entries
// have mean the same; search() here also takes module objectives and study files.
export * from './browser.js';

// The native backend.
export {
  loadNativeBackend, nativeUnavailableReason, type NativeBackend, type NativeBackendOptions, type SimdLevel,
} from './backend/native/index.js';

export { enableRelaxedSimdFlag } from './backend/node/relaxed-simd-flag.js';
// The wasm backend with threads > 1 on worker_threads: replaces the browser entry's loadWasmBackend of the same name.
export { loadWasmBackend } from './backend/wasm/node/load.js';

// Data files.
export { loadDigits } from './data/node/digits.js';
export { loadFashionMnist, FASHION_MNIST_DEBIAN_DIR, type LoadFashionMnistOptions } from './data/node/fashion-mnist.js';
export { readIdx } from './data/node/read-idx.js';
export { readCsv } from './data/node/read-csv.js';

// Run files: the run log, models, checkpoints.
export { readRunLog, RunLogWriter } from './train/node/run-log-file.js';
export { atomicWriteFile } from './train/node/atomic-write.js';
export { saveModel, loadModel } from './train/node/model-file.js';
export { writeCheckpoint, readCheckpoint } from './train/node/checkpoint-file.js';

// Hyperparameter search across processes.
export * as hp from './search/node/index.js';
export { search, SqliteStorage, type SearchOptions, type ObjectiveRef } from './search/node/index.js';

// Configs from files.
export { loadTrainConfig, parseTrainConfig } from './config/node/load-config-file.js';
export { buildExperiment } from './config/node/build-experiment.js';
export { trainFromConfig, type TrainSummary, type TrainRunOptions } from './config/node/train-run.js';
export { resumeTraining, type ResumeRunOptions } from './config/node/train-run.js';
export { predictFile } from './config/node/predict-file.js';
export { loadSearchSpec, parseSearchSpec, type SearchSpec } from './config/node/search-spec.js';
export { searchFromSpec, type SearchRunOptions, type SearchRunSummary } from './config/node/search-run.js';
export { trainObjective, runTrainTrial, trialConfig } from './config/node/search-objective.js';
export { trainInWorker } from './config/worker/node/train-in-worker.js';

// The dashboard.
export { startDashboard, type Dashboard, type DashboardOptions } from './dashboard/server.js';

// Exchange formats (isomorphic: they take and return bytes).
export { toSafetensors, fromSafetensors, readSafetensors, toOnnx, fromOnnx, type SafetensorsEntry, type SafetensorsFile, type ToOnnxOptions, type OnnxImport } from './interop/index.js';
