// Starting a training run from a saved model's weights (fine-tuning an imported or earlier model):
// the config's layers must be the saved model's, layer for layer, since the weights are copied by
// name and shape. How the weights were first drawn (`init`) does not matter, so it is not compared.
import { ConfigError } from '../errors.js';
import { type LayerConfig, normalizeLayers } from '../nn/from-config.js';
import type { LoadedModel } from '../nn/serialize.js';
import type { Experiment } from './build.js';

const describe = (c: LayerConfig): string => {
  const { type, init: _init, ...options } = c;
  const shown = Object.entries(options).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return shown === '' ? type : `${type} (${shown})`;
};

/**
 * Copies `saved`'s weights into the experiment's freshly built model.
 * @param file the saved model's path, for messages.
 * @throws ConfigError at `model` or `model.<i>` when the layers, their options or the input size differ.
 * @example initFrom(exp, loadModel('imported.json'), 'imported.json');
 */
export function initFrom(exp: Experiment, saved: LoadedModel, file: string): void {
  const ours = normalizeLayers(exp.config.model);
  if (saved.inputSize !== exp.inputSize) {
    throw new ConfigError('model', `the data has ${exp.inputSize} features per example, but ${file} takes ${saved.inputSize} inputs`);
  }
  for (let i = 0; i < Math.max(ours.length, saved.config.length); i++) {
    const a = ours[i];
    const b = saved.config[i];
    const same = a !== undefined && b !== undefined && describe(a) === describe(b);
    if (!same) {
      throw new ConfigError(`model.${i}`, `${a === undefined ? 'no layer' : describe(a)} in the config, but ${b === undefined ? 'no layer' : describe(b)} in ${file}: --init-from needs the same layers`);
    }
  }
  exp.model.loadStateDict(saved.state);
}
