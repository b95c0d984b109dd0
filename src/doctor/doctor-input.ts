// What the doctor works on: already-built pieces of an experiment (the config layer builds them).
// The model comes as a factory so that every check starts from the same initial weights, and so a
// test can hand in any Module (e.g. one with a deliberately wrong backward).
import type { DType } from '../backend/backend.js';
import type { NamedLoss } from '../losses/loss-by-name.js';
import { Dropout } from '../nn/layers/dropout.js';
import type { Module } from '../nn/module.js';
import type { RegularizationOptions } from '../nn/regularizers.js';
import type { ParameterOptimizer } from '../optim/optimizer.js';
import type { TrainingData } from '../train/batch.js';

/** The pieces of an experiment the doctor checks. */
export interface DoctorInput {
  /** A fresh model with the experiment's initial weights, with parameters of `dtype`. */
  readonly model: (dtype: DType) => Module;
  /** The (preprocessed) training data. */
  readonly train: TrainingData;
  readonly validation?: TrainingData;
  readonly loss: NamedLoss;
  /** Number of classes for a multi-class loss (softmax, svm). */
  readonly classes?: number;
  /** The configured penalties; undefined when none. */
  readonly regularization?: RegularizationOptions;
  /** Builds the configured optimizer (at the configured learning rate) over a model's parameters. */
  readonly optimizer: (model: Module) => ParameterOptimizer;
  readonly batchSize: number;
  /** The preprocessing step types the config asks for, in order (e.g. ['standardize'], or
   *  'standardize per channel' for image statistics). */
  readonly preprocess?: readonly string[];
  /** Seed for the doctor's own sampling (subsets, coordinates). Default 0. */
  readonly seed?: number;
}

/**
 * Turns every Dropout of `model` on or off (after `model.train()`, which turns them all on), so a
 * check can run in training mode (batch statistics) without random masks.
 * @example setDropout(model.train(), false);
 */
export function setDropout(model: Module, on: boolean): Module {
  for (const [, m] of model.namedModules()) if (m instanceof Dropout) m.training = on;
  return model;
}

/** The dtype of the training-like checks: float32, the fast path, as training itself runs. */
export const DOCTOR_DTYPE: DType = 'float32';

/** The dtype of the gradient check: float64, so rounding never masquerades as a wrong gradient. */
export const GRADCHECK_DTYPE: DType = 'float64';
