// The JSON training config (issue 5), as a zod schema. Sections owned by other modules (the layer
// list, optimizer, schedules, preprocessing steps) are checked here only for their outer shape and
// validated in depth by those modules' own builders, so each config form has one owner.
import * as z from 'zod';
import { LOSS_NAMES } from '../losses/loss-by-name.js';
import { blobsSource, circlesSource, featuresField, moonsSource, pointsSource, regressionSource, xorSource } from './synthetic-sources.js';

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

const spiralSource = z.strictObject({
  type: z.literal('spiral'),
  classes: z.number().int().min(2).optional(),
  pointsPerClass: z.number().int().min(1).optional(),
  noise: nonNegative.optional(),
  features: featuresField,
});
const digitsSource = z.strictObject({ type: z.literal('digits') });
const fashionSource = z.strictObject({
  type: z.literal('fashion-mnist'),
  split: z.enum(['train', 'test']).optional(),
  dir: z.string().min(1).optional(),
  scale: z.boolean().optional(),
});
const idxSource = z.strictObject({ type: z.literal('idx'), images: z.string().min(1), labels: z.string().min(1) });
const csvSource = z.strictObject({
  type: z.literal('csv'),
  path: z.string().min(1),
  label: z.string().min(1),
  /** Field delimiter, one character; default ','. */
  delimiter: z.string().length(1).optional(),
  /** The class names of a label column of names, in class order (default: sorted). */
  classes: z.array(z.string().min(1)).min(1).optional(),
  /** The shape of one row's features, e.g. [1, 8, 8] for 8x8 grey images; its product must be the feature column count. */
  shape: z.array(z.number().int().min(1)).min(1).optional(),
});

/** Shorthand strings ("relu", "spiral") stand for `{"type": ...}` with defaults. */
const expandShorthand = (v: unknown): unknown => (typeof v === 'string' ? { type: v } : v);

/** A data source: an object with a `type`, or a shorthand name for one with defaults. */
export const dataSourceSchema = z.preprocess(
  expandShorthand,
  z.discriminatedUnion('type', [
    spiralSource, digitsSource, fashionSource, idxSource, csvSource,
    circlesSource, xorSource, blobsSource, moonsSource, regressionSource, pointsSource,
  ]),
);


const lossSchema = z.preprocess(
  expandShorthand,
  z.strictObject({ type: z.enum(LOSS_NAMES), delta: positive.optional() }),
);

const regularizationSchema = z.strictObject({
  l2: nonNegative.optional(),
  l1: nonNegative.optional(),
  elasticNet: z.strictObject({ lambda: nonNegative, alpha: z.number().min(0).max(1) }).optional(),
  maxNorm: positive.optional(),
  /** Regularize biases and batch-norm parameters too (off by default, as the notes advise). */
  includeBiases: z.boolean().optional(),
});

export const METRIC_NAMES = ['valAccuracy', 'valLoss', 'trainAccuracy', 'trainLoss'] as const;

const earlyStoppingSchema = z.strictObject({
  metric: z.enum(METRIC_NAMES),
  patience: z.number().int().min(1),
  minDelta: nonNegative.optional(),
});

/** The most epochs a config may ask for. */
export const MAX_EPOCHS = 10_000_000;

export const trainConfigSchema = z.strictObject({
  name: z.string().min(1).optional(),
  seed: z.number().int().optional(),
  data: z.strictObject({
    source: dataSourceSchema,
    // A fraction holds out that share of data.source (stratified for classes, seeded), like validation.
    test: z.union([z.number().gt(0).lt(1), dataSourceSchema]).optional(),
    validation: z.number().gt(0).lt(1).optional(),
    preprocess: z.array(z.unknown()).optional(),
  }),
  model: z.array(z.unknown()).min(1),
  loss: lossSchema,
  regularization: regularizationSchema.optional(),
  optimizer: z.union([z.string(), z.record(z.string(), z.unknown())]),
  schedule: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  momentumSchedule: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  // Past ten million epochs a run is a typo (1e12) that would train until killed, not a plan.
  epochs: z.number().int().min(1).max(MAX_EPOCHS, `at most ${MAX_EPOCHS} epochs (10 million); a larger count is a typo that would train until killed`),
  batchSize: z.number().int().min(1).optional(),
  earlyStopping: earlyStoppingSchema.optional(),
  clipGradNorm: positive.optional(),
  dtype: z.enum(['float32', 'float64']).optional(),
});

/** A validated training config, as written in the JSON file. */
export type TrainConfig = z.infer<typeof trainConfigSchema>;
export type DataSourceConfig = z.infer<typeof dataSourceSchema>;
export type MetricName = (typeof METRIC_NAMES)[number];
