// The training loop: epochs of shuffled minibatches, forward, loss + regularization, backward,
// optional gradient clipping, scheduled learning rate and momentum, update, max-norm; validation,
// health metrics and early stopping at each epoch end. Everything optional is an option or a
// callback; every event goes to the run log. A run can checkpoint at epoch ends and resume from
// such a checkpoint bit-exactly (checkpoint.ts holds the state's form).
import type { DType } from '../backend/backend.js';
import { batchIndices } from '../data/batch-indices.js';
import { InterruptedError } from '../errors.js';
import { accuracy } from '../losses/accuracy.js';
import type { NamedLoss } from '../losses/loss-by-name.js';
import type { Module } from '../nn/module.js';
import { add } from '../ops/add.js';
import { applyMaxNorm, regularizationLoss, type RegularizationOptions } from '../nn/regularizers.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import type { ParameterOptimizer } from '../optim/optimizer.js';
import { stepWith } from '../optim/step-with.js';
import type { Tensor } from '../tensor/tensor.js';
import { Rng } from '../tensor/rng.js';
import { batchOf, type TrainingData } from './batch.js';
import { BufferPool } from '../tensor/buffer-pool.js';
import type { SavedTensors, TrainingState } from './checkpoint.js';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
import { epochHealth } from './epoch-health.js';
import { evaluate } from './evaluate.js';
import { divergenceAdvice } from './divergence-hint.js';
import { advanceLastGood, type LastGood, lastGoodFrom, restoredTo, restorePoint } from './last-good.js';
import type { EpochEvent, IterationEvent, RunLogSink, WarningEvent } from './run-log.js';
import { expectedInitialLoss } from './watch/expected-loss.js';
import { TrainingWatcher, type WatchOptions } from './watch/watcher.js';
import { nextTurn } from './next-turn.js';

/** A schedule: time t in epochs (fractional within an epoch) to a value. */
export type Schedule = (t: number) => number;

/** A plateau reducer: sees the epoch's metric, returns the current lr multiplier. */
export interface PlateauReducer {
  readonly metric: string;
  observe(value: number): number;
  /** Plain state for checkpoints (ReduceOnPlateau has it); without it a resume restarts the reducer. */
  stateDict?(): unknown;
  loadStateDict?(saved: unknown): void;
}

/** When and where fit saves its training state. */
export interface FitCheckpoint {
  /** Save after every `every` epochs (default 1), and after the last epoch. */
  readonly every?: number;
  /**
   * Skip a due checkpoint when fewer seconds than this have passed since the last one (the last
   * epoch's is never skipped). Default 0. Bounds the cost of the fsync per checkpoint on runs whose
   * epochs take milliseconds.
   */
  readonly minSeconds?: number;
  /** Stores the state (e.g. `writeCheckpoint`); awaited before the next epoch starts. */
  save(state: TrainingState): void | Promise<void>;
}

export interface FitCallbacks {
  onIteration?(event: IterationEvent): void;
  /**
   * Called after each epoch; may return a promise, which is awaited (a search trial asks its
   * pruner here). Throwing stops training and propagates out of fit.
   */
  onEpoch?(event: EpochEvent): void | Promise<void>;
  /** Called with each warning of the `watch` option, as it is raised (and logged). */
  onWarning?(event: WarningEvent): void;
}

