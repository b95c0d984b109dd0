// Per-layer outputs of a sequential model on one batch: what the dead-unit, saturation and
// signal-propagation measures look at.
import { noGrad } from '../../context.js';
import type { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/layers/sequential.js';
import type { Tensor } from '../../tensor/tensor.js';

export interface LayerOutput {
  /** Dotted name of the layer, e.g. `layers.1`. */
  readonly name: string;
  readonly layer: Module;
  readonly output: Tensor;
}

/**
 * Runs `x` through each top-level layer of a Sequential model in eval mode (no dropout masks drawn,
 * no batch-norm statistics updated, no graph recorded) and returns every layer's output; for any
 * other model, just the model's output. The model's mode is restored afterwards.
 * @example layerOutputs(sequential(linear(2, 3), relu()), x).map((o) => o.name); //=> ['layers.0', 'layers.1']
 */
export function layerOutputs(model: Module, x: Tensor): LayerOutput[] {
  const wasTraining = model.training;
  model.eval();
  try {
    return outputsOf(model, x);
  } finally {
    model.train(wasTraining);
  }
}

function outputsOf(model: Module, x: Tensor): LayerOutput[] {
  return noGrad(() => {
    if (!(model instanceof Sequential)) return [{ name: 'output', layer: model, output: model.forward(x) }];
    const outputs: LayerOutput[] = [];
    let h = model.shapeInput(x);
    model.layers.forEach((layer, i) => {
      h = layer.forward(h);
      outputs.push({ name: `layers.${i}`, layer, output: h });
    });
    return outputs;
  });
}

/**
 * Fraction of units for which `isOff(value)` holds on every example of the batch: the columns of a
 * (batch, units) output, or the channels of an image output (batch, C, H, W), where a channel is one
 * unit (a filter) and must be off at every position of every example to count (the notes' dead unit,
 * per channel for a convolution).
 */
export function fractionOfUnits(output: Tensor, isOff: (v: number) => boolean): number {
  if (output.rank === 4) {
    const [n, c, h, w] = output.shape as [number, number, number, number];
    if (c === 0) return 0;
    const plane = h * w;
    let off = 0;
    for (let ch = 0; ch < c; ch++) {
      let always = true;
      for (let b = 0; b < n && always; b++) {
        const start = (b * c + ch) * plane;
        for (let k = 0; k < plane && always; k++) always = isOff(output.data[start + k]!);
      }
      if (always) off++;
    }
    return off / c;
  }
  const units = output.shape[output.rank - 1] ?? 1;
  const rows = units === 0 ? 0 : output.size / units;
  if (units === 0) return 0;
  let off = 0;
  for (let j = 0; j < units; j++) {
    let always = true;
    for (let i = 0; i < rows && always; i++) always = isOff(output.data[i * units + j]!);
    if (always) off++;
  }
  return off / units;
}
