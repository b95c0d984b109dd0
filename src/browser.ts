// The public surface of descent in any JavaScript engine (browsers, Web Workers, Node): nothing here
// needs a file, a process or a terminal. src/index.ts, Node's entry, adds what needs Node. Nothing is
// public unless exported here or there. Functional ops are at the
// top level (relu(x)); layer factories with the same names live under `nn` (nn.relu()), and the
// search engine's distributions, samplers and pruners under `hp` (hp.logUniform(1e-4, 1)).
export type { Backend, Buf, DType, Shape, MatmulOptions } from './backend/backend.js';
export type { Activation, FusedKernels } from './backend/fused-kernels.js';
export { cpuBackend } from './backend/cpu/index.js';
export {
  loadWasmBackend, wasmUnavailableReason, relaxedSimdSupported, WasmUnavailableError,
  type WasmBackend, type WasmBackendOptions,
} from './backend/wasm/index.js';
export { loadBestBackend, type BestBackendOptions, type WasmFlavour } from './backend/wasm/best-backend.js';
export type { WasmSource } from './backend/wasm/source.js';
export {
  noGrad, withGrad, isGradEnabled, defaultDtype, withDtype, defaultBackend, withBackend, setDefaultBackend,
  manualSeed, withSeed,
} from './context.js';
export * from './errors.js';
export { closestName, didYouMean } from './suggest.js';

// Tensors and autodiff.
export { Tensor, type GradFn, type NestedArray, type TensorOptions } from './tensor/tensor.js';
export { tensor, zeros, ones, full, zerosLike, onesLike, arange, randn, rand, type CreateOptions, type RandomOptions } from './tensor/create.js';
export { Rng, type RngState } from './tensor/rng.js';
export { broadcastShapes, formatShape, sizeOf } from './tensor/shape.js';
export { backward } from './autograd/backward.js';
export { record } from './autograd/record.js';
export * from './ops/index.js';

// Networks.
export * as nn from './nn/index.js';
export {
  Module, Parameter, type ParameterRole, type StateDict, Sequential, sequential, Linear, linear, Maxout, maxout,
  BatchNorm, batchNorm, Dropout, dropout, ELU, elu, GELU, gelu, ReLU, Sigmoid, Tanh, LeakyReLU, mlp,
  buildModel, layerTypes, networkDepth, INIT_NAMES, initWeights, regularizationLoss, applyMaxNorm,
  serializeModel, deserializeModel, modelRecordOf, type LayerEntry, type BuildModelOptions, type LayerConfig, type LoadedModel, type ModelRecord,
  type RegularizationOptions,
} from './nn/index.js';
export * from './losses/index.js';
export * from './optim/index.js';

// Data.
export type { Dataset } from './data/dataset.js';
export { spiral, type SpiralOptions } from './data/spiral.js';
export { parseIdx, idxDataset, type ReadIdxOptions } from './data/idx.js';
export { parseCsv, type ReadCsvOptions } from './data/csv.js';
export { stratifiedSplit, randomSplit, type Split } from './data/split.js';
export { batchIndices, defaultBatchSize } from './data/batch-indices.js';
export { takeRows } from './data/take-rows.js';
export { subset } from './data/subset.js';
export { classLabels } from './data/class-labels.js';
export { fitPreprocess, fitApplyPreprocess } from './data/preprocess/fit-preprocess.js';
export { applyPreprocess } from './data/preprocess/apply-preprocess.js';
export { parseFrozenPreprocess, type FrozenPreprocess, type FrozenStep } from './data/preprocess/frozen.js';
export { symmetricEigen } from './data/preprocess/eigen.js';

// Pictures.
export { lineChart, trainingCurves, smooth, downsample, niceTicks, logTicks } from './plot/index.js';
export type { LineChartOptions, Series, HorizontalBand, Point, TrainingHistory, TrainingCurvesOptions } from './plot/index.js';

// Training.
export { fit, metricOf, type FitOptions, type FitResult, type FitCallbacks, type Schedule, type PlateauReducer } from './train/fit.js';
export { evaluate, type Evaluation } from './train/evaluate.js';
export { batchOf, type TrainingData, type Batch } from './train/batch.js';
export { EarlyStopping, type EarlyStoppingOptions } from './train/early-stopping.js';
export { deadReluFractions } from './train/metrics/dead-relu.js';
export { layerOutputs, type LayerOutput } from './train/metrics/activations.js';
export { parseRunLog, type RunEvent, type RunLog, type RunLogSink, type EpochEvent, type IterationEvent, type StartEvent, type EndEvent, type WarningEvent, type WarningKind } from './train/run-log.js';
export { TrainingWatcher, type WatchOptions } from './train/watch/watcher.js';
export { expectedInitialLoss, type ExpectedLoss } from './train/watch/expected-loss.js';

// Checking.
export {
  gradcheck, relativeError, verdictOf,
  type GradcheckOptions, type GradcheckReport, type GradcheckThresholds, type InputReport, type Mismatch, type Verdict,
} from './check/gradcheck.js';

// Hyperparameter search.
export * as hp from './search/index.js';
export { search, Study, TrialPruned, StudyError, type SearchOptions, type SearchResult, type Trial } from './search/index.js';

// Configs: the same JSON the CLI reads.
export { parseTrainConfig } from './config/load-config.js';
export { parseJsonText } from './config/read-json.js';
export { buildExperiment, type Experiment } from './config/build.js';
export { fitExperiment, experimentFitOptions, type FitExtras } from './config/fit-experiment.js';
export type { DataEnvironment, FileSourceConfig } from './config/load-source.js';
export type { TrainConfig } from './config/schema.js';
export { predictRows, modelTask, type PredictInput, type PredictResult, type ModelTask } from './config/predict.js';
export { trainInWorker, type BrowserTrainInWorkerOptions } from './config/worker/train-in-worker.js';
export type { TrainingRun, TrainInWorkerOptions, WorkerTrainResult } from './config/worker/client.js';
export type { WorkerTrainSpec, WorkerBackendChoice, WorkerFitSummary, WorkerWasmSource } from './config/worker/protocol.js';
export { startRecord, experimentModelRecord } from './config/run-records.js';
export { searchChart } from './plot/search-chart.js';

// Checkpoints and resume.
export {
  encodeCheckpoint, decodeCheckpoint, CHECKPOINT_FILE, type TrainingState,
} from './train/checkpoint.js';
export { resumedEvents } from './train/resumed-events.js';

// The doctor: the notes' sanity checks.
export * as doctor from './doctor/index.js';
export { runDoctor, doctorReport, gradcheckModel, diagnoseRun, type DoctorReport, type CheckResult } from './doctor/index.js';


// safetensors bytes in and out (a page fetches or downloads them). ONNX stays in the Node entry: its
// protobuf definitions would add a third to this bundle (151 KiB minified); a page runs an exported
// ONNX model with onnxruntime-web, and gets an ONNX model's weights through `descent import`.
export { toSafetensors } from './interop/to-safetensors.js';
export { fromSafetensors } from './interop/from-safetensors.js';
export { readSafetensors, type SafetensorsEntry, type SafetensorsFile } from './interop/read-safetensors.js';
