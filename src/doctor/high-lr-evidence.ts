// Whether a run's own figures blame its learning rate: an update/weight ratio of a weight tensor
// above 1e-1 at some epoch (the notes' band is ~1e-3), or a training loss that rose above 1.5x its
// best. Either makes "the model lacks capacity" the wrong conclusion of a poor fit.
import type { EpochEvent } from '../train/run-log.js';
import { fmt } from './check-result.js';

/** Above this update/weight ratio the step size, not the model, rules the fit. */
const HIGH_RATIO = 1e-1;
/** A training loss this many times its best so far is a blow-up (lossTrendCheck's threshold). */
const RISE = 1.5;

/**
 * The figure that blames the learning rate, as words, or undefined when none does.
 * @example highLrEvidence(epochs); //=> 'update/weight ratio 0.33 in layers.0.weight at epoch 1'
 */
export function highLrEvidence(epochs: readonly EpochEvent[]): string | undefined {
  for (const e of epochs) {
    const high = Object.entries(e.updateRatios).find(([n, r]) => n.endsWith('weight') && r > HIGH_RATIO && Number.isFinite(r));
    if (high !== undefined) return `update/weight ratio ${fmt(high[1])} in ${high[0]} at epoch ${e.epoch}`;
  }
  let best = Infinity;
  for (const e of epochs) {
    if (e.trainLoss > RISE * best) return `training loss rose to ${fmt(e.trainLoss)} at epoch ${e.epoch}, x${fmt(e.trainLoss / best)} its best`;
    best = Math.min(best, e.trainLoss);
  }
  return undefined;
}
