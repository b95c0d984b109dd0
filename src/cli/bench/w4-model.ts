// W4's model and cost, apart from its runner (w4.ts), which reads files through w1.ts: this module
// imports nothing, so a browser page can build the same convnet (bench/browser/descent-page.ts).

/**
 * FLOPs per sample per training step as the PyTorch peer counts them: the convolutions' and linear
 * layers' forward products, times 3 (forward, input gradient, weight gradient).
 */
export const W4_FLOPS_PER_SAMPLE = 3 * 2 * (32 * 9 * 28 * 28 + 64 * 32 * 9 * 14 * 14 + 3136 * 128 + 128 * 10);

/** The sample shape W4 takes: one channel of 28 x 28 pixels. */
export const W4_INPUT_SHAPE: readonly number[] = [1, 28, 28];

/** conv 3x3 32 pad 1, relu, max-pool 2; conv 3x3 64 pad 1, relu, max-pool 2; flatten; linear 128, relu; linear 10. */
export const W4_LAYERS: readonly unknown[] = [
  { type: 'conv2d', filters: 32, kernel: 3, padding: 1 }, 'relu', { type: 'maxPool2d', size: 2 },
  { type: 'conv2d', filters: 64, kernel: 3, padding: 1 }, 'relu', { type: 'maxPool2d', size: 2 },
  'flatten', { type: 'linear', units: 128 }, 'relu', { type: 'linear', units: 10 },
];
