// W4's convnet in TensorFlow.js's Layers API, channels last (TF.js's wasm convolutions take NHWC only;
// with one channel a 784-pixel row is already a 28x28x1 image): conv 3x3 32 same, relu, max-pool 2,
// conv 3x3 64 same, relu, max-pool 2, flatten, dense 128 relu, dense 10. Glorot-uniform kernels and
// zero biases, the Layers API's defaults. Used by tfjs-page.ts.
import * as tf from '@tensorflow/tfjs';
import { CLASSES } from './data.js';

/** The convnet's training loss: softmax cross-entropy averaged over the batch of rows given. */
export function convnetLoss(): (input: tf.Tensor2D, target: tf.Tensor2D) => tf.Scalar {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: CLASSES }),
    ],
  });
  return (input, target) => {
    const images = input.reshape([input.shape[0], 28, 28, 1]);
    const logits = model.apply(images, { training: true }) as tf.Tensor2D;
    return tf.losses.softmaxCrossEntropy(target, logits) as tf.Scalar;
  };
}
