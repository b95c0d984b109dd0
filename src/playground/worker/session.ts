// One training session in the worker: the experiment built from the page's config, trained by the
// library's fit, paused and stepped at epoch ends (one step at full batch), and its snapshots.
import { buildData, buildExperiment, type Experiment } from '../../config/build.js';
import { experimentWatch } from '../../config/experiment-watch.js';
import { experimentFitOptions } from '../../config/fit-experiment.js';
import type { DataSourceConfig, TrainConfig } from '../../config/schema.js';
import { expandRows, type FeatureName } from '../../data/feature-expansion.js';
import { lossByName } from '../../losses/loss-by-name.js';
import { serializeModel } from '../../nn/serialize.js';
import type { StateDict } from '../../nn/module.js';
import type { JsonObject } from '../../nn/canonical-json.js';
import { Rng } from '../../tensor/rng.js';
import { evaluate } from '../../train/evaluate.js';
import { fit } from '../../train/fit.js';
import { nextTurn } from '../../train/next-turn.js';
import type { EpochEvent } from '../../train/run-log.js';
import { type EpochFigures, type FinalFigures, type FromWorker, GRID, type PointsView, type Ready, type Snapshot } from '../protocol.js';
import { type GridFigures, gridFigures, gridPoints, histograms, modelInput, norms } from './grid.js';

/** The page repaints at about 60 Hz: a snapshot more often than this would only be dropped. */
const SNAPSHOT_MS = 16;
/** Neuron maps and histograms are heavier and change slowly: sent this often. */
const DETAIL_MS = 150;
/** The grid pass may take this fraction of the worker's time at most; training gets the rest. */
const GRID_SHARE = 0.25;

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

function figures(e: EpochEvent): EpochFigures {
  return {
    epoch: e.epoch, step: e.step, trainLoss: e.trainLoss, updateRatios: e.updateRatios, deadRelu: e.deadRelu,
    ...(e.trainAccuracy === undefined ? {} : { trainAccuracy: e.trainAccuracy }),
    ...(e.valLoss === undefined ? {} : { valLoss: e.valLoss }),
    ...(e.valAccuracy === undefined ? {} : { valAccuracy: e.valAccuracy }),
  };
}

/** The raw (not preprocessed) points of the same split, for drawing. */
function rawPoints(config: TrainConfig): { train: PointsView; validation?: PointsView } {
  const root = new Rng(config.seed ?? 0);
  const loss = lossByName(config.loss.type);
  // Without expansions either: the drawn points are the two coordinates (expanding draws no randomness).
  const source = { ...config.data.source, features: [] } as DataSourceConfig;
  const data = buildData({ ...config, data: { ...config.data, source, preprocess: [] } }, {}, root.fork(), loss);
  const view = (ds: { x: Float32Array; y: Float32Array; n: number }): PointsView => ({ x: ds.x, y: ds.y, n: ds.n });
  return { train: view(data.train.ds), ...(data.validation === undefined ? {} : { validation: view(data.validation.ds) }) };
}

function firstTwo(x: Float32Array, d: number): Float32Array {
  const n = x.length / d;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) { out[2 * i] = x[i * d]!; out[2 * i + 1] = d > 1 ? x[i * d + 1]! : 0; }
  return out;
}

export class Session {
  readonly exp: Experiment;
  private readonly controller = new AbortController();
  private readonly extent: number;
  private readonly grid: Float32Array;
  private playing = false;
  private stepsLeft = 0;
  private started = false;
  private resume: (() => void) | undefined;
  private pending: EpochFigures[] = [];
  private lastSnapshot = 0;
  private lastDetail = 0;
  private lastGrid = 0;
  private gridEvery = SNAPSHOT_MS;
  private step = 0;
  private epoch = 0;

  constructor(readonly config: TrainConfig, private readonly post: Post, backend: Ready['backend'], backendNote?: string) {
    this.exp = buildExperiment(config);
    const raw = rawPoints(config);
    let m = 1;
    for (const v of raw.train.x) m = Math.max(m, Math.abs(v));
    this.extent = Math.ceil(m * 11) / 10;
    const source = config.data.source as { features?: readonly FeatureName[] };
    this.grid = modelInput(expandRows(gridPoints(this.extent), GRID_ROWS, source.features ?? []), GRID_ROWS, this.exp.preprocess);
    const ready: Ready = {
      type: 'ready', train: raw.train, ...(raw.validation === undefined ? {} : { validation: raw.validation }),
      ...(this.exp.preprocess === null ? {} : { preprocessed: firstTwo(this.exp.train.ds.x, this.exp.train.ds.d) }),
      classes: this.exp.classes ?? 0, extent: this.extent, backend, ...(backendNote === undefined ? {} : { backendNote }),
    };
    post(ready);
    this.snapshot(true);
  }

  play(): void {
    this.playing = true;
    this.stepsLeft = 0;
    this.go();
  }

  pause(): void {
    this.playing = false;
    this.snapshot(true);
  }

