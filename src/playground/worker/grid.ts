// The figures computed over the model: the boundary and per-neuron maps over a GRID x GRID grid
// (one batched forward pass for all points), activation histograms on the training data, and the
// weight and gradient norms per parameter tensor.
import type { FrozenPreprocess } from '../../data/preprocess/frozen.js';
import { applyPreprocess } from '../../data/preprocess/apply-preprocess.js';
import { Linear } from '../../nn/layers/linear.js';
import { Maxout } from '../../nn/layers/maxout.js';
import type { Sequential } from '../../nn/layers/sequential.js';
import { tensor } from '../../tensor/create.js';
import type { DType } from '../../backend/backend.js';
import { layerOutputs, type LayerOutput } from '../../train/metrics/activations.js';
import { GRID, type Histogram, type NeuronMaps, type NormFigures } from '../protocol.js';

/** Units of a layer shown as neuron maps (the rest would be too small to read). */
const MAX_NEURONS = 32;
const BINS = 30;

/** The grid's points in raw coordinates, row-major from the top-left (y decreasing). */
export function gridPoints(extent: number): Float32Array {
  const x = new Float32Array(GRID * GRID * 2);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const i = r * GRID + c;
      x[2 * i] = -extent + (2 * extent * (c + 0.5)) / GRID;
      x[2 * i + 1] = extent - (2 * extent * (r + 0.5)) / GRID;
    }
  }
  return x;
}

/** The model's input for raw 2-D points: the experiment's fitted preprocessing applied. */
export function modelInput(raw: Float32Array, n: number, preprocess: FrozenPreprocess | null): Float32Array {
  return preprocess === null ? raw : applyPreprocess(preprocess, raw, n);
}

/** Outputs of the layers whose output feeds the next weighted layer: the hidden representations. */
export function hiddenOutputs(model: Sequential, outputs: readonly LayerOutput[]): LayerOutput[] {
  const hidden: LayerOutput[] = [];
  model.layers.forEach((_, i) => {
    const next = model.layers[i + 1];
    const weighted = (m: unknown) => m instanceof Linear || m instanceof Maxout;
    if (next !== undefined && weighted(next) && i > 0) hidden.push(outputs[i]!);
  });
  return hidden;
}

export interface GridFigures {
  readonly grid: Float32Array;
  readonly confidence: Float32Array;
  readonly neurons: NeuronMaps[];
}

/** Predicted class and its softmax probability per row of (rows, classes) logits. */
function classify(logits: Float32Array | Float64Array, rows: number, k: number): { grid: Float32Array; confidence: Float32Array } {
  const grid = new Float32Array(rows);
  const confidence = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (logits[i * k + j]! > max) { max = logits[i * k + j]!; best = j; }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(logits[i * k + j]! - max);
    grid[i] = best;
    confidence[i] = 1 / sum;
  }
  return { grid, confidence };
}

/**
 * One forward pass over every grid point: the boundary (class and confidence, or the regressed
 * value) and, with `neurons`, the first units of each hidden layer.
 */
export function gridFigures(model: Sequential, input: Float32Array, dtype: DType, classification: boolean, neurons: boolean): GridFigures {
  const rows = GRID * GRID;
  const d = input.length / rows;
  const outputs = layerOutputs(model, tensor(input, { shape: [rows, d], dtype }));
  const last = outputs.at(-1)!.output;
  const k = last.shape[1] ?? 1;
  const logits = last.data;
  const boundary = classification ? classify(logits, rows, k) : { grid: Float32Array.from(logits), confidence: new Float32Array(0) };
  const maps = !neurons ? [] : hiddenOutputs(model, outputs).map((o, h) => {
    const all = o.output.shape[1] ?? 1;
    const units = Math.min(all, MAX_NEURONS);
    const values = new Float32Array(units * rows);
    const data = o.output.data;
    for (let u = 0; u < units; u++) for (let i = 0; i < rows; i++) values[u * rows + i] = data[i * all + u]!;
    return { layer: `hidden ${h + 1}`, units, values };
  });
  return { ...boundary, neurons: maps };
}

/** Histograms of each hidden layer's outputs on `x` (the training inputs). */
export function histograms(model: Sequential, x: Float32Array, n: number, dtype: DType): Histogram[] {
  const d = x.length / n;
  const outputs = layerOutputs(model, tensor(x, { shape: [n, d], dtype }));
  return hiddenOutputs(model, outputs).map((o, h) => {
    const v = o.output.data;
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (let i = 0; i < v.length; i++) { lo = Math.min(lo, v[i]!); hi = Math.max(hi, v[i]!); sum += v[i]!; }
    const mean = sum / v.length;
    let sq = 0;
    for (let i = 0; i < v.length; i++) sq += (v[i]! - mean) ** 2;
    if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
    const counts = new Array<number>(BINS).fill(0);
    for (let i = 0; i < v.length; i++) counts[Math.min(BINS - 1, Math.floor(((v[i]! - lo) / (hi - lo)) * BINS))]!++;
    return { layer: `hidden ${h + 1}`, lo, hi, counts, mean, std: Math.sqrt(sq / v.length) };
  });
}

const l2 = (v: ArrayLike<number> | undefined): number => {
  if (v === undefined) return 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

/** The L2 norm of every weight tensor and of its last gradient (biases and batch-norm shifts left out). */
export function norms(model: Sequential, step: number): NormFigures {
  const weights: Record<string, number> = {};
  const grads: Record<string, number> = {};
  for (const [name, p] of model.namedParameters()) {
    if (p.role !== 'weight') continue;
    weights[name] = l2(p.data);
    grads[name] = l2(p.grad?.data);
  }
  return { step, weights, grads };
}
