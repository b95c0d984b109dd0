// What `descent predict` does, as one library call: load a model file written by `descent train`,
// read the input rows, apply the frozen preprocessing saved with the model, run the model in eval
// mode without recording the graph, and score the predictions when the input has targets.
import type { DType } from '../backend/backend.js';
import { noGrad } from '../context.js';
import { classLabels } from '../data/class-labels.js';
import { applyPreprocess } from '../data/preprocess/apply-preprocess.js';
import { type FrozenPreprocess, parseFrozenPreprocess } from '../data/preprocess/frozen.js';
import { DataError } from '../errors.js';
import { LOSS_NAMES, type LossName } from '../losses/loss-by-name.js';
import type { JsonObject } from '../nn/canonical-json.js';
import type { Module } from '../nn/module.js';
import type { LoadedModel } from '../nn/serialize.js';
import { allocBuf, Tensor } from '../tensor/tensor.js';

/** Rows of features, and targets when the input has them (`y` null otherwise). */
export interface PredictInput {
  readonly format: 'csv' | 'idx';
  readonly x: Float32Array;
  readonly n: number;
  readonly d: number;
  readonly y: Float32Array | null;
  readonly yDim: number;
  /** The label column or labels file, when targets were read. */
  readonly targetSource?: string;
  /** What the reader found odd but read anyway (a header row that looks like data), each naming the file and line. */
  readonly warnings?: readonly string[];
}

/** What the model file says about its task, from its `extras`. */
export interface ModelTask {
  readonly loss?: LossName;
  readonly kind: 'classification' | 'regression';
  readonly classes?: number;
  /** The class names, in class order, when the training labels were names. */
  readonly classNames?: readonly string[];
  readonly preprocess: FrozenPreprocess | null;
  /** Factor the raw features were multiplied by when read for training (a scaled image source). */
  readonly inputScale?: number;
}

/** Predictions for every input row, scored when the input had targets. */
export interface PredictResult {
  readonly kind: 'classification' | 'regression';
  /** Class indices (classification), values (one output), or one array of values per row. */
  readonly predictions: number[] | number[][];
  /** The model's class names, in class order (a prediction p names classNames[p]), when it has them. */
  readonly classNames?: readonly string[];
  readonly n: number;
  /** Fraction of rows whose predicted class is the target (classification with targets). */
  readonly accuracy?: number;
  readonly correct?: number;
  /** Mean over rows and outputs of the squared error (regression with targets). */
  readonly mse?: number;
  /** The input reader's warnings (a first line that looks like data, not column names). */
  readonly warnings?: readonly string[];
}

/**
 * Reads the task of a model from its extras (loss, classes, preprocessing, inputScale), checking
 * each field.
 * A file without a loss counts as classification when it names its classes.
 * @throws DataError naming the file and the bad field.
 * @example
 * modelTask({ loss: 'softmaxCrossEntropy', classes: 3 }, 'model.json').kind; //=> 'classification'
 */
export function modelTask(extras: JsonObject, file?: string): ModelTask {
  const at = (location: string) => (file === undefined ? { location } : { file, location });
  const { loss, classes, classNames, preprocess, inputScale } = extras;
  if (loss !== undefined && !(typeof loss === 'string' && (LOSS_NAMES as readonly string[]).includes(loss))) {
    throw new DataError(`unknown loss ${JSON.stringify(loss)} (expected one of ${LOSS_NAMES.join(', ')})`, at('extras.loss'));
  }
  if (classes !== undefined && !(typeof classes === 'number' && Number.isInteger(classes) && classes >= 1)) {
    throw new DataError(`classes must be an integer >= 1, got ${JSON.stringify(classes)}`, at('extras.classes'));
  }
  const names = classNames === undefined ? undefined : checkedClassNames(classNames, classes, at('extras.classNames'));
  if (inputScale !== undefined && !(typeof inputScale === 'number' && Number.isFinite(inputScale) && inputScale > 0)) {
    throw new DataError(`inputScale must be a number > 0, got ${JSON.stringify(inputScale)}`, at('extras.inputScale'));
  }
  const regression = loss === 'mse' || loss === 'l1' || loss === 'huber' || (loss === undefined && classes === undefined);
  return {
    kind: regression ? 'regression' : 'classification',
    preprocess: preprocess === undefined ? null : parseFrozenPreprocess(preprocess, file),
    ...(loss === undefined ? {} : { loss: loss as LossName }),
    ...(classes === undefined ? {} : { classes }),
    ...(names === undefined ? {} : { classNames: names }),
    ...(inputScale === undefined ? {} : { inputScale }),
  };
}

