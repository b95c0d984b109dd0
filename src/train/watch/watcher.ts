// Cheap checks on figures the training loop already has, as the notes say to watch a run: the
// first step's loss against its expectation, a loss that rises several-fold, update/weight ratios
// far from ~1e-3, most relu units dead, and a validation loss that rises while the training loss
// falls. Each symptom is told once (per kind and tensor): a warning every epoch would bury the log.
import type { EpochEvent, IterationEvent, WarningEvent, WarningKind } from '../run-log.js';
import type { ExpectedLoss } from './expected-loss.js';
import { figure, suggestedLr } from './figures.js';

/** What `fit`'s `watch` option takes besides `true`. */
export interface WatchOptions {
  /** Stop training at the end of the epoch of the first warning (fit's status 'stopped-by-warning'). */
  readonly strict?: boolean;
  /** The loss the first step should see; default from the loss and class count (expected-loss.ts). */
  readonly expectedInitialLoss?: ExpectedLoss;
}

/** An initial loss outside [LOW x, HIGH x] the expectation, by more than MARGIN, warns. */
const LOW = 0.5;
const HIGH = 2;
const MARGIN = 0.1;
/** A step's loss above this multiple of the first step's warns... */
const JUMP = 10;
/** ...and so does an epoch's training loss this many times the best epoch's before it (and 0.1 x the start above it). */
const RISE = 3;
/** The update/weight band; outside it for SUSTAIN epochs in a row warns (above HIGH_RATIO at epoch 1 at once). */
const LOW_RATIO = 1e-5;
const HIGH_RATIO = 1e-1;
const SUSTAIN = 3;
/** A relu layer with more than this fraction dead for DEAD_EPOCHS epochs in a row warns. */
const DEAD = 0.5;
const DEAD_EPOCHS = 2;
/** Validation loss rising (and training loss falling) over this many epochs in a row warns. */
const PARTING = 3;

const doctorLr = 'or run descent doctor for the learning-rate range';

/**
 * Watches one run. Feed it every iteration and epoch record in order; each call returns the
 * warnings it raised (usually none).
 * @example
 * const w = new TrainingWatcher({ expected: expectedInitialLoss('softmaxCrossEntropy', 3) });
 * w.epoch(record).map((e) => e.message); //=> ['learning rate 10 looks too high: ...']
 */
export class TrainingWatcher {
  private readonly told = new Set<string>();
  private readonly expected: ExpectedLoss | undefined;
  private initial: number | undefined;
  /** Consecutive epochs out of band, per tensor or layer. */
  private readonly streaks = new Map<string, number>();
  private readonly epochs: EpochEvent[];
  /** Every warning raised so far, in order. */
  readonly warnings: WarningEvent[] = [];

  /**
   * @param resumed a resumed run's first step does not start from the initialization, so its loss
   * is not compared with the expectation (nor later steps with it); `history` (the epochs before
   * the resume) keeps the best loss and the validation curve.
   */
  constructor(o: { expected?: ExpectedLoss; resumed?: boolean; history?: readonly EpochEvent[] } = {}) {
    this.expected = o.expected;
    this.epochs = [...(o.history ?? [])];
    if (o.resumed === true) this.initial = NaN;
  }

  /** One optimizer step: the first is compared with the expected initial loss; later ones with the first. */
  iteration(e: IterationEvent): WarningEvent[] {
    const out: WarningEvent[] = [];
    if (this.initial === undefined) {
      this.initial = e.loss;
      const x = this.expected;
      if (x !== undefined && (e.loss > HIGH * x.value + MARGIN || e.loss < LOW * x.value - MARGIN)) {
        const fix = e.loss > x.value
          ? 'the initial weights or inputs are too large: standardize the inputs, or use a smaller initialization (run descent doctor for the initialization checks)'
          : 'the outputs start confident: check the output layer and that the labels are not among the features';
        this.raise(out, 'initial-loss', undefined, e, epochOf(e),
          `initial loss ${figure(e.loss, 3)} is far from the expected ${x.text} (expected within [${LOW}x, ${HIGH}x]); ${fix}`);
      }
      return out;
    }
    if (Number.isFinite(this.initial) && e.loss > JUMP * this.initial) {
      this.raise(out, 'loss-rise', undefined, e, epochOf(e),
        `learning rate ${e.lr} looks too high: the loss jumped to ${figure(e.loss, 3)} at step ${e.step}, ${figure(e.loss / this.initial, 2)}x the initial ${figure(this.initial, 3)} (expected to fall); try ${tenth(e.lr)}, ${doctorLr}`);
    }
    return out;
  }