export interface FitOptions {
  readonly model: Module;
  readonly loss: NamedLoss;
  readonly optimizer: ParameterOptimizer;
  readonly train: TrainingData;
  /** The preprocessing step types already applied to `train` (e.g. ['standardize']), for the divergence advice. */
  readonly preprocessed?: readonly string[];
  readonly validation?: TrainingData;
  readonly epochs: number;
  readonly batchSize: number;
  /** Shuffles the minibatches of every epoch. */
  readonly rng: Rng;
  readonly dtype?: DType;
  readonly regularization?: RegularizationOptions & { maxNorm?: number };
  /** Multiplies the optimizer's initial lr. */
  readonly schedule?: Schedule;
  /**
   * Asked at each epoch end; when it returns true (a Ctrl-C or SIGTERM was received), the epoch's
   * checkpoint is written even if not due, and fit throws InterruptedError.
   */
  readonly interrupted?: () => boolean;
  /**
   * Stops training within one step once aborted: fit then resolves with status 'aborted', the model
   * holding the weights of the last step taken.
   */
  readonly signal?: AbortSignal;
  /**
   * fit gives the event loop a turn when this many milliseconds of steps have run since the last one
   * (default 20), so a page repaints and a server answers while it trains; 0 turns after every step.
   */
  readonly yieldEveryMs?: number;
  /** Absolute momentum (beta1 for Adam) over time. */
  readonly momentumSchedule?: Schedule;
  readonly plateau?: PlateauReducer;
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Rescale gradients whose global L2 norm exceeds this. */
  readonly clipGradNorm?: number;
  readonly callbacks?: FitCallbacks;
  readonly log?: RunLogSink;
  /** Saves the training state at epoch ends, for `resume`. */
  readonly checkpoint?: FitCheckpoint;
  /**
   * Continues from a saved state: epochs `resume.epoch + 1 .. epochs` are trained, and with one
   * thread and the same inputs the result is bitwise that of an uninterrupted run. `model`,
   * `optimizer` and the rest must be built as for the original run.
   */
  readonly resume?: TrainingState;
  /** The epoch records of the epochs before `resume` (from the run log), for `FitResult.history`. */
  readonly history?: readonly EpochEvent[];
  /**
   * Watch the run for the notes' symptoms (watch/watcher.ts): each one is logged once as a warning
   * record and passed to `callbacks.onWarning`; `{ strict: true }` stops at the end of the epoch
   * of the first, with status 'stopped-by-warning'. Default off.
   */
  readonly watch?: boolean | WatchOptions;
}

export interface FitResult {
  readonly status: 'finished' | 'diverged' | 'stopped-early' | 'aborted' | 'stopped-by-warning';
  /** Epochs completed. */
  readonly epochs: number;
  readonly history: EpochEvent[];
  /** The epoch whose weights the model holds at the end, when early stopping chose one. */
  readonly bestEpoch?: number;
  /**
   * After divergence: the epoch whose end the model was restored to (0: the initial weights). It
   * is `epochs - 1` when the loss became non-finite at the first step of an epoch, since that loss
   * was computed from the weights the epoch before ended with.
   */
  readonly restoredEpoch?: number;
  /** Why training stopped, for a person. */
  readonly message?: string;
  readonly seconds: number;
}

/**
 * Trains `model` in place. A NaN or infinite loss stops training at once; the model is then
 * restored to the end of the last epoch whose weights gave finite losses (see last-good.ts), and
 * the result says why and which epoch that was.
 * @example
 * const result = await fit({ model, loss: lossByName('softmaxCrossEntropy'), optimizer, train, epochs: 10, batchSize: 64, rng: new Rng(1) });
 * result.history.at(-1)?.trainAccuracy; //=> 0.98
 */
export async function fit(o: FitOptions): Promise<FitResult> {
  const loop = startLoop(o);
  for (let epoch = (o.resume?.epoch ?? 0) + 1; epoch <= o.epochs; epoch++) {
    const epochStart = Date.now();
    const pass = await trainEpoch(o, loop, epoch);
    if (pass.diverged !== undefined) return stepDiverged(o, loop, epoch, pass.diverged);
    if (pass.aborted === true) {
      return finish(o, loop, 'aborted', epoch - 1, `stopped by its AbortSignal after ${loop.step} steps (${epoch - 1} whole epochs)`);
    }
    const event = epochRecord(o, loop, epoch, pass, (Date.now() - epochStart) / 1000);
    // Not logged: curves, pruners and the history only ever see finite epochs.
    if (!Number.isFinite(event.trainLoss) || (event.valLoss !== undefined && !Number.isFinite(event.valLoss))) return epochDiverged(o, loop, event);
    loop.history.push(event);
    o.log?.write(event);
    await o.callbacks?.onEpoch?.(event);
    tell(o, loop.watcher?.epoch(event));
    const warned = loop.strict ? loop.watcher?.warnings[0] : undefined;
    loop.lastGood = advanceLastGood(loop.lastGood, epoch, o.model.stateDict());
    const stop = observeEpoch(o, loop, event);
    if (stop !== undefined) return finish(o, loop, 'stopped-early', epoch, stop);
    if (warned !== undefined) return finish(o, loop, 'stopped-by-warning', epoch, `stopped at the end of epoch ${epoch} by the first warning (strict): ${warned.message}`);
    const c = o.checkpoint;
    const due = c !== undefined && epoch % (c.every ?? 1) === 0 && Date.now() - loop.lastCheckpoint >= 1000 * (c.minSeconds ?? 0);
    // Signal handlers run only from the event loop, which a loop of synchronous steps never reaches
    // otherwise: one turn of it per epoch (microseconds) lets a SIGTERM be seen at this epoch end.
    if (o.interrupted !== undefined) await nextTurn();
    const interrupted = o.interrupted?.() === true;
    if (c !== undefined && (due || epoch === o.epochs || interrupted)) {
      await c.save(captureState(o, loop, epoch));
      loop.lastCheckpoint = Date.now();
    }
    if (interrupted) throw new InterruptedError(epoch, c !== undefined);
  }
  return finish(o, loop, 'finished', o.epochs);
}

