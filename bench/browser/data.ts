// The pages' training set, W1's and W4's alike (W4's model reads each 784-pixel row as a 1x28x28
// image): Fashion-MNIST's training images when the driver serves them (parsed
// with descent's own browser IDX reader), else synthetic data of the same shape. Both pages use this,
// so descent and TF.js train on the same rows in the same order.
import { batchIndices } from '../../src/data/batch-indices.js';
import type { Dataset } from '../../src/data/dataset.js';
import { idxDataset, parseIdx } from '../../src/data/idx.js';
import { Rng } from '../../src/tensor/rng.js';

/** n x 784 float32 pixels in [0, 1] and n class labels 0..9. */
export interface W1Data {
  readonly ds: Dataset;
  readonly labels: Int32Array;
  readonly source: 'fashion-mnist' | 'synthetic';
}

export const D = 784;
export const CLASSES = 10;
export const BATCH = 128;
export const TRAIN_ROWS = 60_000;

/** The driver's answer to /config.json. */
export interface PageConfig {
  /** Paths of the IDX files on this server, or null for synthetic data. */
  readonly images: string | null;
  readonly labels: string | null;
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  // The Debian package ships the files gzip-compressed; the browser's own stream inflates them.
  const body = path.endsWith('.gz') ? response.body!.pipeThrough(new DecompressionStream('gzip')) : response.body!;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * Synthetic stand-in of the same shape: uniform pixels, the label the top of ten fixed random linear
 * scores (learnable, as in src/cli/bench/w1.ts).
 */
function synthetic(n: number): W1Data {
  const rng = new Rng(7);
  const weight = new Float64Array(D);
  const group = new Int32Array(D);
  for (let j = 0; j < D; j++) {
    weight[j] = rng.normal();
    group[j] = rng.int(CLASSES);
  }
  const x = new Float32Array(n * D);
  const labels = new Int32Array(n);
  const scores = new Float64Array(CLASSES);
  for (let r = 0; r < n; r++) {
    scores.fill(0);
    for (let j = 0; j < D; j++) {
      const v = rng.uniform();
      x[r * D + j] = v;
      scores[group[j]!]! += (v - 0.5) * weight[j]!;
    }
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (scores[c]! > scores[best]!) best = c;
    labels[r] = best;
  }
  const ds: Dataset = { x, n, d: D, y: Float32Array.from(labels), yDim: 1, classes: CLASSES, source: 'synthetic' };
  return { ds, labels, source: 'synthetic' };
}

/** Loads what /config.json names. */
export async function loadW1Data(): Promise<W1Data> {
  const config = (await (await fetch('/config.json')).json()) as PageConfig;
  if (config.images === null || config.labels === null) return synthetic(TRAIN_ROWS);
  const [images, labels] = await Promise.all([fetchBytes(config.images), fetchBytes(config.labels)]);
  const ds = idxDataset(
    parseIdx(images, config.images, config.images.endsWith('.gz')),
    parseIdx(labels, config.labels, config.labels.endsWith('.gz')),
    { images: config.images, labels: config.labels },
    { classes: CLASSES, scale: true },
  );
  return { ds, labels: Int32Array.from(ds.y), source: 'fashion-mnist' };
}

/** The page's query: which workload and run, how many threads and timed steps. */
export interface RunRequest {
  /** 'w1' (the MLP) or 'w4' (the convnet); both train on the same 784-pixel rows. */
  readonly workload: string;
  /** 'wasm' or 'cpu' on descent's page; TF.js's page always runs its wasm backend. */
  readonly backend: string;
  readonly threads: number;
  readonly steps: number;
  readonly warmup: number;
  /** Stop the timed steps early once they have taken this many seconds (at least 10 steps run). */
  readonly budgetSeconds: number;
}

export function runRequest(): RunRequest {
  const q = new URLSearchParams(location.search);
  return {
    workload: q.get('workload') ?? 'w1',
    backend: q.get('backend') ?? 'wasm', threads: Number(q.get('threads') ?? 1), steps: Number(q.get('steps') ?? 200),
    warmup: Number(q.get('warmup') ?? 20), budgetSeconds: Number(q.get('budget') ?? 30),
  };
}

/**
 * Runs `step(s)` for the warm-up steps untimed, then times up to `request.steps` steps (fewer when the
 * budget runs out first); `finish` waits for any queued work and returns the last loss.
 */
export function timeSteps(request: RunRequest, step: (s: number) => void, finish: () => number): { steps: number; seconds: number; lastLoss: number } {
  for (let s = 0; s < request.warmup; s++) step(s);
  finish();
  const start = performance.now();
  let steps = 0;
  while (steps < request.steps && (steps < 10 || performance.now() - start < request.budgetSeconds * 1000)) {
    step(request.warmup + steps);
    steps++;
  }
  const lastLoss = finish();
  return { steps, seconds: (performance.now() - start) / 1000, lastLoss };
}

/** What a page reports to the driver. */
export interface RunResult {
  readonly library: string;
  readonly threads: number;
  readonly data: W1Data['source'];
  /** The backend's own name, e.g. 'wasm-relaxed' or TF.js's 'wasm'. */
  readonly backend: string;
  readonly steps: number;
  readonly secondsPerStep: number;
  readonly lastLoss: number;
  readonly isolated: boolean;
  /** What the library says it runs on, when it chooses by itself (TF.js's wasm build). */
  readonly detail?: string;
  /** Set instead of the figures when the configuration cannot run here (e.g. threads unavailable). */
  readonly unavailable?: string;
  /** Set instead of the figures when the library builds the model but its training step throws. */
  readonly cannotTrain?: string;
}

/** Shuffled batches of one epoch, the same for both libraries: descent's own batchIndices, fixed seed. */
export function batchOrder(n: number, seed: number): Int32Array[] {
  return batchIndices(n, BATCH, new Rng(seed));
}
