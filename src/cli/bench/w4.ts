// The standard workload W4: a small convnet on Fashion-MNIST's 1x28x28 images, the layers, optimizer
// and batch of ../shared/peers/torch_cnn.py, run by the same loop as W1 (runWorkload).
import { runWorkload, type W1Options, type W1Result } from './w1.js';
import { W4_FLOPS_PER_SAMPLE, W4_INPUT_SHAPE, W4_LAYERS } from './w4-model.js';

export { W4_FLOPS_PER_SAMPLE, W4_INPUT_SHAPE, W4_LAYERS };

/** Runs W4 as runW1 runs W1: softmax cross-entropy, Adam 1e-3, batch 128, float32. */
export function runW4(options: W1Options): W1Result {
  return runWorkload({ layers: W4_LAYERS, inputShape: W4_INPUT_SHAPE, flopsPerSample: W4_FLOPS_PER_SAMPLE }, options);
}
