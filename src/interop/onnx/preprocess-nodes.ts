// The frozen preprocessing saved with a model as ONNX nodes, so that an exported model takes the raw
// rows `descent predict` takes: the input scale, then each step, all affine: (x - shift) * scale, or a
// projection (x - mean) W^T onto principal directions (see data/preprocess/apply-step.ts).
import type { FrozenPreprocess, FrozenStep } from '../../data/preprocess/frozen.js';
import { stepDims } from '../../data/preprocess/frozen.js';
import type { GraphBuilder } from './graph-builder.js';

/** (x - mean) W^T for the first k rows of the row-major components (k x d): MatMul with W^T (d x k). */
function project(g: GraphBuilder, x: string, at: string, mean: readonly number[], components: readonly number[], k: number): string {
  const d = mean.length;
  const wt = new Float64Array(d * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < d; c++) wt[c * k + r] = components[r * d + c]!;
  const centered = g.node('Sub', [x, g.constant(`${at}.mean`, [d], mean)], at);
  return g.node('MatMul', [centered, g.constant(`${at}.components`, [d, k], wt)], at);
}

function affine(g: GraphBuilder, x: string, at: string, shift: readonly number[], scale: readonly number[]): string {
  const centered = g.node('Sub', [x, g.constant(`${at}.shift`, [shift.length], shift)], at);
  return g.node('Mul', [centered, g.constant(`${at}.scale`, [scale.length], scale)], at);
}

function stepNodes(g: GraphBuilder, x: string, step: FrozenStep, index: number): string {
  const at = `preprocess.${index}.${step.type}`;
  const [d] = stepDims(step);
  switch (step.type) {
    case 'center':
      return g.node('Sub', [x, g.constant(`${at}.mean`, [d], step.mean)], at);
    case 'standardize':
      return affine(g, x, at, step.mean, step.std.map((s) => 1 / s));
    case 'minmax': {
      const mid = step.min.map((lo, j) => (lo + step.max[j]!) / 2);
      const scale = step.min.map((lo, j) => (step.max[j]! - lo > 0 ? 2 / (step.max[j]! - lo) : 1));
      return affine(g, x, at, mid, scale);
    }
    case 'pca':
      return project(g, x, at, step.mean, step.components, step.explainedVariance.length);
    case 'whiten': {
      const z = step.rotation === null ? x : project(g, x, at, step.rotation.mean, step.rotation.components, d);
      const scale = step.variance.map((v) => 1 / Math.sqrt(v + step.eps));
      return g.node('Mul', [z, g.constant(`${at}.scale`, [d], scale)], at);
    }
  }
}

/** Appends the input scale (when given) and every preprocessing step; returns the output value. */
export function preprocessNodes(g: GraphBuilder, x: string, preprocess: FrozenPreprocess | null, inputScale: number | undefined): string {
  let h = inputScale === undefined ? x : g.node('Mul', [x, g.scalar('inputScale', inputScale)], 'preprocess');
  (preprocess?.steps ?? []).forEach((step, i) => {
    h = stepNodes(g, h, step, i);
  });
  return h;
}
