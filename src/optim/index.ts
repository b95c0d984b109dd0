// The optim module's public surface: the Optimizer wrapper and L-BFGS, the aliases, the building
// blocks, gradient clipping, schedules and the config form.
export {
  Optimizer,
  zeroGrads,
  type OptimizerOptions,
  type ParameterOptimizer,
} from './optimizer.js';
export {
  sgd,
  adam,
  adamw,
  adagrad,
  rmsprop,
  type SgdOptions,
  type AdamOptions,
  type AdagradOptions,
  type RmspropOptions,
} from './aliases.js';
export { LBFGS, lbfgs } from './lbfgs.js';
export type { LbfgsState } from './lbfgs-direction.js';
export {
  checkLbfgsOptions,
  LINE_SEARCHES,
  type LbfgsOptions,
  type LbfgsSettings,
} from './lbfgs-options.js';
export {
  chain,
  named,
  type GradientTransform,
  type Hyperparams,
  type HyperparamName,
  type ParamInfo,
  type StateValue,
  type UpdateContext,
} from './transform.js';
export { scaleByLearningRate } from './transforms/scale-by-learning-rate.js';
export { traceMomentum, type TraceMomentumOptions } from './transforms/trace-momentum.js';
export { scaleByAdam, type ScaleByAdamOptions } from './transforms/scale-by-adam.js';
export { scaleByRms, type ScaleByRmsOptions } from './transforms/scale-by-rms.js';
export { scaleByAdagrad, type ScaleByAdagradOptions } from './transforms/scale-by-adagrad.js';
export { addDecayedWeights } from './transforms/add-decayed-weights.js';
export { clipByGlobalNorm } from './transforms/clip-by-global-norm.js';
export { clipGradNorm } from './clip-grad-norm.js';
export type { Closure } from './closure.js';
export type { ParamsInput } from './params.js';
export type { OptimizerStateDict } from './state-dict.js';
export {
  optimizerFromConfig,
  scheduleFromConfig,
  momentumScheduleFromConfig,
  OPTIMIZER_TYPES,
  SCHEDULE_TYPES,
  type OptimizerSpec,
  type OptimizerType,
  type ScheduleType,
} from './from-config.js';
export * as schedules from './schedules/index.js';
export { ReduceOnPlateau, type Schedule } from './schedules/index.js';
