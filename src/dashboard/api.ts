// The JSON the dashboard server sends and the page reads: one set of types shared by both sides
// (the page imports this file through the bundler). Types only, no runtime code, so the browser
// bundle pulls in nothing from Node.

/** A run's state as the list shows it. `interrupted`: no end event and the log stopped growing. */
export type RunStatus = 'running' | 'finished' | 'diverged' | 'stopped-early' | 'aborted' | 'stopped-by-warning' | 'interrupted';

/** One row of the runs list (`GET /api/runs`). */
export interface RunSummary {
  /** Stable id used in the URLs (`/api/runs/:id`). */
  readonly id: string;
  readonly name: string;
  /**
   * The run directory as the served folder's name and the path inside it (`runs/digits-1`; a run
   * directory given itself: its name). Never an absolute path of the server.
   */
  readonly dir: string;
  /** When the run started (its log's first start event, ISO 8601); null before that line is written. */
  readonly startedAt: string | null;
  readonly status: RunStatus;
  readonly bestValAccuracy: number | null;
  readonly epochs: number;
  /** Wall-clock seconds of training so far; a resumed run's parts added up. */
  readonly seconds: number;
  readonly iterations: number;
  /** Unreadable metrics.jsonl lines (the run still shows; the page warns). */
  readonly problems: readonly LogProblem[];
}

/** A metrics.jsonl line that could not be read. */
export interface LogProblem {
  readonly line: number;
  readonly reason: string;
}

/** Columns of numbers sharing one x column; `null` marks a missing value (a gap). */
export interface Series {
  readonly x: readonly number[];
  /** Named y columns, each as long as `x`. */
  readonly y: Readonly<Record<string, readonly (number | null)[]>>;
}

/** One doctor check as doctor.json stores it. */
export interface DoctorCheck {
  readonly name: string;
  readonly status: string;
  readonly value?: string;
  readonly expected?: string;
  readonly hint?: string;
}

/** Everything the runs view draws for one run (`GET /api/runs/:id?points=N`). */
export interface RunDetail {
  readonly summary: RunSummary;
  /** Loss per iteration, x = step, downsampled server-side (first/last/min/max per bucket). */
  readonly loss: Series;
  /** Iterations in the log before downsampling. */
  readonly lossPoints: number;
  /** Per epoch: x = epoch; y: trainAccuracy, valAccuracy, trainLoss, valLoss (downsampled by epoch). */
  readonly epochs: Series;
  /** Learning rate, x = step (downsampled like the loss). */
  readonly lr: Series;
  /** Update-to-weight ratio per parameter tensor, x = epoch (downsampled like `epochs`). */
  readonly updateRatios: Series;
  /** Dead-relu fraction per relu layer, x = epoch (downsampled like `epochs`). */
  readonly deadRelu: Series;
  /** The run's config.json (or the start event's config), as stored. */
  readonly config: unknown;
  /** doctor.json's checks, or null when there is no report. */
  readonly doctor: { readonly checks: readonly DoctorCheck[] } | null;
  /** Whether `GET /api/runs/:id/weights` has first-layer images for this run. */
  readonly hasWeights: boolean;
  /** The warnings the trainer logged while it watched the run, in order. */
  readonly warnings: readonly { readonly epoch: number; readonly kind: string; readonly message: string }[];
}

/** First-layer weights as images (`GET /api/runs/:id/weights`). */
export interface WeightsImages {
  readonly width: number;
  readonly height: number;
  /** One entry per hidden unit: width * height weights, row-major. */
  readonly units: readonly (readonly number[])[];
  /** The parameter the images come from, e.g. `layers.0.weight`. */
  readonly parameter: string;
  /** What each image is: a hidden unit's input weights, or a convolution filter (averaged over channels). */
  readonly kind: 'units' | 'filters';
}

/** One layer's output for one image as C maps of H x W values (`ActivationMaps.layers`). */
export interface ActivationLayer {
  /** `input` for the model's input, else the layer's place and type: `layers.0 conv2d`. */
  readonly name: string;
  /** The layer's index in the model (`layers.i`); null for the input. */
  readonly index: number | null;
  /** The layer type as the model file names it (`conv2d`, `relu`, `maxPool2d`, ...); `input` for the input. */
  readonly type: string;
  /** Channels the output has; `maps` holds the first of them (at most 32). */
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** One entry per channel sent: height * width values, row-major. */
  readonly maps: readonly (readonly number[])[];
}

/** A convnet's activation maps for one image of the run's data (`GET /api/runs/:id/activations?image=K`). */
export interface ActivationMaps {
  /** The image's row, 0-based. */
  readonly image: number;
  /** Rows in `split` (valid images are 0 .. images - 1). */
  readonly images: number;
  /** Where the image comes from: the run's test set, else its validation split, else its training data. */
  readonly split: 'test' | 'validation' | 'train';
  /** The image's class, or null for a regression model. */
  readonly label: number | null;
  /** The model's predicted class (as `descent predict` picks it), or null for a regression model. */
  readonly predicted: number | null;
  /** The class names, in class order, when the model has them. */
  readonly classNames: readonly string[] | null;
  /** The input, then every layer whose output is still an image, in order. */
  readonly layers: readonly ActivationLayer[];
}

/** The body of an API refusal that is JSON (`GET /api/runs/:id/activations`: 400 or 404). */
export interface ApiError {
  readonly error: string;
}

/** How a search dimension is drawn: log axes for log dimensions, categories as indices. */
export interface Dimension {
  readonly name: string;
  readonly kind: 'linear' | 'log' | 'categorical' | 'fixed';
  readonly choices?: readonly string[];
}

/** One trial as the table shows it. */
export interface TrialRow {
  readonly number: number;
  readonly state: 'running' | 'complete' | 'pruned' | 'failed';
  readonly value: number | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly durationMs: number | null;
  readonly error: string | null;
  /** The host of the process that ran (or runs) it; null for a trial told by hand (ask/tell). */
  readonly host: string | null;
  /** Set on a trial that re-runs a failed one: that trial's number. */
  readonly retryOf: number | null;
}

/** One study of a study file (`GET /api/studies`). */
export interface StudySummary {
  readonly id: string;
  /** The study file like RunSummary.dir: `runs/lr-search/study.db`, never an absolute path. */
  readonly file: string;
  readonly name: string;
  readonly direction: 'minimize' | 'maximize';
  readonly trials: number;
  readonly best: number | null;
}

/** A study with its trials (`GET /api/studies/:id`). */
export interface StudyDetail {
  readonly summary: StudySummary;
  readonly dimensions: readonly Dimension[];
  readonly trials: readonly TrialRow[];
}

/** What the server pushes on `GET /api/events` (server-sent events, `data:` is this JSON). */
export type DashboardEvent =
  | { readonly type: 'run'; readonly id: string }
  | { readonly type: 'runs' }
  | { readonly type: 'study'; readonly id: string };