  /** One epoch: one step of the optimizer at full batch. */
  stepOnce(): void {
    this.playing = false;
    this.stepsLeft = 1;
    this.go();
  }

  /** Replaces the initial weights (a loaded model's), before training starts. */
  loadWeights(state: StateDict): void {
    this.exp.model.loadStateDict(state);
    this.snapshot(true);
  }

  /** Stops training within one step; nothing more is posted. */
  stop(): void {
    this.controller.abort();
    this.resume?.();
  }

  modelText(): string {
    const exp = this.exp;
    const extras: JsonObject = {
      loss: exp.loss.name,
      ...(exp.classes === undefined ? {} : { classes: exp.classes }),
      ...(exp.preprocess === null ? {} : { preprocess: exp.preprocess as unknown as JsonObject }),
    };
    return serializeModel({ config: this.config.model, inputSize: exp.inputSize, dtype: exp.dtype, state: exp.model.stateDict(), extras });
  }

  private go(): void {
    if (this.resume !== undefined) {
      const r = this.resume;
      this.resume = undefined;
      r();
      return;
    }
    if (this.started) return;
    this.started = true;
    void this.train();
  }

  private async train(): Promise<void> {
    try {
      const result = await fit({
        ...experimentFitOptions(this.exp), signal: this.controller.signal, yieldEveryMs: 8,
        // The notes' symptoms as they happen, as descent train prints them: a learner who sets lr 10 is told why it fails.
        watch: experimentWatch(this.exp, true),
        callbacks: { onEpoch: (e) => this.onEpoch(e), onWarning: (w) => this.post({ type: 'warning', message: w.message, epoch: w.epoch }) },
      });
      if (this.controller.signal.aborted) return;
      this.playing = false;
      this.snapshot(true, result.message ?? `training ${result.status} after ${result.epochs} epochs`, this.finalFigures());
    } catch (error) {
      if (!this.controller.signal.aborted) this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private onEpoch(e: EpochEvent): Promise<void> | void {
    this.pending.push(figures(e));
    this.step = e.step;
    this.epoch = e.epoch;
    if (this.stepsLeft > 0) this.stepsLeft--;
    // While playing, a pause posted during this step is still queued behind it: let the event loop
    // deliver it before deciding, or the next step would run too (fit's own yields come later).
    if (this.playing) return nextTurn().then(() => this.holdOrGo());
    return this.holdOrGo();
  }

  private holdOrGo(): Promise<void> | void {
    const hold = !this.playing && this.stepsLeft === 0;
    this.snapshot(hold);
    if (!hold || this.controller.signal.aborted) return;
    return new Promise((resolve) => { this.resume = resolve; });
  }

  /** The final weights on the whole training and validation sets, as `descent train` evaluates them at its end. */
  private finalFigures(): FinalFigures {
    const exp = this.exp;
    const train = evaluate(exp.model, exp.train, exp.loss, exp.dtype);
    const val = exp.validation === undefined ? undefined : evaluate(exp.model, exp.validation, exp.loss, exp.dtype);
    return {
      trainLoss: train.loss, ...(train.accuracy === undefined ? {} : { trainAccuracy: train.accuracy }),
      ...(val === undefined ? {} : { valLoss: val.loss }), ...(val?.accuracy === undefined ? {} : { valAccuracy: val.accuracy }),
    };
  }

  private snapshot(force: boolean, status?: string, final?: FinalFigures): void {
    if (this.controller.signal.aborted) return;
    const now = Date.now();
    if (!force && now - this.lastSnapshot < SNAPSHOT_MS) return;
    this.lastSnapshot = now;
    const withGrid = force || now - this.lastGrid >= this.gridEvery;
    const detail = withGrid && (force || now - this.lastDetail >= DETAIL_MS);
    if (detail) this.lastDetail = now;
    const exp = this.exp;
    let g: GridFigures | undefined;
    if (withGrid) {
      g = gridFigures(exp.model, this.grid, exp.dtype, exp.loss.kind === 'classification', detail);
      const took = Date.now() - now;
      this.lastGrid = Date.now();
      this.gridEvery = Math.max(SNAPSHOT_MS, took / GRID_SHARE - took);
    }
    const snap: Snapshot = {
      type: 'snapshot', step: this.step, epoch: this.epoch, running: this.playing || this.stepsLeft > 0, epochs: this.pending,
      ...(g === undefined ? {} : { boundary: { grid: g.grid, confidence: g.confidence } }),
      ...(detail && g !== undefined ? { norms: norms(exp.model, this.step), neurons: g.neurons, histograms: histograms(exp.model, exp.train.ds.x, exp.train.ds.n, exp.dtype) } : {}),
      ...(status === undefined ? {} : { status }),
      ...(final === undefined ? {} : { final }),
    };
    this.pending = [];
    this.post(snap, g === undefined ? [] : [g.grid.buffer, g.confidence.buffer, ...g.neurons.map((n) => n.values.buffer)]);
  }
}

const GRID_ROWS = GRID * GRID;
