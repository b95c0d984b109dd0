// Training progress for a person: a live bar (cli-progress) on a terminal, plain periodic lines
// otherwise. It only formats run-log events; the training loop never prints.
import cliProgress from 'cli-progress';
import type { EpochEvent, IterationEvent } from '../train/run-log.js';

export interface ProgressReporter {
  onIteration(event: IterationEvent): void;
  onEpoch(event: EpochEvent): void;
  stop(): void;
}

const pct = (v: number | undefined): string => (v === undefined ? '-' : `${(100 * v).toFixed(1)}%`);
const num = (v: number): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2));

/**
 * One line describing an epoch, as printed in plain mode.
 * @example epochLine(event, 20); //=> 'epoch  3/20  loss 0.5123  acc 81.0%  lr 0.1000  0.2s'
 */
export function epochLine(e: EpochEvent, epochs: number): string {
  const parts = [
    `epoch ${String(e.epoch).padStart(String(epochs).length)}/${epochs}`,
    `loss ${num(e.trainLoss)}`,
    e.trainAccuracy === undefined ? '' : `acc ${pct(e.trainAccuracy)}`,
    e.valLoss === undefined ? '' : `val_loss ${num(e.valLoss)}`,
    e.valAccuracy === undefined ? '' : `val_acc ${pct(e.valAccuracy)}`,
    `lr ${num(e.lr)}`,
    `${e.seconds.toFixed(1)}s`,
  ];
  return parts.filter((p) => p !== '').join('  ');
}

/**
 * Whether an epoch gets its line: every epoch when there are few, else about 50 in all (always the
 * first and the last).
 * @example shownEpoch(6, 120); //=> true (every 3rd of 120)
 */
export function shownEpoch(epoch: number, epochs: number): boolean {
  const every = Math.max(1, Math.ceil(epochs / 50));
  return epoch === 1 || epoch === epochs || epoch % every === 0;
}

/**
 * Plain lines for pipes and logs, for the epochs `shownEpoch` picks.
 * @example
 * const progress = plainProgress((text) => process.stdout.write(text), 120);
 * progress.onEpoch(event); // prints epoch 1, 3, 6, ..., 120 (every 3rd) as epochLine formats them
 */
export function plainProgress(write: (text: string) => void, epochs: number): ProgressReporter {
  return {
    onIteration: () => {},
    onEpoch: (e) => {
      if (shownEpoch(e.epoch, epochs)) write(`${epochLine(e, epochs)}\n`);
    },
    stop: () => {},
  };
}

/**
 * Moves to column 1 and erases the line: the bar's own way back (readline.cursorTo), not a carriage
 * return, which a terminal with CR-to-NL output translation would turn into a new line.
 */
const CLEAR_LINE = '\u001b[1G\u001b[2K';

/**
 * A live bar on a terminal that leaves the history of the run on screen, for the epochs
 * `shownEpoch` picks. With many steps per epoch there is one bar per epoch, and a shown epoch's bar
 * stays at 100% with its figures (the others' are erased); with few, one bar runs over the whole
 * run and each shown epoch's epochLine is printed above it. Shows loss, accuracy and the ETA.
 * @example
 * const progress = terminalProgress(process.stderr, 30, 469);
 * fit({ ..., callbacks: { onIteration: (e) => progress.onIteration(e), onEpoch: (e) => progress.onEpoch(e) } });
 * progress.stop();
 */
export function terminalProgress(stream: NodeJS.WriteStream, epochs: number, stepsPerEpoch: number): ProgressReporter {
  const perEpoch = stepsPerEpoch >= 20;
  const makeBar = (keep: boolean) => new cliProgress.SingleBar(
    {
      stream,
      format: `${perEpoch ? 'epoch {epoch}/' + epochs : 'training'} |{bar}| {percentage}% | loss {loss} | acc {acc} | val_acc {valAcc} | val_loss {valLoss} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: !keep,
      // The whole-run bar is redrawn below each epoch line printed over it, though its text is unchanged.
      forceRedraw: !perEpoch,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = { epoch: 1, loss: '-', acc: '-', valAcc: '-', valLoss: '-' };
  let bar = makeBar(false);
  let started = false;
  const start = (epoch: number) => {
    payload.epoch = epoch;
    if (perEpoch) bar = makeBar(shownEpoch(epoch, epochs));
    bar.start(perEpoch ? stepsPerEpoch : epochs * stepsPerEpoch, 0, payload);
    started = true;
  };
  let stepInEpoch = 0;
  return {
    onIteration: (e) => {
      if (!started) start(Math.floor(e.t) + 1);
      stepInEpoch++;
      payload.loss = num(e.loss);
      bar.update(perEpoch ? stepInEpoch : e.step, payload);
    },
    onEpoch: (e) => {
      payload.acc = pct(e.trainAccuracy);
      payload.valAcc = pct(e.valAccuracy);
      payload.valLoss = e.valLoss === undefined ? '-' : num(e.valLoss);
      payload.loss = num(e.trainLoss);
      if (perEpoch) {
        bar.update(stepsPerEpoch, payload);
        bar.stop();
        started = false;
        stepInEpoch = 0;
        // The next epoch's bar starts with its first step, not here: after early stopping (or the
        // last epoch) there is no next epoch, and a bar started now would stay on screen at 0%.
        return;
      }
      bar.update(e.step, payload);
      if (!shownEpoch(e.epoch, epochs)) return;
      stream.write(`${CLEAR_LINE}${epochLine(e, epochs)}\n`);
      if (started) bar.render();
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