  /** One epoch's record (as fit logs it). */
  epoch(e: EpochEvent): WarningEvent[] {
    const out: WarningEvent[] = [];
    const best = Math.min(...this.epochs.map((p) => p.trainLoss));
    // Several-fold of a loss near 0 (0.03 -> 0.16) is noise of a converged run, not a blow-up: the
    // rise must also be a tenth of where the run started.
    const start = this.initial !== undefined && Number.isFinite(this.initial) ? this.initial : this.epochs[0]?.trainLoss ?? NaN;
    if (this.epochs.length > 0 && e.trainLoss > RISE * best && e.trainLoss - best > 0.1 * start) {
      this.raise(out, 'loss-rise', undefined, e, e.epoch,
        `learning rate ${e.lr} looks too high: the training loss rose to ${figure(e.trainLoss, 3)} at epoch ${e.epoch}, ${figure(e.trainLoss / best, 2)}x its best ${figure(best, 3)} (expected to fall); try ${tenth(e.lr)}, ${doctorLr}`);
    }
    this.ratios(e, out);
    this.dead(e, out);
    this.epochs.push(e);
    this.parting(e, out);
    return out;
  }

  private ratios(e: EpochEvent, out: WarningEvent[]): void {
    for (const [name, ratio] of Object.entries(e.updateRatios)) {
      // Biases start at zero (their ratio is meaningless early), and a ratio of 0 is a frozen tensor.
      if (!name.endsWith('weight') || ratio === 0 || !Number.isFinite(ratio)) continue;
      // Too high and too low are separate streaks: a ratio that swings across the band is not sustained.
      const high = ratio > HIGH_RATIO;
      const highs = this.streak(`ratio high ${name}`, high);
      const lows = this.streak(`ratio low ${name}`, ratio < LOW_RATIO);
      if (!(highs >= SUSTAIN || lows >= SUSTAIN || (high && e.epoch === 1))) continue;
      const what = `update/weight ratio ${figure(ratio)} in ${name}`;
      this.raise(out, 'update-ratio', name, e, e.epoch, high
        ? `learning rate ${e.lr} looks too high: ${what} (expected ~1e-3); try ${suggestedLr(e.lr, ratio)}, ${doctorLr}`
        : `learning rate ${e.lr} looks too low: ${what} for ${lows} epochs (expected ~1e-3); try ${suggestedLr(e.lr, ratio)}, ${doctorLr}`);
    }
  }

  private dead(e: EpochEvent, out: WarningEvent[]): void {
    for (const [layer, fraction] of Object.entries(e.deadRelu)) {
      const streak = this.streak(`dead ${layer}`, fraction > DEAD);
      if (streak < DEAD_EPOCHS) continue;
      this.raise(out, 'dead-relu', layer, e, e.epoch,
        `most relu units are dead: ${figure(fraction)} of ${layer} never active for ${streak} epochs (expected well under ${DEAD}); try a lower learning rate (it is ${e.lr}), he initialization or leakyRelu`);
    }
  }

  private parting(e: EpochEvent, out: WarningEvent[]): void {
    const w = this.epochs.slice(-(PARTING + 1));
    if (w.length < PARTING + 1 || w.some((p) => p.valLoss === undefined)) return;
    const val = w.map((p) => p.valLoss!);
    const rising = val.every((v, i) => i === 0 || v > val[i - 1]!);
    const falling = w.every((p, i) => i === 0 || p.trainLoss < w[i - 1]!.trainLoss);
    if (!rising || !falling) return;
    this.raise(out, 'overfitting', undefined, e, e.epoch,
      `the validation loss is parting from the training loss: it rose for ${PARTING} epochs (${figure(val[0]!, 3)} -> ${figure(val.at(-1)!, 3)}) while the training loss fell (${figure(w[0]!.trainLoss, 3)} -> ${figure(e.trainLoss, 3)}) (expected to fall together); try early stopping ("earlyStopping" in the config), l2 or dropout, or more data`);
  }

  /** The length of the current out-of-band run for `key`, counting this epoch. */
  private streak(key: string, off: boolean): number {
    const n = off ? (this.streaks.get(key) ?? 0) + 1 : 0;
    this.streaks.set(key, n);
    return n;
  }

  private raise(out: WarningEvent[], kind: WarningKind, tensor: string | undefined, at: { step: number }, epoch: number, message: string): void {
    const key = `${kind} ${tensor ?? ''}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    const w: WarningEvent = { type: 'warning', kind, message, epoch, step: at.step, ...(tensor === undefined ? {} : { tensor }) };
    this.warnings.push(w);
    out.push(w);
  }
}

/** The 1-based epoch an iteration belongs to (`t` counts epochs from 0). */
const epochOf = (e: IterationEvent): number => Math.floor(e.t) + 1;

/** A tenth of the learning rate, written without float noise (0.3 / 10 is 0.030000000000000002). */
const tenth = (lr: number): number => Number((lr / 10).toPrecision(3));
