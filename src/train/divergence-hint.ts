// What to try after a diverged run: a lower learning rate always; standardizing the inputs only when
// no configured step already puts them on unit scale, since telling a config that standardizes to
// standardize sends its author after a fix that is already in place.
import { maxAbsFeature } from '../data/feature-range.js';
import type { TrainingData } from './batch.js';

/** Preprocessing steps that leave features on unit scale: standardize (std 1), minmax ([-1, 1]), whiten. */
const SCALING_STEPS: readonly string[] = ['standardize', 'minmax', 'whiten'];

/** Inputs above this magnitude make first-layer pre-activations, and so gradients, far too large. */
const LARGE_FEATURE = 10;

/**
 * The advice sentence that ends a divergence message.
 * @param preprocessed the preprocessing step types already applied to `train` (e.g. ['standardize']).
 * @param lr the learning rate at the diverging step, when known.
 * @example
 * divergenceAdvice(train, ['standardize'], 0.5); //=> 'Try a lower learning rate (it was 0.5).'
 */
export function divergenceAdvice(train: TrainingData, preprocessed: readonly string[] = [], lr?: number): string {
  const rate = `Try a lower learning rate${lr === undefined ? '' : ` (it was ${lr})`}`;
  const max = maxAbsFeature(train.ds);
  const scaled = preprocessed.filter((s) => SCALING_STEPS.includes(s));
  if (scaled.length > 0) {
    // After a scaling step a large feature is an outlier, which rescaling cannot shrink further.
    return max > LARGE_FEATURE
      ? `${rate}, or clip the gradients ("clipGradNorm" in the config): after ${scaled.at(-1)} the input features still reach |x| = ${max} (outliers).`
      : `${rate}.`;
  }
  return max > LARGE_FEATURE
    ? `${rate}, or standardize the input features. The input features reach |x| = ${max}: standardize them (add "preprocess": ["standardize"] to the data section of the config)`
    : `${rate}, or standardize the input features.`;
}
