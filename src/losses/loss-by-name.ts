// The losses a config can name, with what kind of target each reads, so the trainer knows whether
// to pass class labels or a tensor of values.
import { ConfigError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { Tensor } from '../tensor/tensor.js';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { huber } from './huber.js';
import { l1 } from './l1.js';
import { mse } from './mse.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { svm } from './svm.js';
import type { Labels } from './targets.js';

/** The loss names a config accepts. */
export const LOSS_NAMES = [
  'softmaxCrossEntropy',
  'svm',
  'mse',
  'l1',
  'huber',
  'binaryCrossEntropy',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** 'classification': targets are class labels (and accuracy applies); 'regression': targets are values. */
export type LossKind = 'classification' | 'regression';

/** A loss bound to its options: (predictions, targets) => scalar mean loss. */
export interface NamedLoss {
  readonly name: LossName;
  readonly kind: LossKind;
  readonly fn: (pred: Tensor, target: Tensor | Labels) => Tensor;
}

/** Options a named loss may take (`delta` for huber and svm). */
export interface LossByNameOptions {
  delta?: number;
}

const KINDS: Record<LossName, LossKind> = {
  softmaxCrossEntropy: 'classification',
  svm: 'classification',
  binaryCrossEntropy: 'classification',
  mse: 'regression',
  l1: 'regression',
  huber: 'regression',
};

/**
 * The loss called `name`, bound to `options`.
 * @throws ConfigError (path `loss.type` or `loss.delta`) for an unknown name or an option the loss
 * does not take.
 * @example
 * const loss = lossByName('huber', { delta: 2 });
 * loss.kind; //=> 'regression'
 */
export function lossByName(
  name: string,
  options: LossByNameOptions = {},
  path = 'loss',
): NamedLoss {
  if (!(LOSS_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(
      `${path}.type`,
      `unknown loss '${name}'${didYouMean(name, LOSS_NAMES)}; expected one of ${LOSS_NAMES.join(', ')}`,
    );
  }
  const lossName = name as LossName;
  const { delta } = options;
  if (delta !== undefined && lossName !== 'huber' && lossName !== 'svm') {
    throw new ConfigError(
      `${path}.delta`,
      `the ${lossName} loss takes no delta (only huber and svm do)`,
    );
  }
  const d = delta === undefined ? {} : { delta };
  const fns: Record<LossName, NamedLoss['fn']> = {
    softmaxCrossEntropy: (p, t) => softmaxCrossEntropy(p, t),
    svm: (p, t) => svm(p, t, d),
    binaryCrossEntropy: (p, t) => binaryCrossEntropy(p, t),
    mse: (p, t) => mse(p, t),
    l1: (p, t) => l1(p, t),
    huber: (p, t) => huber(p, t, d),
  };
  return { name: lossName, kind: KINDS[lossName], fn: fns[lossName] };
}
