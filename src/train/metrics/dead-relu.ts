// The fraction of "dead" relu units (the notes: relus can die; monitor the fraction): units whose
// output is zero for every example of a batch.
import type { Module } from '../../nn/module.js';
import { ReLU } from '../../nn/layers/relu.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fractionOfUnits, layerOutputs } from './activations.js';

/**
 * Dead-unit fraction per relu layer of a sequential model, by layer name.
 * @example deadReluFractions(model, x); //=> { 'layers.1': 0.03 }
 */
export function deadReluFractions(model: Module, x: Tensor): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { name, layer, output } of layerOutputs(model, x)) {
    if (layer instanceof ReLU) out[name] = fractionOfUnits(output, (v) => v <= 0);
  }
  return out;
}
