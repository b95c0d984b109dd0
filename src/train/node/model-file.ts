// Model files on disk: saveModel writes serializeModel's text atomically, loadModel reads and fully
// checks it. Errors name the file.
import { inputBudget } from '../../data/read-budget.js';
import { readRegularFile } from '../../data/node/read-data-file.js';
import { deserializeModel, type LoadedModel, type ModelRecord, serializeModel } from '../../nn/serialize.js';
import type { JsonObject } from '../../nn/canonical-json.js';
import type { Module } from '../../nn/module.js';
import { atomicWriteFile } from './atomic-write.js';

/** The longest model file: what V8 can hold as one string (2^29 - 24 characters). */
const MAX_STRING_BYTES = 2 ** 29 - 24;

/**
 * Saves a trained model (architecture, dtype, values, extras such as preprocessing) to one JSON file,
 * atomically (a reader sees the old file or the complete new one, never a partial write).
 * `model` is a record or the model itself (its layers describe themselves), with `extras` beside it.
 * @throws ConfigError for an invalid record, or a layer that cannot describe itself; DataError
 * naming the file when it cannot be written.
 * @example
 * saveModel('model.json', sequential(linear(4, 16), relu(), linear(16, 3)), { classes: 3 });
 * saveModel('model.json', { config: layers, inputSize: 2, state: model.stateDict(), extras: { preprocess } });
 */
export function saveModel(path: string, model: ModelRecord | Module, extras?: JsonObject): void {
  atomicWriteFile(path, serializeModel(model, extras));
}

/**
 * Loads a model file written by saveModel: the rebuilt model in eval mode, with its config, dtype and
 * extras. The outputs are bitwise identical to those of the model that was saved.
 * @throws DataError naming the file and what is wrong (unreadable, bad JSON at an offset, missing
 * field, wrong number of values, checksum mismatch, a NaN or infinite weight with its tensor and index).
 * @example
 * const { model, extras } = loadModel('model.json');
 */
export function loadModel(path: string): LoadedModel {
  const text = readRegularFile(path, Math.min(inputBudget(), MAX_STRING_BYTES), ' the model file').toString('utf8');
  return deserializeModel(text, { file: path });
}
