// The messages between the page and its training Worker. The page sends commands; the worker
// answers with snapshots (the latest figures, the boundary grid) at most every ~16 ms.
import type { CheckResult } from '../doctor/check-result.js';
import type { EpochEvent } from '../train/run-log.js';

/** The grid the boundary and neuron maps are computed on: GRID x GRID points over [-EXTENT, EXTENT]². */
export const GRID = 64;

export type BackendName = 'cpu' | 'wasm';

export type ToWorker =
  /** Builds a config; `weights` (a model file's text) replaces the initial weights. */
  | { readonly type: 'init'; readonly config: unknown; readonly backend: BackendName; readonly weights?: string }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'gradcheck' }
  | { readonly type: 'doctor' }
  | { readonly type: 'exportModel' }
  | { readonly type: 'loadModel'; readonly text: string; readonly name: string };

/** The data as drawn: raw 2-D coordinates with labels (or targets). */
export interface PointsView {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
}

/** One epoch's figures, as the library's fit records them (the fields of its epoch event the page draws). */
export type EpochFigures = Pick<EpochEvent, 'epoch' | 'step' | 'trainLoss' | 'trainAccuracy' | 'valLoss' | 'valAccuracy' | 'updateRatios' | 'deadRelu'>;

/** Per parameter tensor L2 norms of the weights and of their last gradients. */
export interface NormFigures {
  readonly step: number;
  readonly weights: Readonly<Record<string, number>>;
  readonly grads: Readonly<Record<string, number>>;
}

/** One hidden layer's units over the grid (a small heatmap each), for the first `units` units. */
export interface NeuronMaps {
  readonly layer: string;
  readonly units: number;
  /** units x GRID x GRID, row-major per unit. */
  readonly values: Float32Array;
}

/** A histogram of one layer's outputs on the training data. */
export interface Histogram {
  readonly layer: string;
  readonly lo: number;
  readonly hi: number;
  readonly counts: readonly number[];
  readonly mean: number;
  readonly std: number;
}

/** The model over the grid. */
export interface Boundary {
  /** GRID x GRID: the predicted class per point (classification) or the value (regression). */
  readonly grid: Float32Array;
  /** GRID x GRID confidence (max softmax probability), empty for regression. */
  readonly confidence: Float32Array;
}

export interface Snapshot {
  readonly type: 'snapshot';
  readonly step: number;
  readonly epoch: number;
  readonly running: boolean;
  /** Epochs finished since the last snapshot. */
  readonly epochs: readonly EpochFigures[];
  readonly norms?: NormFigures;
  /** The boundary, when recomputed for this snapshot (it is sent less often when it is slow to compute). */
  readonly boundary?: Boundary;
  readonly neurons?: readonly NeuronMaps[];
  readonly histograms?: readonly Histogram[];
  /** Why training stopped, when it did. */
  readonly status?: string;
  /** When training ended: the final weights evaluated on the whole training and validation sets, as `descent train` reports them. */
  readonly final?: FinalFigures;
}

export interface FinalFigures {
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
}

/** What the worker tells the page when a config is built. */
export interface Ready {
  readonly type: 'ready';
  readonly train: PointsView;
  readonly validation?: PointsView;
  /** The training inputs after preprocessing (first two columns), when there is preprocessing. */
  readonly preprocessed?: Float32Array;
  readonly classes: number;
  /** The box drawn: [-extent, extent]² holds every point. */
  readonly extent: number;
  readonly backend: BackendName;
  readonly backendNote?: string;
}

/** One parameter tensor of a gradient check. */
export interface GradcheckRow {
  readonly tensor: string;
  readonly verdict: 'fine' | 'kink' | 'fail' | 'inconclusive';
  readonly maxRelativeError: number;
  readonly kinks: number;
  readonly checked: number;
}

export type FromWorker =
  | Ready
  | Snapshot
  | { readonly type: 'error'; readonly message: string }
  /** One of the trainer's warnings (fit's watch): the figure, its value, the notes' expectation and what to try. */
  | { readonly type: 'warning'; readonly message: string; readonly epoch: number }
  | { readonly type: 'gradcheck'; readonly rows: readonly GradcheckRow[]; readonly sentence: string }
  | { readonly type: 'doctor'; readonly checks: readonly CheckResult[]; readonly sentence: string }
  | { readonly type: 'model'; readonly text: string }
  /** A model file read: its layer list, to become the config's model, and its text, for the weights. */
  | { readonly type: 'loaded'; readonly message: string; readonly layers: readonly unknown[]; readonly text: string };
