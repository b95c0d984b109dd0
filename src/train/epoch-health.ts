// The health figures recorded at each epoch end: update-to-weight ratio per parameter tensor (from
// the optimizer's last step) and the dead-relu fraction per relu layer (on up to 512 rows).
import type { DType } from '../backend/backend.js';
import type { Module } from '../nn/module.js';
import type { ParameterOptimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';
import { batchOf, sequentialBatches, type TrainingData } from './batch.js';
import { deadReluFractions } from './metrics/dead-relu.js';

export function epochHealth(
  model: Module,
  params: readonly (readonly [string, Tensor])[],
  optimizer: ParameterOptimizer,
  data: TrainingData,
  dtype: DType,
): { updateRatios: Record<string, number>; deadRelu: Record<string, number> } {
  const updates = optimizer.lastUpdateNorms();
  const weights = optimizer.lastParamNorms();
  const updateRatios: Record<string, number> = {};
  params.forEach(([name], i) => {
    const w = weights[i] ?? 0;
    const u = updates[i] ?? 0;
    updateRatios[name] = w === 0 ? (u === 0 ? 0 : Infinity) : u / w;
  });
  const first = sequentialBatches(data.ds.n, 512).next();
  const deadRelu = first.done === true ? {} : deadReluFractions(model, batchOf(data, first.value, dtype).x);
  return { updateRatios, deadRelu };
}