/** A step's loss was not finite: restore the last good weights (last-good.ts says which). */
function stepDiverged(o: FitOptions, loop: LoopState, epoch: number, d: DivergedStep): FitResult {
  const to = restorePoint(loop.lastGood, d.firstOfEpoch);
  o.model.loadStateDict(to.values);
  const from = epoch === 1 ? 'the initial weights' : `the weights epoch ${epoch - 1} ended with`;
  const where = d.firstOfEpoch ? `at step ${d.step}, the first of epoch ${epoch} (computed from ${from})` : `at step ${d.step} (epoch ${epoch})`;
  const message =
    `the loss became ${d.loss} ${where}; the model was restored to ${restoredTo(to)}. ` +
    divergenceAdvice(o.train, o.preprocessed, d.lr);
  return finish(o, loop, 'diverged', epoch - 1, message, to.epoch);
}

/**
 * Every step of the epoch had a finite loss but its record does not (the validation loss of the
 * weights it ended with): the weights the epoch before ended with are good.
 */
function epochDiverged(o: FitOptions, loop: LoopState, event: EpochEvent): FitResult {
  const to = loop.lastGood.latest;
  o.model.loadStateDict(to.values);
  const what = Number.isFinite(event.trainLoss) ? `the validation loss became ${event.valLoss}` : `the training loss became ${event.trainLoss}`;
  const message = `${what} at epoch ${event.epoch}; the model was restored to ${restoredTo(to)}. ${divergenceAdvice(o.train, o.preprocessed)}`;
  return finish(o, loop, 'diverged', event.epoch - 1, message, to.epoch);
}

function finish(o: FitOptions, loop: LoopState, status: FitResult['status'], epochs: number, message?: string, restoredEpoch?: number): FitResult {
  // After divergence the restore point rules; after an abort the caller keeps the last step's weights.
  const keepBest = loop.best !== undefined && status !== 'diverged' && status !== 'aborted';
  if (keepBest) o.model.loadStateDict(loop.best!);
  const bestEpoch = keepBest ? loop.stopper?.state.bestEpoch : undefined;
  return {
    status, epochs, history: loop.history, seconds: (Date.now() - loop.started) / 1000,
    ...(bestEpoch === undefined ? {} : { bestEpoch }), ...(message === undefined ? {} : { message }),
    ...(restoredEpoch === undefined ? {} : { restoredEpoch }),
  };
}

/** A step whose loss was not finite (nothing was updated by it). */
interface DivergedStep {
  readonly loss: number;
  /** The global step number. */
  readonly step: number;
  /** True when it was the epoch's first step: the loss came from the previous epoch's final weights. */
  readonly firstOfEpoch: boolean;
  readonly lr: number;
}

/** One pass over the shuffled minibatches: the summed data loss and correct count, or where it diverged. */
interface EpochPass {
  readonly lossSum: number;
  readonly correct: number;
  readonly seen: number;
  readonly diverged?: DivergedStep;
  /** The AbortSignal stopped the pass part-way. */
  readonly aborted?: boolean;
}

async function trainEpoch(o: FitOptions, loop: LoopState, epoch: number): Promise<EpochPass> {
  o.model.train();
  const yieldEvery = o.yieldEveryMs ?? 20;
  const batches = batchIndices(o.train.ds.n, o.batchSize, loop.rng);
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  for (let b = 0; b < batches.length; b++) {
    if (Date.now() - loop.lastTurn >= yieldEvery) {
      await nextTurn();
      loop.lastTurn = Date.now();
    }
    if (o.signal?.aborted === true) return { lossSum, correct, seen, aborted: true };
    const t = epoch - 1 + b / batches.length;
    o.optimizer.lr = loop.baseLr * (o.schedule?.(t) ?? 1) * loop.plateauFactor;
    if (o.momentumSchedule !== undefined) o.optimizer.momentum = o.momentumSchedule(t);
    // The step's arithmetic runs on the pool: only numbers come out, so every buffer it allocated
    // goes back for the next step (gradients, which outlive it, are made outside the pool).
    const step = loop.pool.run(() => trainStep(o, batches[b]!, loop.dtype, b === batches.length - 1));
    loop.pool.endStep();
    loop.step++;
    if (step.dataLoss === undefined) {
      return { lossSum, correct, seen, diverged: { loss: step.loss, step: loop.step, firstOfEpoch: b === 0, lr: o.optimizer.lr } };
    }
    lossSum += step.dataLoss * step.size;
    correct += step.correct;
    seen += step.size;
    // `loss` is the data loss, as in the epoch's trainLoss (their batch-weighted mean); the
    // regularization term that was also minimized travels beside it, so no reader mixes the two.
    const penalty = o.regularization === undefined ? {} : { penalty: step.loss - step.dataLoss };
    const it: IterationEvent = {
      type: 'iteration', step: loop.step, t, loss: step.dataLoss, ...penalty, lr: o.optimizer.lr, ...momentumOf(o.optimizer),
    };
    o.log?.write(it);
    o.callbacks?.onIteration?.(it);
    tell(o, loop.watcher?.iteration(it));
  }
  return { lossSum, correct, seen };
}

