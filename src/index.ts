// The public surface of descent: nothing is public unless exported here. Functional ops are at the
// top level (relu(x)); layer factories with the same names live under `nn` (nn.relu()), and the
// search engine's distributions, samplers and pruners under `hp` (hp.logUniform(1e-4, 1)).
export type { Backend, Buf, DType, Shape, MatmulOptions } from './backend/backend.js';
export type { Activation, FusedKernels } from './backend/fused-kernels.js';
export { cpuBackend } from './backend/cpu/index.js';
export {
  loadNativeBackend, nativeUnavailableReason, type NativeBackend, type NativeBackendOptions, type SimdLevel,
} from './backend/native/index.js';
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
  serializeModel, deserializeModel, type BuildModelOptions, type LayerConfig, type LoadedModel, type ModelRecord,
  type RegularizationOptions,
} from './nn/index.js';
export * from './losses/index.js';
export * from './optim/index.js';

// Data.
export type { Dataset } from './data/dataset.js';
export { spiral, type SpiralOptions } from './data/spiral.js';
export { loadDigits } from './data/digits.js';
export { loadFashionMnist, FASHION_MNIST_DEBIAN_DIR, type LoadFashionMnistOptions } from './data/fashion-mnist.js';
export { readIdx, parseIdx, type ReadIdxOptions } from './data/idx.js';
export { readCsv, type ReadCsvOptions } from './data/csv.js';
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
export { readRunLog, parseRunLog, RunLogWriter, type RunEvent, type RunLog, type EpochEvent, type IterationEvent } from './train/run-log.js';
export { atomicWriteFile } from './train/atomic-write.js';
export { saveModel, loadModel } from './train/model-file.js';

// Checking.
export {
  gradcheck, relativeError, verdictOf,
  type GradcheckOptions, type GradcheckReport, type GradcheckThresholds, type InputReport, type Mismatch, type Verdict,
} from './check/gradcheck.js';

// Hyperparameter search.
export * as hp from './search/index.js';
export { search, Study, TrialPruned, StudyError, type SearchOptions, type SearchResult, type Trial } from './search/index.js';

// Configs: the same JSON the CLI reads.
export { loadTrainConfig, parseTrainConfig } from './config/load-config.js';
export { buildExperiment, type Experiment } from './config/build.js';
export { trainFromConfig, type TrainSummary, type TrainRunOptions } from './config/train-run.js';
export type { TrainConfig } from './config/schema.js';
export { resumeTraining, type ResumeRunOptions } from './config/train-run.js';
export { predictFile, predictRows, modelTask, type PredictResult, type ModelTask } from './config/predict.js';
export { loadSearchSpec, parseSearchSpec, type SearchSpec } from './config/search-spec.js';
export { searchFromSpec, type SearchRunOptions, type SearchRunSummary } from './config/search-run.js';
export { trainObjective, runTrainTrial, trialConfig } from './config/search-objective.js';
export { searchChart } from './plot/search-chart.js';

// Checkpoints and resume.
export {
  writeCheckpoint, readCheckpoint, encodeCheckpoint, decodeCheckpoint, CHECKPOINT_FILE, type TrainingState,
} from './train/checkpoint.js';
export { resumedEvents } from './train/resumed-events.js';

// The doctor: the notes' sanity checks.
export * as doctor from './doctor/index.js';
export { runDoctor, doctorReport, gradcheckModel, diagnoseRun, type DoctorReport, type CheckResult } from './doctor/index.js';

// The dashboard.
export { startDashboard, type Dashboard, type DashboardOptions } from './dashboard/server.js';
