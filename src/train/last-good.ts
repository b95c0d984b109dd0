// Which weights fit restores when the loss stops being finite. A step's loss is computed from the
// weights before its update, so a non-finite loss at the first step of epoch e condemns the weights
// epoch e-1 ended with: the last good ones are then those of the end of epoch e-2. A later step's
// non-finite loss condemns only weights made during epoch e, and the end of epoch e-1 is good
// (its weights gave the finite loss of epoch e's first step). So fit keeps the two newest
// end-of-epoch snapshots; the checkpoint stores the older one too, so that a resumed run restores
// what an uninterrupted one would.
import type { SavedTensors } from './checkpoint.js';

/** A copy of the model's values at the end of an epoch (epoch 0: the weights training started from). */
export interface Snapshot {
  readonly epoch: number;
  readonly values: SavedTensors;
}

/** The two newest end-of-epoch snapshots (equal before the first epoch ends). */
export interface LastGood {
  readonly latest: Snapshot;
  readonly previous: Snapshot;
}

/**
 * The snapshots before training: the initial weights, as both.
 * @example lastGoodFrom(model.stateDict()).latest.epoch; //=> 0
 */
export function lastGoodFrom(initial: SavedTensors): LastGood {
  const s = { epoch: 0, values: initial };
  return { latest: s, previous: s };
}

/**
 * The snapshots after epoch `epoch` ended with `values` (finite losses throughout).
 * @example advanceLastGood(g, 3, model.stateDict()).previous === g.latest; //=> true
 */
export function advanceLastGood(g: LastGood, epoch: number, values: SavedTensors): LastGood {
  return { latest: { epoch, values }, previous: g.latest };
}

/**
 * The snapshot to restore after a non-finite loss: the older one when it came at the first step of
 * an epoch (before any update in it), else the newer one.
 * @example restorePoint(g, true).epoch; //=> g.previous.epoch
 */
export function restorePoint(g: LastGood, firstStepOfEpoch: boolean): Snapshot {
  return firstStepOfEpoch ? g.previous : g.latest;
}

/**
 * Where the model was put back, for a person: "the end of epoch 4", or "its initial weights".
 * @example restoredTo({ epoch: 0, values: {} }); //=> 'its initial weights'
 */
export function restoredTo(s: Snapshot): string {
  return s.epoch === 0 ? 'its initial weights' : `the end of epoch ${s.epoch}`;
}
