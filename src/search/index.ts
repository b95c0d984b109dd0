// The search engine's public surface in any JavaScript engine (src/browser.ts re-exports it as `hp`;
// node/index.ts adds worker processes and SQLite).
export { getPath, parsePath, setPath, type PathOptions } from './path.js';
export { applyParams, checkSpacePaths } from './apply-params.js';
export type { JsonValue } from './json.js';
export {
  checkSpace,
  choice,
  fixed,
  int,
  logUniform,
  uniform,
  type ChoiceDist,
  type Distribution,
  type FixedDist,
  type IntDist,
  type LogUniformDist,
  type Params,
  type SearchSpace,
  type UniformDist,
} from './space.js';
export { formatSpace, parseSpace } from './parse-space.js';
export {
  bestTrial,
  type Direction,
  type Intermediate,
  type Objective,
  type Trial,
  type TrialRecord,
  type TrialState,
} from './trial.js';
export { TrialPruned } from './trial-pruned.js';
export { StudyError } from './search-error.js';
export { Study, type StudyOptions, type TellResult } from './study.js';
export { LocalTrial } from './local-trial.js';
export {
  search,
  type SearchOptions,
  type SearchProgress,
  type SearchResult,
} from './search.js';
export { createSampler, type MethodSpec } from './method.js';
export { edgeWarnings, type EdgeWarning } from './edge-warnings.js';
export type { Sampler, SampleContext, Sample, Stage } from './samplers/sampler.js';
export { randomSampler } from './samplers/random.js';
export { gridPoints, gridSampler, type GridOptions } from './samplers/grid.js';
export {
  defaultGamma,
  defaultWeights,
  hyperoptGamma,
  tpeSampler,
  type TpeOptions,
} from './samplers/tpe.js';
export {
  coarseToFineSampler,
  narrowSpace,
  type CoarseToFineOptions,
} from './samplers/coarse-to-fine.js';
export type { Pruner, PruneContext } from './pruners/pruner.js';
export { medianPruner, type MedianPrunerOptions } from './pruners/median.js';
export {
  successiveHalvingPruner,
  type SuccessiveHalvingOptions,
} from './pruners/successive-halving.js';
export { createPruner, type PrunerSpec } from './pruners/create-pruner.js';
export type { Storage, StudyRecord } from './storage/storage.js';
export { MemoryStorage } from './storage/memory-storage.js';
export { inProcessOwners, staleReason, type OwnerProbe } from './owner.js';
