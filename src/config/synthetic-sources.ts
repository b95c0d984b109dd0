// The generated 2-D sets other than spiral (circles, xor, blobs, moons, regression) and inline
// points, as config sources: their schemas and how each becomes a Dataset. The playground's datasets
// are these, so `descent train` runs any config the page exports.
import * as z from 'zod';
import type { Dataset } from '../data/dataset.js';
import { expandFeatures, FEATURE_NAMES } from '../data/feature-expansion.js';
import { pointsDataset } from '../data/points.js';
import { blobs } from '../data/synthetic/blobs.js';
import { circles } from '../data/synthetic/circles.js';
import { moons } from '../data/synthetic/moons.js';
import type { SyntheticOptions } from '../data/synthetic/options.js';
import { regressionSurface } from '../data/synthetic/regression.js';
import { xor } from '../data/synthetic/xor.js';
import type { Rng } from '../tensor/rng.js';

const points = z.number().int().min(1).optional();
const noise = z.number().finite().nonnegative().optional();
/** Columns appended to the two coordinates: x², y² ('x2'), x·y ('xy'), sin x, sin y ('sin'). */
export const featuresField = z.array(z.enum(FEATURE_NAMES)).optional();

export const circlesSource = z.strictObject({ type: z.literal('circles'), points, noise, features: featuresField });
export const xorSource = z.strictObject({ type: z.literal('xor'), points, noise, features: featuresField });
export const moonsSource = z.strictObject({ type: z.literal('moons'), points, noise, features: featuresField });
export const regressionSource = z.strictObject({ type: z.literal('regression'), points, noise, features: featuresField });
export const blobsSource = z.strictObject({ type: z.literal('blobs'), classes: z.number().int().min(2).optional(), points, noise, features: featuresField });
/** Rows of [x1, ..., xd, target], written in the config itself. */
export const pointsSource = z.strictObject({
  type: z.literal('points'),
  points: z.array(z.array(z.number().finite()).min(2)).min(1),
  features: featuresField,
});

export type GeneratedSourceConfig =
  | z.infer<typeof circlesSource> | z.infer<typeof xorSource> | z.infer<typeof moonsSource>
  | z.infer<typeof regressionSource> | z.infer<typeof blobsSource> | z.infer<typeof pointsSource>;

const GENERATORS = { circles, xor, moons, regression: regressionSurface, blobs } as const;

/** The source types this module loads. */
export const GENERATED_TYPES: readonly string[] = [...Object.keys(GENERATORS), 'points'];

/**
 * A generated or inline source as a Dataset; `rng` seeds the generated ones.
 * @example loadGenerated({ type: 'circles', points: 100 }, new Rng(1)).n; //=> 100
 */
export function loadGenerated(source: GeneratedSourceConfig, rng: Rng): Dataset {
  const features = source.features ?? [];
  if (source.type === 'points') return expandFeatures(pointsDataset(source.points, 'data.source.points'), features);
  const { type, features: _, ...rest } = source;
  const options: SyntheticOptions = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return expandFeatures(GENERATORS[type](options, rng), features);
}