/** What one step leaves behind: numbers only (the pool takes its tensors back). */
interface StepNumbers {
  /** The loss with regularization; not finite when training diverged (nothing was updated then). */
  readonly loss: number;
  /** The data loss, undefined when the step stopped on a non-finite loss. */
  readonly dataLoss: number | undefined;
  /** Correctly classified examples of the batch (0 for regression). */
  readonly correct: number;
  readonly size: number;
}

/** Forward, loss, backward and update on one minibatch. */
function trainStep(o: FitOptions, indices: Int32Array, dtype: DType, lastOfEpoch: boolean): StepNumbers {
  const batch = batchOf(o.train, indices, dtype);
  const objective = (out: Tensor): { dataLoss: Tensor; total: Tensor } => {
    const dataLoss = o.loss.fn(out, batch.target);
    return { dataLoss, total: o.regularization === undefined ? dataLoss : add(dataLoss, regularizationLoss(o.model, o.regularization)) };
  };
  const out = o.model.forward(batch.x);
  const { dataLoss, total } = objective(out);
  const loss = total.item();
  if (!Number.isFinite(loss)) return { loss, dataLoss: undefined, correct: 0, size: batch.size };
  const clip = o.clipGradNorm;
  o.optimizer.trackUpdateNorms = lastOfEpoch;
  stepWith(o.optimizer, total, () => objective(o.model.forward(batch.x)).total,
    clip === undefined ? undefined : () => clipGradNorm(o.model.parameters(), clip));
  if (o.regularization?.maxNorm !== undefined) applyMaxNorm(o.model, o.regularization.maxNorm);
  const correct = o.loss.kind === 'classification' ? accuracy(out, batch.target) * batch.size : 0;
  return { loss, dataLoss: dataLoss.item(), correct, size: batch.size };
}

/** The epoch's record: training figures of the pass, validation, and health figures. */
function epochRecord(o: FitOptions, loop: LoopState, epoch: number, pass: EpochPass, seconds: number): EpochEvent {
  const val = o.validation === undefined ? undefined : evaluate(o.model, o.validation, o.loss, loop.dtype);
  const health = epochHealth(o.model, loop.params, o.optimizer, o.validation ?? o.train, loop.dtype);
  return {
    type: 'epoch', epoch, step: loop.step, seconds, lr: o.optimizer.lr,
    trainLoss: pass.lossSum / pass.seen,
    ...(o.loss.kind === 'classification' ? { trainAccuracy: pass.correct / pass.seen } : {}),
    ...(val === undefined ? {} : { valLoss: val.loss }),
    ...(val?.accuracy === undefined ? {} : { valAccuracy: val.accuracy }),
    ...health,
  };
}

/** Logs and reports a watcher's warnings. */
function tell(o: FitOptions, warnings: readonly WarningEvent[] | undefined): void {
  for (const w of warnings ?? []) {
    o.log?.write(w);
    o.callbacks?.onWarning?.(w);
  }
}

/** Feeds the plateau reducer and early stopping; returns why training stops, if it does. */
function observeEpoch(o: FitOptions, loop: LoopState, event: EpochEvent): string | undefined {
  if (o.plateau !== undefined) loop.plateauFactor = o.plateau.observe(metricOf(event, o.plateau.metric));
  const stopper = loop.stopper;
  if (stopper === undefined) return undefined;
  const verdict = stopper.observe(event.epoch, metricOf(event, stopper.options.metric));
  if (verdict === 'improved') loop.best = o.model.stateDict();
  if (verdict !== 'stop') return undefined;
  return `no improvement of ${stopper.options.metric} for ${stopper.options.patience} epochs; restored epoch ${stopper.state.bestEpoch}`;
}