/** A model file's class names: distinct non-empty strings, one per class. */
function checkedClassNames(value: unknown, classes: unknown, where: { file?: string; location: string }): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v): v is string => typeof v === 'string' && v !== '')) {
    throw new DataError(`classNames must be a list of non-empty names, got ${JSON.stringify(value)}`, where);
  }
  if (new Set(value).size !== value.length) throw new DataError('classNames lists a name twice', where);
  if (classes !== undefined && classes !== value.length) {
    throw new DataError(`${value.length} class names for ${JSON.stringify(classes)} classes (extras.classes)`, where);
  }
  return value;
}

/** Runs `model` over n rows of d features in batches (eval mode, no graph); returns (n, k) outputs. */
export function forwardRows(model: Module, x: Float32Array, n: number, d: number, dtype: DType, batchSize = 1024) {
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let out = new Float64Array(0);
      let k = 0;
      for (let start = 0; start < n; start += batchSize) {
        const rows = Math.min(batchSize, n - start);
        const buf = allocBuf(dtype, rows * d);
        buf.set(x.subarray(start * d, (start + rows) * d));
        const y = model.forward(new Tensor(buf, [rows, d]));
        if (start === 0) {
          k = y.shape[1] ?? 1;
          out = new Float64Array(n * k);
        }
        out.set(y.data, start * k);
      }
      return { values: out, k };
    });
  } finally {
    model.train(wasTraining);
  }
}

/** The highest-scoring column of each row (ties go to the lower index); one column: logit > 0. */
function classesOf(values: Float64Array, n: number, k: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    if (k === 1) best = values[i]! > 0 ? 1 : 0;
    else for (let j = 1; j < k; j++) if (values[i * k + j]! > values[i * k + best]!) best = j;
    out[i] = best;
  }
  return out;
}

function score(task: ModelTask, input: PredictInput, values: Float64Array, k: number, preds: number[] | number[][], file: string) {
  const { y, n } = input;
  if (y === null) return {};
  if (task.kind === 'classification') {
    const ds = { x: input.x, n, d: input.d, y, yDim: input.yDim, source: file };
    const labels = classLabels(ds, task.classes ?? Math.max(k, 2), `targets (${input.targetSource ?? 'labels'})`);
    let correct = 0;
    for (let i = 0; i < n; i++) if (preds[i] === labels[i]) correct++;
    return { accuracy: correct / n, correct };
  }
  if (input.yDim !== k) {
    throw new DataError(`the targets have ${input.yDim} columns per row but the model predicts ${k} values`, { file });
  }
  let sum = 0;
  for (let i = 0; i < n * k; i++) sum += (values[i]! - y[i]!) ** 2;
  return { mse: sum / (n * k) };
}

/**
 * Predicts with a loaded model on rows already in memory. `modelFile` and `inputFile` only name
 * things in messages.
 * @throws DataError naming both files and both sizes when the input's feature count is not the
 *   model's input size.
 * @example
 * predictRows(loadModel('model.json'), readPredictInput('test.csv'), 'model.json', 'test.csv').accuracy; //=> 0.97
 */
export function predictRows(loaded: LoadedModel, input: PredictInput, modelFile: string, inputFile: string): PredictResult {
  const task = modelTask(loaded.extras, modelFile);
  const expected = task.preprocess?.inputDim ?? loaded.inputSize;
  if (input.d !== expected) {
    throw new DataError(
      `${input.d} features per row, but the model ${modelFile} expects ${expected}: ` +
        'was the model trained on a different dataset or architecture?',
      { file: inputFile },
    );
  }
  if (task.preprocess !== null && task.preprocess.outputDim !== loaded.inputSize) {
    throw new DataError(
      `its preprocessing outputs ${task.preprocess.outputDim} features but its model takes ${loaded.inputSize}`,
      { file: modelFile, location: 'extras.preprocess' },
    );
  }
  const raw = task.inputScale === undefined ? input.x : input.x.map((v) => v * task.inputScale!);
  const x = task.preprocess === null ? raw : applyPreprocess(task.preprocess, raw, input.n);
  const { values, k } = forwardRows(loaded.model, x, input.n, loaded.inputSize, loaded.dtype);
  const predictions =
    task.kind === 'classification'
      ? classesOf(values, input.n, k)
      : k === 1
        ? Array.from(values)
        : Array.from({ length: input.n }, (_, i) => Array.from(values.subarray(i * k, (i + 1) * k)));
  const named = task.kind === 'classification' && task.classNames !== undefined ? { classNames: task.classNames } : {};
  const warned = input.warnings === undefined || input.warnings.length === 0 ? {} : { warnings: input.warnings };
  return { kind: task.kind, predictions, n: input.n, ...named, ...warned, ...score(task, input, values, k, predictions, inputFile) };
}
