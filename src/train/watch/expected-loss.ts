// The loss a classifier should start from when its outputs are all about zero (a small
// initialization): softmax cross-entropy ln C, the multiclass svm (C - 1) x margin, binary
// cross-entropy ln 2. Regression losses depend on the targets, so none is expected.
import type { LossName } from '../../losses/loss-by-name.js';

/** The expectation and how a message writes it, or undefined when nothing is known. */
export interface ExpectedLoss {
  readonly value: number;
  readonly text: string;
}

/**
 * @example expectedInitialLoss('softmaxCrossEntropy', 3)?.text; //=> 'ln 3 = 1.1'
 */
export function expectedInitialLoss(loss: LossName, classes: number | undefined, margin = 1): ExpectedLoss | undefined {
  if (loss === 'binaryCrossEntropy') return { value: Math.LN2, text: 'ln 2 = 0.69' };
  if (classes === undefined || classes < 2) return undefined;
  if (loss === 'softmaxCrossEntropy') {
    const value = Math.log(classes);
    return { value, text: `ln ${classes} = ${Number(value.toPrecision(2))}` };
  }
  if (loss === 'svm') {
    const value = (classes - 1) * margin;
    return { value, text: `(C - 1) x margin = ${Number(value.toPrecision(3))}` };
  }
  return undefined;
}