/** Everything the loop carries from epoch to epoch (what a checkpoint saves, plus bookkeeping). */
interface LoopState {
  readonly dtype: DType;
  readonly params: readonly (readonly [string, Tensor])[];
  readonly baseLr: number;
  readonly stopper: EarlyStopping | undefined;
  readonly started: number;
  readonly history: EpochEvent[];
  rng: Rng;
  best: SavedTensors | undefined;
  plateauFactor: number;
  step: number;
  /** When fit last gave the event loop a turn (Date.now()). */
  lastTurn: number;
  /** The two newest end-of-epoch weights, for a restore after divergence. */
  lastGood: LastGood;
  lastCheckpoint: number;
  /** Serves each step's activations from the previous step's buffers. */
  readonly pool: BufferPool;
  /** The `watch` option's watcher, and whether its first warning stops the run. */
  readonly watcher: TrainingWatcher | undefined;
  readonly strict: boolean;
}

function startLoop(o: FitOptions): LoopState {
  const stopper = o.earlyStopping === undefined ? undefined : new EarlyStopping(o.earlyStopping);
  const loop: LoopState = {
    dtype: o.dtype ?? o.model.parameters()[0]?.dtype ?? 'float32',
    params: o.model.namedParameters(),
    baseLr: o.resume?.baseLr ?? o.optimizer.lr,
    stopper, started: Date.now(), lastTurn: Date.now(), history: [...(o.history ?? [])],
    rng: o.rng, best: undefined, plateauFactor: 1, step: 0, lastGood: lastGoodFrom(o.model.stateDict()), lastCheckpoint: Date.now(),
    pool: new BufferPool(), ...startWatch(o),
  };
  if (o.resume !== undefined) {
    const r = o.resume;
    o.model.loadStateDict(r.model);
    o.model.loadRngStates(r.modelRngs);
    o.optimizer.loadStateDict(r.optimizer);
    if (stopper !== undefined && r.earlyStopping !== undefined) stopper.state = { ...r.earlyStopping };
    if (r.plateau !== undefined) o.plateau?.loadStateDict?.(r.plateau);
    Object.assign(loop, { rng: Rng.fromState(r.shuffleRng), best: r.best, plateauFactor: r.plateauFactor, step: r.step });
    // A checkpoint without the previous epoch's weights (written before they were stored) falls
    // back to the freshly built model's: the initial weights when it is built as for the first run.
    const before = r.previousModel === undefined ? loop.lastGood.latest : { epoch: r.epoch - 1, values: r.previousModel };
    loop.lastGood = { latest: { epoch: r.epoch, values: o.model.stateDict() }, previous: before };
  }
  return loop;
}

function startWatch(o: FitOptions): { watcher: TrainingWatcher | undefined; strict: boolean } {
  if (o.watch === undefined || o.watch === false) return { watcher: undefined, strict: false };
  const w = o.watch === true ? {} : o.watch;
  const expected = w.expectedInitialLoss ?? expectedInitialLoss(o.loss.name, o.train.ds.classes);
  const watcher = new TrainingWatcher({
    ...(expected === undefined ? {} : { expected }),
    ...(o.resume === undefined ? {} : { resumed: true, history: o.history ?? [] }),
  });
  return { watcher, strict: w.strict === true };
}

/** The loop's state at an epoch end, as plain data (copies: later training does not change it). */
function captureState(o: FitOptions, loop: LoopState, epoch: number): TrainingState {
  const plateau = o.plateau?.stateDict?.();
  return {
    epoch, step: loop.step, baseLr: loop.baseLr, plateauFactor: loop.plateauFactor,
    model: o.model.stateDict(), previousModel: loop.lastGood.previous.values,
    modelRngs: o.model.rngStates(), optimizer: o.optimizer.stateDict(),
    shuffleRng: loop.rng.state(),
    ...(loop.stopper === undefined ? {} : { earlyStopping: { ...loop.stopper.state } }),
    ...(plateau === undefined ? {} : { plateau }),
    ...(loop.best === undefined ? {} : { best: loop.best }),
  };
}

function momentumOf(opt: ParameterOptimizer): { momentum?: number } {
  const m = opt.momentum;
  return m === undefined ? {} : { momentum: m };
}

/** The value of a named metric in an epoch record (NaN when the epoch lacks it). */
export function metricOf(e: EpochEvent, metric: string): number {
  const v = (e as unknown as Record<string, unknown>)[metric];
  return typeof v === 'number' ? v : NaN;
}
