// The standard workload W4: a small convnet on Fashion-MNIST's 1x28x28 images, the layers, optimizer
// and batch of ../shared/peers/torch_cnn.py, run by the same loop as W1 (runWorkload).
import { runWorkload, type W1Options, type W1Result } from './w1.js';

/**
 * FLOPs per sample per training step as the PyTorch peer counts them: the convolutions' and linear
 * layers' forward products, times 3 (forward, input gradient, weight gradient).
 */
export const W4_FLOPS_PER_SAMPLE = 3 * 2 * (32 * 9 * 28 * 28 + 64 * 32 * 9 * 14 * 14 + 3136 * 128 + 128 * 10);

/** conv 3x3 32 pad 1, relu, max-pool 2; conv 3x3 64 pad 1, relu, max-pool 2; flatten; linear 128, relu; linear 10. */
export const W4_LAYERS: readonly unknown[] = [
  { type: 'conv2d', filters: 32, kernel: 3, padding: 1 }, 'relu', { type: 'maxPool2d', size: 2 },
  { type: 'conv2d', filters: 64, kernel: 3, padding: 1 }, 'relu', { type: 'maxPool2d', size: 2 },
  'flatten', { type: 'linear', units: 128 }, 'relu', { type: 'linear', units: 10 },
];

/** Runs W4 as runW1 runs W1: softmax cross-entropy, Adam 1e-3, batch 128, float32. */
export function runW4(options: W1Options): W1Result {
  return runWorkload({ layers: W4_LAYERS, inputShape: [1, 28, 28], flopsPerSample: W4_FLOPS_PER_SAMPLE }, options);
}
