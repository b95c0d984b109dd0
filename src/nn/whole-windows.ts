// A config's windows must tile their inputs: a conv or pool whose stride does not step exactly from
// the first window to the last would leave the input's last rows and columns out (PyTorch and the
// ops floor the output size, so a model built in code or imported still can). Written by a person
// in a config, that is nearly always a mistake in the sizes, so it is refused there, naming the layer.
import { ConfigError } from '../errors.js';
import { type LayerConfig, sampleShapes } from './from-config.js';

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** The window of a conv or pool layer: kernel span, stride and total padding per axis; null for others. */
function windowOf(config: LayerConfig): { span: number; stride: number; pad: number } | null {
  const num = (k: string): number => config[k] as number;
  if (config.type === 'conv2d') {
    // 'same' needs stride 1, which always tiles.
    if (config['padding'] === 'same') return null;
    return { span: num('dilation') * (num('kernel') - 1) + 1, stride: num('stride'), pad: 2 * num('padding') };
  }
  if (config.type === 'maxPool2d' || config.type === 'avgPool2d') {
    return { span: num('size'), stride: num('stride'), pad: 2 * num('padding') };
  }
  return null;
}

/**
 * Checks that every conv and pool window of normalized `configs` steps exactly over its input.
 * @throws ConfigError at `model.<i>` with the window, the sample shape and a fix.
 * @example checkWholeWindows(normalizeLayers([{ type: 'maxPool2d', size: 2 }]), [1, 7, 7]); // throws at model.0
 */
export function checkWholeWindows(configs: readonly LayerConfig[], inputShape: readonly number[], path = 'model'): void {
  const shapes = sampleShapes(configs, inputShape, path);
  configs.forEach((config, i) => {
    const w = windowOf(config);
    const shape = shapes[i]!;
    if (w === null || shape.length !== 3) return;
    const steps = (size: number): number => (size + w.pad - w.span) / w.stride + 1;
    const [oh, ow] = [steps(shape[1]!), steps(shape[2]!)];
    if (Number.isInteger(oh) && Number.isInteger(ow)) return;
    throw new ConfigError(
      `${path}.${i}`,
      `a ${config.type} window of ${w.span}x${w.span} with stride ${w.stride} does not step evenly over its input: sample shape ${shapeText(shape)} ` +
        `would give ${+oh.toFixed(2)}x${+ow.toFixed(2)} outputs, leaving the last rows and columns out; change the padding, size or stride so that ` +
        `(size + 2 padding - window) is a multiple of the stride`,
    );
  });
}
