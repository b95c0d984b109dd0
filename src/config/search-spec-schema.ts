// The JSON search spec of `descent search` (issue 7), as a zod schema. The space, method and pruner
// are checked here only for their outer shape: the search engine's own parsers validate them in
// depth (one owner per form), with the same field paths.
import * as z from 'zod';
import { METRIC_NAMES } from './schema.js';

const objectiveSchema = z.strictObject({
  metric: z.enum(METRIC_NAMES),
  mode: z.enum(['max', 'min']).optional(),
});

/** A named thing or an options object with a `type` (methods, pruners). */
const namedOrObject = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);

/**
 * The zod schema of a search spec file (shape only; see search-spec.ts for the deep checks).
 * @example validate(searchSpecSchema, JSON.parse(text), 'spec.json').base; //=> 'digits.json'
 */
export const searchSpecSchema = z.strictObject({
  /** The study's name in its storage (default: the spec file's name). */
  name: z.string().min(1).optional(),
  /** The training config to start from, relative to the spec's folder. */
  base: z.string().min(1),
  space: z.record(z.string(), z.unknown()),
  method: namedOrObject.optional(),
  /** A metric name (its mode follows from it) or `{metric, mode}`. */
  objective: z.union([z.enum(METRIC_NAMES), objectiveSchema]),
  trials: z.number().int().min(1).optional(),
  pruner: namedOrObject.optional(),
  seed: z.number().int().optional(),
});

/** A search spec as written in its JSON file (validated for shape only). */
export type SearchSpecJson = z.infer<typeof searchSpecSchema>;
