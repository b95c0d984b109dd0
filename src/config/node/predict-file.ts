// Predicting from files: a model file and a CSV or IDX input, read and checked, then ../predict.ts.
import { ConfigError } from '../../errors.js';
import { loadModel } from '../../train/node/model-file.js';
import { modelTask, predictRows, type PredictResult } from '../predict.js';
import { type PredictInputOptions, readPredictInput } from './predict-input.js';

/**
 * Loads a model file written by `descent train` (or saveModel with the same extras) and predicts
 * every row of a CSV or IDX file; scores the predictions when the file has targets.
 * @param modelFile model.json from a run directory.
 * @param inputFile a CSV file with a header row, or IDX images.
 * @param options the CSV label column, the IDX labels file, IDX scaling.
 * @throws DataError for unreadable files and a model/data size mismatch (naming both files and sizes).
 * @example
 * const r = predictFile('runs/spiral/model.json', 'spiral.csv');
 * r.predictions.slice(0, 3); //=> [0, 0, 1]
 * r.accuracy; //=> 0.98
 */
export function predictFile(modelFile: string, inputFile: string, options: PredictInputOptions = {}): PredictResult {
  const loaded = loadModel(modelFile);
  if (options.scale === true && loaded.extras['inputScale'] !== undefined) {
    throw new ConfigError('scale', `the model ${modelFile} already scales its input (extras.inputScale); drop --scale`);
  }
  // A model trained on names reads the input's labels as those names, each to its training index.
  const { classNames } = modelTask(loaded.extras, modelFile);
  const read = classNames === undefined ? options : { ...options, classNames };
  return predictRows(loaded, readPredictInput(inputFile, read), modelFile, inputFile);
}
