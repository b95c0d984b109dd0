// Every loss, the accuracy metric and the registry of loss names.
export { softmaxCrossEntropy } from './softmax-cross-entropy.js';
export { svm, type SvmOptions } from './svm.js';
export { mse } from './mse.js';
export { l1 } from './l1.js';
export { huber, type HuberOptions } from './huber.js';
export { binaryCrossEntropy } from './binary-cross-entropy.js';
export { accuracy } from './accuracy.js';
export { reduce, type Labels, type LossOptions, type Reduction } from './targets.js';
export {
  lossByName,
  LOSS_NAMES,
  type LossByNameOptions,
  type LossKind,
  type LossName,
  type NamedLoss,
} from './loss-by-name.js';
