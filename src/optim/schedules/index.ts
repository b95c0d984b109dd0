// The learning-rate and momentum schedules, one file per family.
export type { Schedule } from './schedule.js';
export { constant, type ConstantOptions } from './constant.js';
export { step, type StepOptions } from './step.js';
export { exponential, type ExponentialOptions } from './exponential.js';
export { inverseTime, type InverseTimeOptions } from './inverse-time.js';
export { cosine, type CosineOptions } from './cosine.js';
export { linear, type LinearOptions } from './linear.js';
export { warmup, type WarmupOptions } from './warmup.js';
export {
  ABSOLUTE_MOMENTUM_TYPES,
  momentumScale,
  momentumScheduleFor,
  type MomentumScale,
  type MomentumScheduleOptions,
} from './momentum-schedule.js';
export {
  ReduceOnPlateau,
  reduceOnPlateau,
  modeForMetric,
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
} from './reduce-on-plateau.js';
