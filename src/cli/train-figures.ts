// Why the figures of `descent train`'s summary can differ from those of its last epoch line: the
// summary evaluates the final model over each whole split, while an epoch's training figures are
// running means over its minibatches (training mode, each before its step's update), and early
// stopping may have restored an earlier epoch's weights.
import type { TrainSummary } from '../config/node/train-run.js';
import type { EpochEvent } from '../train/run-log.js';

/** The last epoch's figures, as its epoch line printed them. */
export interface LastEpochFigures {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
}

/** One sentence per split whose summary figures differ from the last epoch's, saying why. */
export interface FigureNotes {
  readonly train?: string;
  readonly validation?: string;
}

const pct = (v: number | undefined): string => (v === undefined ? '' : `, accuracy ${(100 * v).toFixed(2)}%`);

export function lastEpochFigures(e: EpochEvent): LastEpochFigures {
  return {
    epoch: e.epoch, trainLoss: e.trainLoss,
    ...(e.trainAccuracy === undefined ? {} : { trainAccuracy: e.trainAccuracy }),
    ...(e.valLoss === undefined ? {} : { valLoss: e.valLoss }),
    ...(e.valAccuracy === undefined ? {} : { valAccuracy: e.valAccuracy }),
  };
}

/** Whose weights the summary evaluated, when they are not simply the last step's. */
function weightsOf(s: TrainSummary, last: LastEpochFigures): string | undefined {
  if (s.bestEpoch !== undefined && s.bestEpoch !== last.epoch) return `epoch ${s.bestEpoch}'s restored weights`;
  if (s.status === 'diverged') return 'the weights restored after the divergence';
  return undefined;
}

/**
 * The reasons, for the splits whose figures differ; equal figures need none.
 * @example
 * figureNotes(summary, { epoch: 10, trainLoss: 0.31, trainAccuracy: 0.9 }).train;
 * //=> 'evaluated after the last step; epoch 10's line has the running mean during the epoch: loss 0.3100, accuracy 90.00%'
 */
export function figureNotes(s: TrainSummary, last: LastEpochFigures | undefined): FigureNotes {
  if (last === undefined) return {};
  const restored = weightsOf(s, last);
  const trainDiffers = s.trainLoss !== last.trainLoss || s.trainAccuracy !== last.trainAccuracy;
  const train = trainDiffers
    ? `evaluated ${restored === undefined ? 'after the last step' : `with ${restored}`}; ` +
      `epoch ${last.epoch}'s line has the running mean during the epoch: loss ${last.trainLoss.toFixed(4)}${pct(last.trainAccuracy)}`
    : undefined;
  const valDiffers = last.valLoss !== undefined && (s.valLoss !== last.valLoss || (s.valAccuracy ?? undefined) !== last.valAccuracy);
  const validation = valDiffers
    ? `${restored ?? 'evaluated after the last step'}; epoch ${last.epoch} ended at loss ${last.valLoss!.toFixed(4)}${pct(last.valAccuracy)}`
    : undefined;
  return { ...(train === undefined ? {} : { train }), ...(validation === undefined ? {} : { validation }) };
}
